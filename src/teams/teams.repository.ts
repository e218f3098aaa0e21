import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { TeamRole } from '../access/levels';
import { TeamEntity, TeamMemberEntity } from './team.entity';

export interface TeamMemberRow {
  userId: string;
  role: TeamRole;
}

/** Teams are scoped by org id on every method. */
@Injectable()
export class TeamsRepository {
  constructor(
    @InjectRepository(TeamEntity) private readonly teams: Repository<TeamEntity>,
    @InjectRepository(TeamMemberEntity) private readonly members: Repository<TeamMemberEntity>,
  ) {}

  private teamsIn(em?: EntityManager): Repository<TeamEntity> {
    return em ? em.getRepository(TeamEntity) : this.teams;
  }

  private membersIn(em?: EntityManager): Repository<TeamMemberEntity> {
    return em ? em.getRepository(TeamMemberEntity) : this.members;
  }

  findByName(orgId: string, name: string, em?: EntityManager): Promise<TeamEntity | null> {
    return this.teamsIn(em).findOneBy({ orgId, name });
  }

  findById(orgId: string, id: string, em?: EntityManager): Promise<TeamEntity | null> {
    return this.teamsIn(em).findOneBy({ orgId, id });
  }

  list(orgId: string): Promise<TeamEntity[]> {
    return this.teams.find({ where: { orgId }, order: { name: 'ASC' } });
  }

  async insert(team: Omit<TeamEntity, 'createdAt' | 'org'>, em?: EntityManager): Promise<void> {
    await this.teamsIn(em).insert(team);
  }

  async update(
    orgId: string,
    id: string,
    patch: Partial<Pick<TeamEntity, 'name' | 'description'>>,
    em?: EntityManager,
  ) {
    await this.teamsIn(em).update({ orgId, id }, patch);
  }

  async delete(orgId: string, id: string, em?: EntityManager): Promise<void> {
    await this.teamsIn(em).delete({ orgId, id });
  }

  /** Locks the team row until the transaction ends: membership changes of one team run one at a time. */
  async lockForMemberChange(orgId: string, teamId: string, em: EntityManager): Promise<void> {
    await em.query('SELECT 1 FROM teams WHERE org_id = $1 AND id = $2 FOR UPDATE', [orgId, teamId]);
  }

  listMembers(orgId: string, teamId: string): Promise<TeamMemberEntity[]> {
    return this.members
      .createQueryBuilder('m')
      .innerJoin(TeamEntity, 't', 't.id = m.team_id')
      .where('t.org_id = :orgId AND m.team_id = :teamId', { orgId, teamId })
      .getMany();
  }

  async upsertMember(orgId: string, teamId: string, userId: string, role: TeamRole, em?: EntityManager) {
    await this.assertTeamInOrg(orgId, teamId, em);
    await this.membersIn(em).upsert({ teamId, userId, role }, ['teamId', 'userId']);
  }

  async removeMembers(orgId: string, teamId: string, userIds: string[] | 'all', em?: EntityManager) {
    await this.assertTeamInOrg(orgId, teamId, em);
    const qb = this.membersIn(em).createQueryBuilder().delete().where('team_id = :teamId', { teamId });
    if (userIds !== 'all') {
      if (userIds.length === 0) return;
      qb.andWhere('user_id IN (:...userIds)', { userIds });
    }
    await qb.execute();
  }

  private async assertTeamInOrg(orgId: string, teamId: string, em?: EntityManager): Promise<void> {
    const team = await this.teamsIn(em).findOneBy({ orgId, id: teamId });
    if (!team) throw new Error(`team ${teamId} is not in org ${orgId}`);
  }
}
