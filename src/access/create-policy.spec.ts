import { CREATABLE_KINDS, CreatableKind, mayCreateKind } from './create-policy';

function creatable(facts: { actsAsMember: boolean; mayCreateTeam: boolean }): CreatableKind[] {
  return CREATABLE_KINDS.filter((kind) => mayCreateKind(kind, facts));
}

describe('mayCreateKind', () => {
  it('lets those who act as members create secrets and projects, not teams', () => {
    expect(creatable({ actsAsMember: true, mayCreateTeam: false })).toEqual(['SECRET', 'PROJECT']);
  });

  it('lets those who may create teams create teams', () => {
    expect(creatable({ actsAsMember: true, mayCreateTeam: true })).toEqual(['SECRET', 'PROJECT', 'TEAM']);
  });

  it('gives a stranger nothing, and nobody a JSON store', () => {
    expect(creatable({ actsAsMember: false, mayCreateTeam: false })).toEqual([]);
  });
});
