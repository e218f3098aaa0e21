import type { Command } from 'commander';
import { apiFor, emit, emitJson, note, withProfile } from '../context';
import { parseField, parseSecretRef, refText } from '../refs';
import { asText, fieldsOf, listSecrets, pickField, readPublicKey, readSecret } from '../secret-values';
import { StdinSource } from '../stdin';

interface GetOptions {
  field?: string;
  storePasswordStdin?: boolean;
  output?: string;
  json?: boolean;
}

/** `secret list` and `secret get`. */
export function registerSecretReadCommands(secret: Command): void {
  withProfile(
    secret
      .command('list')
      .description("the org's secrets you may see (metadata, never values)")
      .argument('<org>', 'organization')
      .option('--filter <text>', 'only names containing this text (case-insensitive)')
      .option('--json', 'print the server entries as JSON'),
  ).action(async (org: string, opts: { filter?: string; json?: boolean }, command: Command) => {
    const entries = await listSecrets(apiFor(command), org, opts.filter);
    if (opts.json) return emitJson(entries);
    const rows = entries.map((e) => [
      e.name,
      e.type,
      e.visibility,
      e.encryptedBy === 'PASSWORD' ? 'store password' : 'server key',
      e.projects.map((p) => p.name).join(',') || '-',
    ]);
    emit(table(['NAME', 'TYPE', 'VISIBILITY', 'ENCRYPTED WITH', 'PROJECTS'], rows));
  });

  withProfile(
    secret
      .command('get')
      .description("a secret's value: a DATA secret's bytes, or one field of the other types")
      .argument('<org/name>', 'the secret')
      .option('--field <field>', 'value (DATA), username|password (USERNAME_PASSWORD), private|public (KEY_PAIR)')
      .option('--store-password-stdin', "read the secret's store password from the first line of stdin")
      .option('-o, --output <file>', 'write to this file (created with mode 0600) instead of stdout')
      .option('--json', 'print {org, name, type, <fields>} as JSON (non-UTF-8 fields as <field>Base64)'),
  ).action(async (target: string, opts: GetOptions, command: Command) => {
    const ref = parseSecretRef(target);
    const field = opts.field === undefined ? undefined : parseField(opts.field);
    const storePassword = opts.storePasswordStdin ? await new StdinSource().line('the store password') : undefined;
    const api = apiFor(command);
    // The public half comes from its own route, which needs neither the private key nor a project-bound key.
    const payload =
      field === 'public' && storePassword === undefined
        ? ({ type: 'KEY_PAIR', publicKey: await readPublicKey(api, ref), privateKey: Buffer.alloc(0) } as const)
        : await readSecret(api, ref, storePassword);
    if (opts.json) {
      const fields = field ? { [field]: pickField(ref, payload, field) } : fieldsOf(payload);
      const out: Record<string, string> = { org: ref.org, name: ref.name, type: payload.type };
      for (const [name, bytes] of Object.entries(fields)) {
        const text = asText(bytes);
        if (text !== undefined) out[name] = text;
        else out[`${name}Base64`] = bytes.toString('base64');
      }
      emitJson(out, opts.output);
    } else {
      emit(pickField(ref, payload, field), opts.output);
    }
    if (opts.output !== undefined) note(`Wrote ${refText(ref)} to ${opts.output} (mode 0600)`);
  });
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [header, ...rows].map((r) => `${line(r)}\n`).join('');
}
