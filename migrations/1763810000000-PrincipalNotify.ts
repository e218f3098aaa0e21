import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every committed change to users or API keys notifies `strongroom_principals`, so each replica drops
 * the API-key owners it has cached (src/auth/key-owner-cache.ts). Statement-level triggers fire for
 * cascaded deletes and for changes made outside the app too.
 */
export class PrincipalNotify1763810000000 implements MigrationInterface {
  name = 'PrincipalNotify1763810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION "notify_principals_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('strongroom_principals', '');
        RETURN NULL;
      END $$`);
    for (const table of ['users', 'api_keys']) {
      await q.query(
        `CREATE TRIGGER "${table}_principals_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}"
           FOR EACH STATEMENT EXECUTE FUNCTION "notify_principals_changed"()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "api_keys_principals_changed" ON "api_keys"`);
    await q.query(`DROP TRIGGER "users_principals_changed" ON "users"`);
    await q.query(`DROP FUNCTION "notify_principals_changed"()`);
  }
}
