/**
 * The SQL the access rules are made of. `src/access/` owns these: its repository runs them, and the
 * feature repositories splice them into their own statements where one round trip must carry both
 * the rows and the caller's facts (the hot secret reads) or where a rule filters rows (listings).
 * Arguments are SQL expressions (a column such as `s.id`, or a parameter such as `$2` or `:uid`);
 * the subqueries use `acc_` aliases so they never clash with the caller's.
 */

/** Is the user in at least one team of the org (Concord's "org member")? */
export function orgMemberSql(orgId: string, userId: string): string {
  return `EXISTS (SELECT 1 FROM teams acc_t JOIN team_members acc_m ON acc_m.team_id = acc_t.id
                   WHERE acc_t.org_id = ${orgId} AND acc_m.user_id = ${userId})`;
}

/** The levels the user's teams hold on the secret, as an array (empty when none). */
export function callerTeamLevelsSql(secretId: string, userId: string): string {
  return `ARRAY(SELECT acc_a.level FROM secret_team_access acc_a
                  JOIN team_members acc_m ON acc_m.team_id = acc_a.team_id
                 WHERE acc_a.secret_id = ${secretId} AND acc_m.user_id = ${userId})`;
}

/** The levels the user's teams hold on the project, as an array (empty when none). */
export function callerProjectLevelsSql(projectId: string, userId: string): string {
  return `ARRAY(SELECT acc_pa.level FROM project_team_access acc_pa
                  JOIN team_members acc_m ON acc_m.team_id = acc_pa.team_id
                 WHERE acc_pa.project_id = ${projectId} AND acc_m.user_id = ${userId})`;
}

/** Listing rows of a secret for a caller who may not see all: PUBLIC, owned, or the caller is an org member. */
export function listedSecretSql(s: string, userId: string): string {
  return `(${s}.visibility = 'PUBLIC' OR ${s}.owner_id = ${userId} OR ${orgMemberSql(`${s}.org_id`, userId)})`;
}

/** Listing rows of an org: owned, the caller is a member, or (unless `onlyCurrent`) PUBLIC. */
export function listedOrgSql(o: string, userId: string, onlyCurrent: boolean): string {
  const seen = [`${o}.owner_id = ${userId}`, orgMemberSql(`${o}.id`, userId)];
  if (!onlyCurrent) seen.push(`${o}.visibility = 'PUBLIC'`);
  return `(${seen.join(' OR ')})`;
}

/** Listing rows of a project for a caller who is not a member: PUBLIC or owned. */
export function listedProjectSql(p: string, userId: string): string {
  return `(${p}.visibility = 'PUBLIC' OR ${p}.owner_id = ${userId})`;
}

/**
 * The secrets a CI integration may be sent, as an ordinary reader would see them: server-key
 * encrypted (store passwords never go to CI), and PUBLIC or granted (any level) to the integration's
 * team. `teamId` may be NULL (a team-less integration sees only PUBLIC secrets).
 */
export function ciReadableSecretSql(s: string, teamId: string): string {
  return `(${s}.encrypted_by = 'SERVER_KEY' AND (${s}.visibility = 'PUBLIC' OR (${teamId}::uuid IS NOT NULL AND EXISTS (
             SELECT 1 FROM secret_team_access acc_a WHERE acc_a.secret_id = ${s}.id AND acc_a.team_id = ${teamId}::uuid))))`;
}
