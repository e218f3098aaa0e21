import { MembershipChange, roleNeededFor } from './team-policy';

const owners = new Set(['o1', 'o2']);
const need = (change: Partial<MembershipChange>) => roleNeededFor({ set: [], removes: [], ...change }, owners);

describe('roleNeededFor', () => {
  it('asks MAINTAINER for changes that leave OWNER alone', () => {
    expect(need({ set: [{ userId: 'm', role: 'MAINTAINER' }] })).toBe('MAINTAINER');
    expect(need({ removes: ['m'] })).toBe('MAINTAINER');
    expect(need({ set: [{ userId: 'o1', role: 'OWNER' }] })).toBe('MAINTAINER');
  });

  it('asks OWNER to grant it', () => {
    expect(need({ set: [{ userId: 'm', role: 'OWNER' }] })).toBe('OWNER');
  });

  it('asks OWNER to take it away, by role or by removal', () => {
    expect(need({ set: [{ userId: 'o2', role: 'MAINTAINER' }] })).toBe('OWNER');
    expect(need({ removes: ['o1'] })).toBe('OWNER');
  });

  it('judges a replace by who is OWNER afterwards', () => {
    const everyone = [
      { userId: 'o1', role: 'OWNER' as const },
      { userId: 'o2', role: 'OWNER' as const },
      { userId: 'm', role: 'MEMBER' as const },
    ];
    expect(need({ set: everyone, removes: 'all' })).toBe('MAINTAINER');
    expect(need({ set: everyone.slice(1), removes: 'all' })).toBe('OWNER');
  });

  it('lets the last entry for a user win, as the upserts do', () => {
    const set = [
      { userId: 'o1', role: 'MEMBER' as const },
      { userId: 'o1', role: 'OWNER' as const },
    ];
    expect(need({ set })).toBe('MAINTAINER');
  });
});
