/** Concord's seeded `Default` org and its `default` team: every new user joins it as MEMBER. */
export const DEFAULT_ORG_ID = '0fac1b18-d179-11e7-b3e7-d7df4543ed4f';
export const DEFAULT_TEAM_ID = '00000000-0000-0000-0000-000000000000';
