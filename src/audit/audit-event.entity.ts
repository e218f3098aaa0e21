import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AuditObject =
  'API_KEY' | 'ORGANIZATION' | 'PROJECT' | 'SECRET' | 'SYSTEM' | 'TEAM' | 'USER' | 'INTEGRATION';
export const AUDIT_OBJECTS: readonly AuditObject[] = [
  'API_KEY',
  'ORGANIZATION',
  'PROJECT',
  'SECRET',
  'SYSTEM',
  'TEAM',
  'USER',
  'INTEGRATION',
];

export type AuditAction = 'CREATE' | 'UPDATE' | 'DELETE' | 'ACCESS';
export const AUDIT_ACTIONS: readonly AuditAction[] = ['CREATE', 'UPDATE', 'DELETE', 'ACCESS'];

/**
 * Append-only audit log (docs/security-model.md#audit). `details` never holds a value, a password or a key: only ids,
 * names, field diffs of metadata, and the request facts (requestId, requestIp, actionSource).
 * `seq` orders events written in the same millisecond; no foreign keys, so history outlives rows.
 */
@Entity({ name: 'audit_events' })
@Index('audit_events_date_idx', ['entryDate', 'seq'])
@Index('audit_events_details_idx', { synchronize: false })
export class AuditEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq!: string;

  @Column({ name: 'entry_date', type: 'timestamptz', default: () => 'now()' })
  entryDate!: Date;

  @Column({ type: 'varchar', length: 32 })
  object!: AuditObject;

  @Column({ type: 'varchar', length: 16 })
  action!: AuditAction;

  @Index('audit_events_user_idx')
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details!: Record<string, unknown>;
}
