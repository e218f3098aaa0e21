import type { Principal } from '../identity/principal';
import { AccessDenied } from '../common/errors';
import { hasPermission, isAdmin, isGlobalReader } from './roles';

/** Users and API keys: who may manage whom. */

const ONLY_ADMINS = 'Only admins can do that';
const NOT_PERMITTED = 'Operation is not permitted';

/** Creating, finding, disabling, deleting users and setting their roles: admins only. */
export function assertManagesUsers(p: Principal): void {
  if (!isAdmin(p)) throw new AccessDenied(ONLY_ADMINS);
}

/** A user's own record, or anyone's for an admin or a global reader. */
export function assertReadsUser(p: Principal, userId: string): void {
  if (userId !== p.userId && !isAdmin(p) && !isGlobalReader(p)) {
    throw new AccessDenied(`Not allowed to read user: ${userId}`);
  }
}

/**
 * A user manages their own API keys; admins manage anyone's. `undefined` stands for a user that
 * could not be found: a non-admin gets the same 403 for it as for another user, so the key routes
 * cannot be used to probe which names exist.
 */
export function assertManagesKeysOf(p: Principal, ownerId: string | null | undefined): void {
  if (isAdmin(p)) return;
  if (ownerId === undefined || ownerId !== p.userId) throw new AccessDenied(NOT_PERMITTED);
}

/** Choosing an API key's value (instead of a generated one) needs `apiKeySpecifyValue`. */
export function assertMaySpecifyKeyValue(p: Principal): void {
  if (!hasPermission(p, 'apiKeySpecifyValue')) throw new AccessDenied('Not allowed to specify the API key value.');
}
