import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What each earlier import applied, per Concord fact (a user, a key, an org, a secret's data, a
 * team's members, ...): a fingerprint of a row, or the set itself for links (user, project or team
 * ids with roles and levels; nothing secret). A later import applies only what changed in Concord
 * since, so what was changed or deleted in Strongroom meanwhile (a revoked key, a removed member, a
 * re-sealed secret) stays as it is. No foreign keys: the record outlives a deleted row, which is how
 * a later import knows not to bring it back.
 */
@Entity({ name: 'concord_import_records' })
export class ConcordImportRecordEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  kind!: string;

  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'bytea' })
  applied!: Buffer;

  @Column({ name: 'imported_at', type: 'timestamptz', default: () => 'now()' })
  importedAt!: Date;
}
