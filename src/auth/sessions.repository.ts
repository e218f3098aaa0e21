import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { SessionEntity } from './session.entity';

@Injectable()
export class SessionsRepository {
  constructor(@InjectRepository(SessionEntity) private readonly repo: Repository<SessionEntity>) {}

  async create(tokenHash: string, userId: string, realm: string, expiresAt: Date): Promise<void> {
    await this.repo.insert({ tokenHash, userId, realm, expiresAt });
  }

  /** Finds a live session and slides its expiry forward (inactivity timeout). */
  async touch(tokenHash: string, timeoutSeconds: number): Promise<SessionEntity | null> {
    const rows: SessionEntity[] = await this.repo.manager.query(
      `UPDATE sessions SET expires_at = now() + make_interval(secs => $2)
        WHERE token_hash = $1 AND expires_at > now()
        RETURNING token_hash AS "tokenHash", user_id AS "userId", realm, expires_at AS "expiresAt"`,
      [tokenHash, timeoutSeconds],
    );
    const first = Array.isArray(rows[0]) ? (rows[0] as SessionEntity[])[0] : rows[0];
    return first ?? null;
  }

  async delete(tokenHash: string): Promise<void> {
    await this.repo.delete({ tokenHash });
  }

  /** Ends every session of a user (password changed, user disabled), inside the change's transaction. */
  async deleteForUser(userId: string, em: EntityManager): Promise<void> {
    await em.getRepository(SessionEntity).delete({ userId });
  }

  async deleteExpired(): Promise<void> {
    await this.repo.createQueryBuilder().delete().where('expires_at < now()').execute();
  }
}
