import { CliError, EXIT, usageError } from './exit-codes';

const MAX_STDIN = 64 * 1024 * 1024;

/**
 * Standard input, read once and shared by the flags that take it: a store password takes the first
 * line, whatever else reads stdin takes the rest (README "CLI": reading from stdin).
 */
export class StdinSource {
  private data?: Buffer;
  private offset = 0;

  constructor(private readonly stream: NodeJS.ReadStream = process.stdin) {}

  /** One line without its line ending (a password, a key); asked for without echo on a terminal. */
  async line(what: string): Promise<string> {
    if (this.stream.isTTY) return promptHidden(`${what[0].toUpperCase()}${what.slice(1)}: `, this.stream);
    const all = await this.read(what);
    const rest = all.subarray(this.offset);
    const end = rest.indexOf(0x0a);
    const raw = end < 0 ? rest : rest.subarray(0, end);
    this.offset += end < 0 ? rest.length : end + 1;
    const line = raw.toString('utf8').replace(/\r$/, '');
    if (line.length === 0) throw usageError(`${what}: stdin gave an empty line`);
    return line;
  }

  /** Everything not yet taken, byte for byte. */
  async rest(what: string): Promise<Buffer> {
    const all = await this.read(what);
    const rest = all.subarray(this.offset);
    this.offset = all.length;
    return rest;
  }

  private async read(what: string): Promise<Buffer> {
    if (this.data) return this.data;
    if (this.stream.isTTY) {
      process.stderr.write(`(reading ${what} from the terminal; end with Ctrl-D)\n`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.stream) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      size += buffer.length;
      if (size > MAX_STDIN) throw new CliError(EXIT.failure, `stdin is larger than ${MAX_STDIN} bytes`);
      chunks.push(buffer);
    }
    this.data = Buffer.concat(chunks);
    return this.data;
  }
}

/** Asks on the terminal without echoing (for the API key at `login`). */
export function promptHidden(question: string, input: NodeJS.ReadStream = process.stdin): Promise<string> {
  if (!input.isTTY) {
    return Promise.reject(usageError('no terminal to ask on: pipe the API key with --api-key-stdin'));
  }
  return new Promise((resolve, reject) => {
    process.stderr.write(question);
    let answer = '';
    input.setRawMode(true);
    input.resume();
    const done = (error?: CliError) => {
      input.setRawMode(false);
      input.pause();
      input.removeListener('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(answer);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003') return done(new CliError(EXIT.failure, 'cancelled'));
        if (char === '\u007f' || char === '\b') answer = answer.slice(0, -1);
        else answer += char;
      }
    };
    input.on('data', onData);
  });
}
