import * as fs from 'node:fs';
import * as tls from 'node:tls';
import { describeError } from '../common/startup-error';
import { AppConfig, ConfigError } from './config';

function read(variable: string, file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(`${variable}: cannot read ${file} (${code})`);
  }
}

/**
 * The certificate chain and private key for HTTPS, read and checked at start: a missing file, bad PEM
 * or a key that does not match the certificate stops the server with a message naming the variable.
 */
export function readTlsFiles(files: NonNullable<AppConfig['tls']>): { cert: Buffer; key: Buffer } {
  const cert = read('STRONGROOM_TLS_CERT', files.certFile);
  const key = read('STRONGROOM_TLS_KEY', files.keyFile);
  try {
    tls.createSecureContext({ cert, key });
  } catch (error) {
    // OpenSSL's reason ("key values mismatch", "no start line"); never the key itself.
    const reason = describeError(error);
    throw new ConfigError(
      `STRONGROOM_TLS_CERT / STRONGROOM_TLS_KEY (${files.certFile}, ${files.keyFile}) cannot be used: ${reason}`,
    );
  }
  return { cert, key };
}
