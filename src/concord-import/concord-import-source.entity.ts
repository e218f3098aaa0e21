import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { SecretEntity } from '../secrets/secret.entity';

/**
 * Which Concord data each imported secret was last written from (a fingerprint of Concord's row),
 * so a second import rewrites a secret's data only when Concord's copy changed, and a secret its
 * owner has read (and so re-sealed) since is left as it is. Gone with the secret.
 */
@Entity({ name: 'concord_import_sources' })
export class ConcordImportSourceEntity {
  @PrimaryColumn({ name: 'secret_id', type: 'uuid' })
  secretId!: string;

  @ManyToOne(() => SecretEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'secret_id' })
  secret?: SecretEntity;

  @Column({ name: 'data_fingerprint', type: 'bytea' })
  dataFingerprint!: Buffer;

  @Column({ name: 'imported_at', type: 'timestamptz', default: () => 'now()' })
  importedAt!: Date;
}
