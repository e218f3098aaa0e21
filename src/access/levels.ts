/**
 * The two orders the access rules compare, each declared once, lowest first: a check for a level
 * (or role) passes with it or anything above it.
 */

/** Team access levels on secrets and projects. */
export const ACCESS_LEVELS = ['READER', 'WRITER', 'OWNER'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** A user's role inside a team. */
export const TEAM_ROLES = ['MEMBER', 'MAINTAINER', 'OWNER'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export function levelAtLeast(held: AccessLevel | null, wanted: AccessLevel): boolean {
  return held !== null && ACCESS_LEVELS.indexOf(held) >= ACCESS_LEVELS.indexOf(wanted);
}

/** The best of the levels a user's teams hold (null when none). */
export function highestLevel(levels: readonly AccessLevel[]): AccessLevel | null {
  return levels.reduce<AccessLevel | null>((best, l) => (best === null || levelAtLeast(l, best) ? l : best), null);
}

export function roleAtLeast(held: TeamRole | null, wanted: TeamRole): boolean {
  return held !== null && TEAM_ROLES.indexOf(held) >= TEAM_ROLES.indexOf(wanted);
}
