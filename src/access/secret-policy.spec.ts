import {
  OWN,
  READ,
  SecretCallerFacts,
  WRITE,
  decideSecretAccess,
  hidesMissingSecret,
  updateRequirements,
} from './secret-policy';

const nobody: SecretCallerFacts = {
  admin: false,
  globalReader: false,
  globalWriter: false,
  secretOwner: false,
  orgOwner: false,
};

describe('decideSecretAccess', () => {
  it('decides without memberships when a role or ownership settles it', () => {
    expect(decideSecretAccess(OWN, 'PRIVATE', { ...nobody, admin: true })).toBe(true);
    expect(decideSecretAccess(READ, 'PRIVATE', { ...nobody, globalReader: true })).toBe(true);
    expect(decideSecretAccess(OWN, 'PRIVATE', { ...nobody, secretOwner: true })).toBe(true);
    expect(decideSecretAccess(WRITE, 'PUBLIC', nobody)).toBe(true);
  });

  it('asks for the memberships only when a rule needs them', () => {
    expect(decideSecretAccess(READ, 'PRIVATE', nobody)).toBeUndefined();
    expect(decideSecretAccess({ level: 'READER', membersOnly: true }, 'PUBLIC', nobody)).toBeUndefined();
    expect(decideSecretAccess(READ, 'PRIVATE', { ...nobody, teamLevel: 'READER' })).toBe(true);
    expect(decideSecretAccess(WRITE, 'PRIVATE', { ...nobody, teamLevel: 'READER' })).toBe(false);
    expect(decideSecretAccess(OWN, 'PUBLIC', { ...nobody, orgMember: true, teamLevel: null })).toBe(false);
  });

  it('never lets a global writer own', () => {
    expect(
      decideSecretAccess(OWN, 'PUBLIC', { ...nobody, globalWriter: true, globalReader: true, teamLevel: null }),
    ).toBe(false);
  });
});

describe('updateRequirements', () => {
  it('adds OWNER for publishing, moving and changing the owner', () => {
    const plain = { publishes: false, moves: false, changesOwner: false };
    expect(updateRequirements(plain)).toEqual([WRITE]);
    for (const key of ['publishes', 'moves', 'changesOwner'] as const) {
      expect(updateRequirements({ ...plain, [key]: true })).toEqual([WRITE, OWN]);
    }
  });
});

describe('hidesMissingSecret', () => {
  it('hides a missing secret from strangers only', () => {
    expect(hidesMissingSecret({ ...nobody, orgMember: false })).toBe(true);
    expect(hidesMissingSecret({ ...nobody, orgMember: true })).toBe(false);
    expect(hidesMissingSecret({ ...nobody, orgOwner: true })).toBe(false);
    expect(hidesMissingSecret({ ...nobody, globalReader: true })).toBe(false);
    expect(hidesMissingSecret(nobody)).toBeUndefined();
  });
});
