import type { Request } from 'express';
import { bytesEqual, hmacSha256, sha256HexOf } from '../../crypto/http-signatures';
import { checkDigest } from '../signatures/digest';
import { assertCovers, assertFreshDate, cavageSigningString, readCavageSignature } from '../signatures/draft-cavage';
import { SignatureRejected, headerOf, rawBodyOf } from '../signatures/signature-rejected';

/** ±5 minutes of clock skew; a signature stays in the replay cache for the whole window. */
export const DRONE_SKEW_SECONDS = 300;
export const DRONE_REPLAY_TTL_SECONDS = 2 * DRONE_SKEW_SECONDS;

/** What Drone's client (drone-go plugin/secret, 99designs/httpsignatures-go) always signs; we require all of it. */
const REQUIRED_HEADERS = ['date', 'digest', 'content-type', 'accept'];

/**
 * Verifies a Drone 1.x extension request (ci-adapters.md A2) and closes the reference verifier's
 * gaps: hmac-sha1 refused, required headers covered, Date fresh, Digest recomputed from the body.
 * Returns the replay-cache key of the signature.
 */
export function verifyDroneSignature(req: Request, integrationId: string, token: Buffer): string {
  const sig = readCavageSignature(req);
  if (sig.algorithm === 'hmac-sha1')
    throw new SignatureRejected('hmac-sha1 signatures are refused: sign with hmac-sha256');
  if (sig.algorithm !== 'hmac-sha256') {
    throw new SignatureRejected(`Unsupported signature algorithm: ${sig.algorithm ?? '(none)'} (expected hmac-sha256)`);
  }
  assertCovers(sig, REQUIRED_HEADERS);
  assertFreshDate(req, DRONE_SKEW_SECONDS);
  const expected = hmacSha256(token, cavageSigningString(req, sig));
  if (!bytesEqual(expected, sig.signature)) throw new SignatureRejected('The request signature does not match');
  checkDigest(headerOf(req, 'digest'), rawBodyOf(req));
  return sha256HexOf(Buffer.concat([Buffer.from(`drone:${integrationId}:`), sig.signature]));
}
