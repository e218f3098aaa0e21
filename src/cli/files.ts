import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError, EXIT } from './exit-codes';

/**
 * Writes `bytes` to `file` as a new file of mode 0600: written beside it under a temporary name,
 * then renamed over it, so an existing file's looser mode (or a symlink at that name) never
 * receives the bytes.
 */
export function writePrivateFile(file: string, bytes: Buffer | string): void {
  // 'wx' creates it or fails: a name taken by anything else is never written through.
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const fd = fs.openSync(temp, 'wx', 0o600);
    try {
      fs.writeFileSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw new CliError(EXIT.failure, `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/** A file the user named; the error gives the reason, never the content. */
export function readInputFile(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new CliError(EXIT.failure, `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/** JSON.parse whose error gives the position only (Node's own message quotes the text, which may hold values). */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new CliError(EXIT.failure, `${source} is not valid JSON${position ? ` (at position ${position})` : ''}`);
  }
}
