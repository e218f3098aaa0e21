import type { AccessLevel } from './levels';
import { ProjectAccessFacts, allowsProjectAccess } from './project-policy';

const nobody: ProjectAccessFacts = {
  admin: false,
  globalReader: false,
  globalWriter: false,
  projectOwner: false,
  orgOwner: false,
  orgMember: false,
  teamLevel: null,
  visibility: 'PRIVATE',
};
const LEVELS: AccessLevel[] = ['READER', 'WRITER', 'OWNER'];

function allowed(facts: Partial<ProjectAccessFacts>): AccessLevel[] {
  return LEVELS.filter((level) => allowsProjectAccess(level, { ...nobody, ...facts }));
}

describe('allowsProjectAccess', () => {
  it('denies a stranger everything on a PRIVATE project', () => {
    expect(allowed({})).toEqual([]);
  });

  it('lets anyone read a PUBLIC project, but not write it', () => {
    expect(allowed({ visibility: 'PUBLIC' })).toEqual(['READER']);
  });

  it('gives admin, project owner and org owner every level', () => {
    for (const facts of [{ admin: true }, { projectOwner: true }, { orgOwner: true }]) {
      expect(allowed(facts)).toEqual(LEVELS);
    }
  });

  it('lets org members read PRIVATE projects and write PUBLIC ones', () => {
    expect(allowed({ orgMember: true })).toEqual(['READER']);
    expect(allowed({ orgMember: true, visibility: 'PUBLIC' })).toEqual(['READER', 'WRITER']);
  });

  it('keeps global readers read-only and never lets global writers own', () => {
    expect(allowed({ globalReader: true })).toEqual(['READER']);
    expect(allowed({ globalReader: true, globalWriter: true })).toEqual(['READER', 'WRITER']);
  });

  it('gives a team granted a level that level and the ones below, on a PRIVATE project too', () => {
    expect(allowed({ orgMember: true, teamLevel: 'READER' })).toEqual(['READER']);
    expect(allowed({ orgMember: true, teamLevel: 'WRITER' })).toEqual(['READER', 'WRITER']);
    expect(allowed({ orgMember: true, teamLevel: 'OWNER' })).toEqual(LEVELS);
  });
});
