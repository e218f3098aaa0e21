import { ValidationOptions, registerDecorator } from 'class-validator';
import { ValidationFailed } from './errors';

/**
 * The input rules for text (docs/limits.md): identifiers (names of orgs, teams, projects, secrets,
 * users and keys, roles, levels) and everything in a path, query string or header hold no C0 control
 * character at all; free text (descriptions, display names, any other JSON string) may hold tab, CR
 * and LF. Secret payloads (values, store passwords, passwords) are bytes and are never checked.
 */
// Finding control characters is the point of these patterns.
// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u001f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

export type TextKind = 'identifier' | 'free text';

/** The first forbidden character as `U+0000`, or undefined when the value is clean. */
export function controlCharacterIn(value: string, kind: TextKind = 'identifier'): string | undefined {
  const found = (kind === 'identifier' ? ANY_CONTROL : CONTROL_EXCEPT_LINE_BREAKS).exec(value);
  return found ? `U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}

/** 400 in Concord's validation shape, `id` naming the field, when `value` breaks the rule. */
export function assertNoControlCharacters(
  value: string,
  id: string,
  what: string,
  kind: TextKind = 'identifier',
): void {
  const found = controlCharacterIn(value, kind);
  if (found) throw controlCharacterError(id, what, found);
}

export function controlCharacterError(id: string, what: string, character: string): ValidationFailed {
  return new ValidationFailed(`${what} contains a control character (${character}), which is not allowed`, id);
}

/** DTO form of the identifier rule: strings (or arrays of strings) with no control character. */
export function IsIdentifierText(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isIdentifierText',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: (args) =>
          `${args.property} contains a control character (${firstControl(args.value)}), which is not allowed`,
        ...options,
      },
      validator: { validate: (value: unknown) => firstControl(value) === undefined },
    });
}

function firstControl(value: unknown): string | undefined {
  for (const v of Array.isArray(value) ? value : [value]) {
    const found = typeof v === 'string' ? controlCharacterIn(v) : undefined;
    if (found) return found;
  }
  return undefined;
}
