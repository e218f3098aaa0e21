/**
 * The kinds of thing the Concord console asks "may I create one in this org?" about, before it
 * enables its "New ..." buttons.
 */
export const CREATABLE_KINDS = ['SECRET', 'PROJECT', 'TEAM', 'JSON_STORE'] as const;
export type CreatableKind = (typeof CREATABLE_KINDS)[number];

/** What a create decision in one org depends on. */
export interface CreateFacts {
  /** Passes the org's members-only gate (admin, global reader or writer, org owner, team member). */
  actsAsMember: boolean;
  /** May create teams: admin, org owner or OWNER of a team of the org. */
  mayCreateTeam: boolean;
}

/**
 * The same rules the create routes apply: a secret or a project may be created by anyone who acts
 * as a member of the org, a team by those who may create teams. JSON stores do not exist here, so
 * nobody may create one.
 */
export function mayCreateKind(kind: CreatableKind, f: CreateFacts): boolean {
  switch (kind) {
    case 'SECRET':
    case 'PROJECT':
      return f.actsAsMember;
    case 'TEAM':
      return f.mayCreateTeam;
    case 'JSON_STORE':
      return false;
  }
}
