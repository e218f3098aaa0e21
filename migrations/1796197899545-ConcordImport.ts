import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Moving from Concord. `concord_import_records` keeps, per imported fact (a user, a key, an org, a
 * team's members, a secret's data, ...), what the import applied (a fingerprint, or a link set), so
 * a later import applies only what changed in Concord since; no foreign keys, so a record outlives a
 * row deleted in Strongroom and the import knows not to bring it back.
 *
 * Imported store-password secrets need no column of their own: until their first read with the right
 * password they keep Concord's ciphertext in `ciphertext`, its salt in `kdf_salt`, an empty
 * `wrapped_key`, and a negative `format_version` (-1: SHA-256 key, -2: MD5 key) that marks them as
 * not sealed by Strongroom, so nothing serves or re-wraps them as if they were.
 */
export class ConcordImport1796197899545 implements MigrationInterface {
  name = 'ConcordImport1796197899545';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "concord_import_records" ("kind" character varying(32) NOT NULL, "id" uuid NOT NULL, "applied" bytea NOT NULL, "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c93467664f3ebc460f09bb0357f" PRIMARY KEY ("kind", "id"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "concord_import_records"`);
  }
}
