// Read once at load; package.json sits two levels above both src/ and dist/src/.
import * as fs from 'node:fs';
import * as path from 'node:path';

function readVersion(): string {
  for (const candidate of ['../../package.json', '../../../package.json']) {
    const file = path.join(__dirname, candidate);
    if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return '0.0.0';
}

export const SERVER_VERSION = readVersion();
