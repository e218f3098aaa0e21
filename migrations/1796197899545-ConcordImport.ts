import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Moving from Concord. `concord_import_sources` records which Concord data each imported secret was
 * written from, so a second import rewrites only what changed in Concord.
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
      `CREATE TABLE "concord_import_sources" ("secret_id" uuid NOT NULL, "data_fingerprint" bytea NOT NULL, "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_09da5e3549d1ff351dc6224747c" PRIMARY KEY ("secret_id"))`,
    );
    await q.query(
      `ALTER TABLE "concord_import_sources" ADD CONSTRAINT "FK_09da5e3549d1ff351dc6224747c" FOREIGN KEY ("secret_id") REFERENCES "secrets"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "concord_import_sources"`);
  }
}
