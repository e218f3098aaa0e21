import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { OrgEntity } from '../orgs/org.entity';
import { TeamEntity } from '../teams/team.entity';
import { UserEntity } from '../users/user.entity';

export type IntegrationKind = 'drone' | 'drone-legacy' | 'woodpecker';
export const INTEGRATION_KINDS: readonly IntegrationKind[] = ['drone', 'drone-legacy', 'woodpecker'];

/**
 * A CI server registered with an org (ci-adapters.md "Integrations"). The credential columns are
 * `select: false`: only the signature verifiers read them, through the repository's credential read.
 */
@Entity({ name: 'integrations' })
@Unique('integrations_org_name_uq', ['orgId', 'name'])
export class IntegrationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId!: string;

  @ManyToOne(() => OrgEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_id' })
  org?: OrgEntity;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: IntegrationKind;

  /** PRIVATE secrets are visible to the integration when this team holds READER (or more) on them. */
  @Index('integrations_team_idx')
  @Column({ name: 'team_id', type: 'uuid', nullable: true })
  teamId!: string | null;

  @ManyToOne(() => TeamEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'team_id' })
  team?: TeamEntity;

  /** The org owner or admin who registered it; Woodpecker CRUD writes act as this user. */
  @Index('integrations_created_by_idx')
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by' })
  creator?: UserEntity;

  /** drone-legacy: SHA-256 (hex) of the URL token. */
  @Column({ name: 'token_hash', type: 'varchar', length: 64, nullable: true, select: false })
  tokenHash!: string | null;

  /** drone: the HMAC token, AES-256-GCM under the server key `token_key_id` (an HMAC needs the raw token). */
  @Column({ name: 'token_sealed', type: 'bytea', nullable: true, select: false })
  tokenSealed!: Buffer | null;

  @Column({ name: 'token_key_id', type: 'varchar', length: 64, nullable: true, select: false })
  tokenKeyId!: string | null;

  /** woodpecker: the server's Ed25519 public key, PEM (SPKI). Public by nature. */
  @Column({ name: 'public_key', type: 'text', nullable: true })
  publicKey!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** Signatures already accepted, kept until they could no longer pass the freshness check (all replicas share it). */
@Entity({ name: 'signature_replays' })
export class SignatureReplayEntity {
  @PrimaryColumn({ name: 'signature_hash', type: 'varchar', length: 64 })
  signatureHash!: string;

  @Index('signature_replays_expires_idx')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
