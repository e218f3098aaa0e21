import type { OrgEntity } from '../orgs/org.entity';
import type { UserEntity } from '../users/user.entity';
import type { TeamEntry, TeamUserEntry } from './dto/team.dto';
import type { TeamRole } from '../access/levels';
import type { TeamEntity } from './team.entity';

export function toTeamEntry(team: TeamEntity, org: OrgEntity): TeamEntry {
  const entry: TeamEntry = { id: team.id, orgId: org.id, orgName: org.name, name: team.name };
  if (team.description) entry.description = team.description;
  return entry;
}

export function toTeamUserEntry(user: UserEntity, role: TeamRole): TeamUserEntry {
  const entry: TeamUserEntry = {
    userId: user.id,
    username: user.username,
    userType: user.type,
    role,
    memberType: 'SINGLE',
  };
  if (user.domain) entry.userDomain = user.domain;
  if (user.displayName) entry.displayName = user.displayName;
  return entry;
}
