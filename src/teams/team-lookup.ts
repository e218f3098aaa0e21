import { ValidationFailed } from '../common/errors';
import type { OrgEntity } from '../orgs/org.entity';
import type { TeamEntity } from './team.entity';
import type { TeamsRepository } from './teams.repository';

/** The team named in the path; a miss is Concord's 400 validation error, not a 404. */
export async function requireTeam(teams: TeamsRepository, org: OrgEntity, teamName: string): Promise<TeamEntity> {
  const team = await teams.findByName(org.id, teamName);
  if (!team) throw new ValidationFailed(`Team not found: ${teamName}`);
  return team;
}
