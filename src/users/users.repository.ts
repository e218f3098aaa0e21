import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { TeamRole } from '../access/levels';
import { likeContains } from '../common/paging';
import { UserEntity, UserType } from './user.entity';

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly repo: Repository<UserEntity>) {}

  private usersIn(em?: EntityManager): Repository<UserEntity> {
    return em ? em.getRepository(UserEntity) : this.repo;
  }

  findById(id: string, em?: EntityManager): Promise<UserEntity | null> {
    return this.usersIn(em).findOneBy({ id });
  }

  findByIds(ids: string[], em?: EntityManager): Promise<UserEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.usersIn(em).createQueryBuilder('u').where('u.id IN (:...ids)', { ids }).getMany();
  }

  /** Exact identity (username and domain are compared lower-cased, as Concord does). */
  findByIdentity(
    username: string,
    domain: string | null,
    type: UserType,
    em?: EntityManager,
  ): Promise<UserEntity | null> {
    return this.usersIn(em)
      .createQueryBuilder('u')
      .where('lower(u.username) = lower(:username)', { username })
      .andWhere("coalesce(lower(u.domain), '') = coalesce(lower(:domain), '')", { domain })
      .andWhere('u.type = :type', { type })
      .getOne();
  }

  /** All users with this name (any domain), optionally of one type. */
  findByUsername(username: string, type?: UserType, em?: EntityManager): Promise<UserEntity[]> {
    const qb = this.usersIn(em).createQueryBuilder('u').where('lower(u.username) = lower(:username)', { username });
    if (type) qb.andWhere('u.type = :type', { type });
    return qb.orderBy('u.domain', 'ASC', 'NULLS FIRST').getMany();
  }

  async findPasswordHash(id: string): Promise<string | null> {
    const row = await this.repo
      .createQueryBuilder('u')
      .select('u.id', 'id')
      .addSelect('u.password_hash', 'hash')
      .where('u.id = :id', { id })
      .getRawOne<{ id: string; hash: string | null }>();
    return row?.hash ?? null;
  }

  async insert(user: Partial<UserEntity> & { id: string }, em?: EntityManager): Promise<void> {
    await this.usersIn(em).insert(user);
  }

  async update(id: string, patch: Partial<UserEntity>, em?: EntityManager): Promise<void> {
    await this.usersIn(em).update({ id }, patch);
  }

  async delete(id: string, em?: EntityManager): Promise<void> {
    await this.usersIn(em).delete({ id });
  }

  search(filter: string, offset: number, limit: number): Promise<UserEntity[]> {
    return this.repo
      .createQueryBuilder('u')
      .where('u.disabled = false')
      .andWhere("(u.username ILIKE :f OR coalesce(u.display_name, '') ILIKE :f OR coalesce(u.email, '') ILIKE :f)", {
        f: likeContains(filter),
      })
      .orderBy('u.username', 'ASC')
      .offset(offset)
      .limit(limit)
      .getMany();
  }

  /** Orgs where the user is in a team, sorted by name. */
  orgsOf(userId: string): Promise<{ id: string; name: string }[]> {
    return this.repo.manager.query(
      `SELECT DISTINCT o.id, o.name FROM orgs o
         JOIN teams t ON t.org_id = o.id
         JOIN team_members m ON m.team_id = t.id
        WHERE m.user_id = $1 ORDER BY o.name`,
      [userId],
    );
  }

  /** Teams the user is directly in, with their org and role, sorted by org then team name. */
  teamsOf(userId: string): Promise<{ orgName: string; teamName: string; role: TeamRole }[]> {
    return this.repo.manager.query(
      `SELECT o.name AS "orgName", t.name AS "teamName", m.role FROM team_members m
         JOIN teams t ON t.id = m.team_id
         JOIN orgs o ON o.id = t.org_id
        WHERE m.user_id = $1 ORDER BY o.name, t.name`,
      [userId],
    );
  }

  /** Serialises create-or-update of one identity (the unique index is on an expression, so no ON CONFLICT). */
  async lockIdentity(username: string, domain: string | null, type: UserType, em: EntityManager): Promise<void> {
    const identity = `${username.toLowerCase()}|${(domain ?? '').toLowerCase()}|${type}`;
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`strongroom:user:${identity}`]);
  }
}
