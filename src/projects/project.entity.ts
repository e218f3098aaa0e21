import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { OrgEntity } from '../orgs/org.entity';
import { UserEntity } from '../users/user.entity';
import type { Visibility } from '../config/config';

@Entity({ name: 'projects' })
@Unique('projects_org_name_uq', ['orgId', 'name'])
// A Woodpecker repository id maps to at most one project per org: a unique index on
// (org_id, meta->>'woodpeckerRepoId'), an expression TypeORM cannot declare (see the migration).
@Index('projects_woodpecker_repo_uq', { synchronize: false })
export class ProjectEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId!: string;

  @ManyToOne(() => OrgEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_id' })
  org?: OrgEntity;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  description!: string | null;

  @Column({ type: 'varchar', length: 16 })
  visibility!: Visibility;

  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_id' })
  owner?: UserEntity;

  @Column({ type: 'jsonb', nullable: true })
  meta!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  cfg!: Record<string, unknown> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
