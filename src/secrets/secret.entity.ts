import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import type { AccessLevel } from '../access/levels';
import type { Visibility } from '../config/config';
import { OrgEntity } from '../orgs/org.entity';
import { ProjectEntity } from '../projects/project.entity';
import { TeamEntity } from '../teams/team.entity';
import { UserEntity } from '../users/user.entity';

export type SecretType = 'KEY_PAIR' | 'USERNAME_PASSWORD' | 'DATA';
export type EncryptedBy = 'SERVER_KEY' | 'PASSWORD';

/**
 * A secret's metadata plus its sealed payload. The sealed columns (ciphertext, wrapped data key, KDF
 * salt and parameters) are `select: false`: only the repository's sealed reads fetch them.
 */
@Entity({ name: 'secrets' })
@Unique('secrets_org_name_uq', ['orgId', 'name'])
export class SecretEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId!: string;

  @ManyToOne(() => OrgEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_id' })
  org?: OrgEntity;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ type: 'varchar', length: 32 })
  type!: SecretType;

  @Column({ name: 'encrypted_by', type: 'varchar', length: 16 })
  encryptedBy!: EncryptedBy;

  @Column({ name: 'store_type', type: 'varchar', length: 32, default: 'concord' })
  storeType!: string;

  @Column({ type: 'varchar', length: 16 })
  visibility!: Visibility;

  @Index('secrets_owner_idx')
  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_id' })
  owner?: UserEntity;

  @Column({ name: 'format_version', type: 'smallint', select: false })
  formatVersion!: number;

  @Column({ type: 'bytea', select: false })
  ciphertext!: Buffer;

  @Column({ name: 'wrapped_key', type: 'bytea', select: false })
  wrappedKey!: Buffer;

  /** Server key that wraps the data key (SERVER_KEY rows); an id, never key material. */
  @Index('secrets_key_id_idx')
  @Column({ name: 'key_id', type: 'varchar', length: 64, nullable: true, select: false })
  keyId!: string | null;

  @Column({ name: 'kdf_salt', type: 'bytea', nullable: true, select: false })
  kdfSalt!: Buffer | null;

  @Column({ name: 'kdf_params', type: 'jsonb', nullable: true, select: false })
  kdfParams!: { memoryKiB: number; iterations: number; parallelism: number } | null;

  /** CI events the secret is limited to (push, tag, pull_request, ...); empty means every event. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  events!: string[];

  /** Image names the secret is limited to in CI; empty means any image. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  images!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Set when the encrypted data (or its password) is rewritten, as Concord does. */
  @Column({ name: 'last_updated_at', type: 'timestamptz', nullable: true })
  lastUpdatedAt!: Date | null;
}

@Entity({ name: 'secret_projects' })
export class SecretProjectEntity {
  @PrimaryColumn({ name: 'secret_id', type: 'uuid' })
  secretId!: string;

  @ManyToOne(() => SecretEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'secret_id' })
  secret?: SecretEntity;

  @Index('secret_projects_project_idx')
  @PrimaryColumn({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id' })
  project?: ProjectEntity;
}

@Entity({ name: 'secret_team_access' })
export class SecretTeamAccessEntity {
  @PrimaryColumn({ name: 'secret_id', type: 'uuid' })
  secretId!: string;

  @ManyToOne(() => SecretEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'secret_id' })
  secret?: SecretEntity;

  @Index('secret_team_access_team_idx')
  @PrimaryColumn({ name: 'team_id', type: 'uuid' })
  teamId!: string;

  @ManyToOne(() => TeamEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'team_id' })
  team?: TeamEntity;

  @Column({ type: 'varchar', length: 16, default: 'READER' })
  level!: AccessLevel;
}
