import { Inject, Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { requestCookies } from '../http/cookies';
import { assertNotCrossSite, csrfFacts } from '../access/csrf';
import { ApiKeysRepository } from '../api-keys/api-keys.repository';
import { APP_CONFIG, AppConfig } from '../config/config';
import { decodeBasic } from '../common/basic-credentials';
import { AppError, Unauthenticated } from '../common/errors';
import { currentRequest } from '../common/request-context';
import { hashApiKey } from '../crypto/api-key-hash';
import { PasswordHasher } from '../crypto/password-hasher';
import { randomToken, sha256Hex } from '../crypto/random';
import { UserEntity } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { FailureLimiter } from './failure-limiter';
import { KeyOwnerCache } from './key-owner-cache';
import { Principal, toRoles } from '../identity/principal';
import { SessionsRepository } from './sessions.repository';

export const SESSION_COOKIE = 'JSESSIONID';

/** 401 with `{"message"}`: the credential itself could not be parsed (docs/compatibility.md#credentials). */
class MalformedCredential extends AppError {
  readonly status = 401;
  readonly body = 'json';
}

export function toPrincipal(
  user: Pick<UserEntity, 'id' | 'username' | 'domain' | 'displayName' | 'type' | 'roles'>,
  realm: Principal['realm'],
  apiKeyId?: string,
  projectId?: string | null,
): Principal {
  return {
    userId: user.id,
    username: user.username,
    userDomain: user.domain,
    userType: user.type,
    displayName: user.displayName,
    roles: toRoles(user.roles),
    realm,
    apiKeyId,
    ...(projectId ? { projectId } : {}),
  };
}

/**
 * Resolves the caller from, in order: the console session cookie, HTTP Basic (LOCAL users with a
 * password), then an API key in `Authorization: <key>` or `Bearer <key>` (docs/compatibility.md#credentials).
 */
@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly apiKeys: ApiKeysRepository,
    private readonly sessions: SessionsRepository,
    private readonly hasher: PasswordHasher,
    private readonly limiter: FailureLimiter,
    private readonly keyOwners: KeyOwnerCache,
  ) {}

  private dummy?: Promise<string>;

  /** A real argon2id hash of a random string, so failed logins cost what successful ones do. */
  private dummyHash(): Promise<string> {
    // Forget a failed attempt (e.g. a busy hasher pool), or every later failed login would fail with it.
    this.dummy ??= this.hasher.hash(randomToken(16)).catch((error: unknown) => {
      this.dummy = undefined;
      throw error;
    });
    return this.dummy;
  }

  /** The caller, or 401: what every non-public route demands (the global guard and the hot routes). */
  async require(req: IncomingMessage): Promise<Principal> {
    const principal = await this.authenticate(req);
    if (!principal) throw new Unauthenticated();
    const ctx = currentRequest();
    if (ctx) ctx.principal = principal;
    return principal;
  }

  /**
   * undefined when no credential was sent; throws 401 when one was sent and is wrong, and 403 when
   * a console session is used cross-site (src/access/csrf.ts).
   */
  async authenticate(req: IncomingMessage): Promise<Principal | undefined> {
    const cookie = readCookie(req, SESSION_COOKIE);
    if (cookie) {
      const fromSession = await this.fromSession(cookie);
      if (fromSession) {
        // The one place both the hot routes and Nest pass with a session: the cross-site check.
        assertNotCrossSite(csrfFacts(req, this.config.corsOrigin));
        return fromSession;
      }
    }
    const header = req.headers.authorization?.trim();
    if (!header) return undefined;
    if (/^basic\s/i.test(header)) return this.fromBasic(header.slice(6).trim());
    const key = /^bearer\s/i.test(header) ? header.slice(7).trim() : header;
    return this.fromApiKey(key);
  }

  private async fromSession(token: string): Promise<Principal | undefined> {
    const session = await this.sessions.touch(sha256Hex(token), this.config.sessionTimeoutSeconds);
    if (!session) return undefined;
    const user = await this.users.findById(session.userId);
    if (!user || user.disabled) return undefined;
    return toPrincipal(user, 'session');
  }

  private async fromBasic(encoded: string): Promise<Principal> {
    const credentials = decodeBasic(encoded);
    if (credentials === 'bad base64') throw new MalformedCredential('Invalid Basic credentials: bad base64');
    if (credentials === 'no colon') {
      throw new MalformedCredential('Invalid Basic credentials: expected username:password');
    }
    const { login, password } = credentials;
    if (!login || !password) throw new Unauthenticated();
    const at = login.indexOf('@');
    const username = at >= 0 ? login.slice(0, at) : login;
    const domain = at >= 0 ? login.slice(at + 1) : null;
    const user = await this.users.findByIdentity(username, domain, 'LOCAL');
    // Failed logins are counted per user, and per login name for unknown users so probing is limited too
    // (hashed: the name is unbounded and the counter's subject column is not). A locked login is refused
    // before the password is checked, so a right guess does not get through.
    const subject = user ? `user:${user.id}` : `name:${sha256Hex(login.toLowerCase())}`;
    const ok = await this.limiter.attempt('login', subject, async () => {
      // An unknown user costs the same time as a real check, so it is not told apart by timing.
      const hash = user ? await this.users.findPasswordHash(user.id) : null;
      const right = await this.hasher.verify(hash ?? (await this.dummyHash()), password);
      return right && hash !== null;
    });
    if (!ok || !user || user.disabled) throw new Unauthenticated();
    return toPrincipal(user, 'local');
  }

  private async fromApiKey(key: string): Promise<Principal> {
    const hash = hashApiKey(key);
    if (!hash) throw new Unauthenticated();
    // A user-less (agent) key carries no principal (Concord then answers 500 on most routes): no match.
    const owner = this.keyOwners.get(hash) ?? (await this.lookUpKeyOwner(hash));
    if (!owner || owner.user.disabled) throw new Unauthenticated();
    return toPrincipal(owner.user, 'apikey', owner.keyId, owner.projectId);
  }

  private async lookUpKeyOwner(hash: string) {
    const generation = this.keyOwners.currentGeneration();
    const owner = await this.apiKeys.findOwnerByHash(hash);
    if (owner && !owner.user.disabled) this.keyOwners.set(hash, owner, owner.expiredAt, generation);
    return owner;
  }

  /** Starts a console session for the principal; returns the cookie value (only its hash is stored). */
  async startSession(principal: Principal): Promise<string> {
    const token = randomToken(32);
    const expires = new Date(Date.now() + this.config.sessionTimeoutSeconds * 1000);
    await this.sessions.create(sha256Hex(token), principal.userId, principal.realm, expires);
    // Logins are rare next to requests: a good moment to drop sessions that ran out.
    await this.sessions.deleteExpired();
    return token;
  }

  async endSession(req: IncomingMessage): Promise<void> {
    const token = readCookie(req, SESSION_COOKIE);
    if (token) await this.sessions.delete(sha256Hex(token));
  }
}

/** One cookie of the request, when it is a plausible token (not empty, shorter than 256 characters). */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const value = requestCookies(req).get(name);
  return value !== undefined && value.length > 0 && value.length < 256 ? value : undefined;
}
