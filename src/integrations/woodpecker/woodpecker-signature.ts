import type { Request } from 'express';
import { ed25519Verify, sha256HexOf } from '../../crypto/http-signatures';
import { checkContentDigest, checkDigest } from '../signatures/digest';
import { assertCovers, assertFreshDate, cavageSigningString, readCavageSignature } from '../signatures/draft-cavage';
import { assertCoversComponents, assertFreshCreated, readRfc9421Signature, rfc9421Base } from '../signatures/rfc9421';
import { SignatureRejected, headerOf, rawBodyOf } from '../signatures/signature-rejected';

/** Woodpecker 3 (yaronf/httpsign): label, covered components and the library's default window. */
export const WOODPECKER_LABEL = 'woodpecker-ci-extensions';
const RFC9421_MAX_AGE_SECONDS = 10;
const RFC9421_FUTURE_SECONDS = 2;
const CAVAGE_SKEW_SECONDS = 300;

export interface VerifiedSignature {
  replayKey: string;
  ttlSeconds: number;
}

/**
 * Verifies a request signed by a Woodpecker server with its Ed25519 key: RFC 9421 as Woodpecker 3
 * signs, or (when `allowCavage`, for the alpha CRUD routes) the older draft-cavage form.
 */
export function verifyWoodpeckerSignature(
  req: Request,
  integrationId: string,
  publicKeyPem: string,
  allowCavage: boolean,
): VerifiedSignature {
  if (headerOf(req, 'signature-input') !== undefined) return verifyRfc9421(req, integrationId, publicKeyPem);
  if (!allowCavage) {
    throw new SignatureRejected(
      `The request is not signed: expected an RFC 9421 signature labelled ${WOODPECKER_LABEL}`,
    );
  }
  return verifyCavage(req, integrationId, publicKeyPem);
}

function verifyRfc9421(req: Request, integrationId: string, publicKeyPem: string): VerifiedSignature {
  const sig = readRfc9421Signature(req, WOODPECKER_LABEL);
  const alg = sig.params.get('alg');
  if (alg !== undefined && alg !== 'ed25519') throw new SignatureRejected(`Unsupported signature algorithm: ${alg}`);
  assertCoversComponents(sig, ['@request-target', 'content-digest']);
  assertFreshCreated(sig, RFC9421_MAX_AGE_SECONDS, RFC9421_FUTURE_SECONDS);
  if (!ed25519Verify(publicKeyPem, rfc9421Base(req, sig), sig.signature)) {
    throw new SignatureRejected('The request signature does not match');
  }
  checkContentDigest(headerOf(req, 'content-digest'), rawBodyOf(req));
  return {
    replayKey: sha256HexOf(Buffer.concat([Buffer.from(`woodpecker:${integrationId}:`), sig.signature])),
    ttlSeconds: RFC9421_MAX_AGE_SECONDS + RFC9421_FUTURE_SECONDS + 1,
  };
}

/**
 * go-ap/httpsig form (`keyId="woodpecker-ci-plugins",algorithm="ed25519",...`): `(request-target)`
 * and `date` must be covered, and `digest` too whenever the request has a body, which the old
 * form would otherwise leave unauthenticated.
 */
function verifyCavage(req: Request, integrationId: string, publicKeyPem: string): VerifiedSignature {
  const sig = readCavageSignature(req);
  if (sig.algorithm !== 'ed25519' && sig.algorithm !== 'hs2019') {
    throw new SignatureRejected(`Unsupported signature algorithm: ${sig.algorithm ?? '(none)'} (expected ed25519)`);
  }
  const body = rawBodyOf(req);
  const hasBody = body.length > 0 || req.method === 'POST' || req.method === 'PUT';
  assertCovers(sig, hasBody ? ['(request-target)', 'date', 'digest'] : ['(request-target)', 'date']);
  assertFreshDate(req, CAVAGE_SKEW_SECONDS);
  if (sig.expires !== undefined && sig.expires * 1000 < Date.now())
    throw new SignatureRejected('The signature has expired');
  if (!ed25519Verify(publicKeyPem, cavageSigningString(req, sig), sig.signature)) {
    throw new SignatureRejected('The request signature does not match');
  }
  if (sig.headers.includes('digest')) checkDigest(headerOf(req, 'digest'), body);
  return {
    replayKey: sha256HexOf(Buffer.concat([Buffer.from(`woodpecker:${integrationId}:`), sig.signature])),
    ttlSeconds: 2 * CAVAGE_SKEW_SECONDS,
  };
}
