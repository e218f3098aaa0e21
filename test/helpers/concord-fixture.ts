import * as crypto from 'node:crypto';
import { Client } from 'pg';
import { createScratchDatabase, ScratchDatabase } from './scratch-database';

/*
 * A Concord database for import tests: the tables and columns the importer reads, written here in
 * our own SQL after Concord's Liquibase changelogs (unquoted names, so lower-case in PostgreSQL; the
 * types, defaults, keys and foreign keys those changelogs end with), plus Concord's well-known seed
 * rows. Secrets are encrypted by the independent implementation of Concord's algorithms below, which
 * the import spec checks against Concord's published test vectors.
 */

export const CONCORD_ADMIN_ID = '230c5c9c-d9a7-11e6-bcfd-bb681c07b26c';
export const CONCORD_DEFAULT_ORG_ID = '0fac1b18-d179-11e7-b3e7-d7df4543ed4f';
export const CONCORD_DEFAULT_TEAM_ID = '00000000-0000-0000-0000-000000000000';
const CONCORD_SYSTEM_ORG_ID = '94a35e54-d204-11e7-9a97-c32b8f0c3380';
const CONCORD_SYSTEM_TEAM_ID = 'ad76f1e2-c33c-11e7-8064-f7371c66fa77';
const GITHUB_USER_ID = 'acc17a02-b471-46af-9914-48cba3dd31ab';
const CRON_USER_ID = '1f9ae527-e7ab-42c0-b0e5-0092f9285f22';
const READER_ROLE_ID = '21d646b2-6a9c-11e8-acce-d37cf888abd9';
const WRITER_ROLE_ID = 'c162d868-89ea-11e8-80be-97fd8a9f7419';

/** The schema as of Concord 2.x; `legacy` drops what older versions lack (per-secret salt and hash, project_secrets). */
export function concordSchemaSql(options: { legacy?: boolean } = {}): string {
  const secretColumns = options.legacy
    ? ''
    : `,
      LAST_UPDATED_AT timestamptz,
      SECRET_SALT bytea NOT NULL,
      HASH_ALGORITHM varchar(32) DEFAULT 'md5',
      CREATED_AT timestamptz NOT NULL DEFAULT now()`;
  const projectLink = options.legacy
    ? `,\n      PROJECT_ID uuid REFERENCES PROJECTS (PROJECT_ID) ON DELETE CASCADE`
    : '';
  return `
    CREATE TABLE USERS (
      USER_ID uuid PRIMARY KEY,
      USERNAME varchar(128) NOT NULL,
      DOMAIN varchar(512),
      DISPLAY_NAME varchar(1024),
      USER_EMAIL varchar(512),
      USER_TYPE varchar(32) NOT NULL DEFAULT 'LDAP',
      IS_DISABLED boolean NOT NULL DEFAULT false,
      LAST_GROUP_SYNC_DT timestamptz
      ${options.legacy ? '' : ', DISABLED_DATE timestamptz, IS_PERMANENTLY_DISABLED boolean NOT NULL DEFAULT false'}
    );
    CREATE UNIQUE INDEX IDX_USERS_UNIQ ON USERS (lower(USERNAME), lower(DOMAIN), USER_TYPE);
    CREATE TABLE ROLES (
      ROLE_ID uuid PRIMARY KEY,
      ROLE_NAME varchar(256) NOT NULL UNIQUE,
      GLOBAL_READER boolean DEFAULT false,
      GLOBAL_WRITER boolean DEFAULT false
    );
    CREATE TABLE USER_ROLES (
      USER_ID uuid NOT NULL REFERENCES USERS (USER_ID) ON DELETE CASCADE,
      ROLE_ID uuid NOT NULL REFERENCES ROLES (ROLE_ID) ON DELETE CASCADE,
      PRIMARY KEY (USER_ID, ROLE_ID)
    );
    CREATE TABLE ROLE_LDAP_GROUPS (
      ROLE_ID uuid NOT NULL,
      LDAP_GROUP varchar(1024) NOT NULL,
      UNIQUE (ROLE_ID, LDAP_GROUP)
    );
    CREATE TABLE API_KEYS (
      KEY_ID uuid PRIMARY KEY,
      API_KEY varchar(64) NOT NULL UNIQUE,
      USER_ID uuid REFERENCES USERS (USER_ID) ON DELETE CASCADE,
      KEY_NAME varchar(128) NOT NULL DEFAULT 'n/a',
      EXPIRED_AT timestamptz,
      LAST_NOTIFIED_AT timestamptz
    );
    CREATE UNIQUE INDEX IDX_API_KEYS_NAME_USER_NULL ON API_KEYS (KEY_NAME) WHERE USER_ID IS NULL;
    CREATE UNIQUE INDEX IDX_API_KEYS_NAME_USER_NOT_NULL ON API_KEYS (KEY_NAME, USER_ID) WHERE USER_ID IS NOT NULL;
    CREATE TABLE ORGANIZATIONS (
      ORG_ID uuid PRIMARY KEY,
      ORG_NAME varchar(128) NOT NULL UNIQUE,
      VISIBILITY varchar(128) NOT NULL DEFAULT 'PUBLIC',
      ORG_CFG jsonb,
      OWNER_ID uuid REFERENCES USERS (USER_ID) ON DELETE SET NULL,
      META jsonb
    );
    -- Teams have no foreign key to their org in Concord.
    CREATE TABLE TEAMS (
      TEAM_ID uuid PRIMARY KEY,
      TEAM_NAME varchar(128) NOT NULL,
      DESCRIPTION varchar(2048),
      ORG_ID uuid NOT NULL,
      UNIQUE (ORG_ID, TEAM_NAME)
    );
    CREATE TABLE USER_TEAMS (
      USER_ID uuid NOT NULL REFERENCES USERS (USER_ID) ON DELETE CASCADE,
      TEAM_ID uuid NOT NULL REFERENCES TEAMS (TEAM_ID) ON DELETE CASCADE,
      TEAM_ROLE varchar(128) NOT NULL DEFAULT 'MEMBER',
      PRIMARY KEY (USER_ID, TEAM_ID)
    );
    CREATE TABLE TEAM_LDAP_GROUPS (
      TEAM_ID uuid NOT NULL REFERENCES TEAMS (TEAM_ID) ON DELETE CASCADE,
      LDAP_GROUP varchar(1024) NOT NULL,
      TEAM_ROLE varchar(128) NOT NULL,
      PRIMARY KEY (TEAM_ID, LDAP_GROUP)
    );
    CREATE TABLE PROJECTS (
      PROJECT_ID uuid PRIMARY KEY,
      PROJECT_NAME varchar(128) NOT NULL,
      DESCRIPTION varchar(1024),
      PROJECT_CFG jsonb,
      VISIBILITY varchar(128) NOT NULL DEFAULT 'PUBLIC',
      ORG_ID uuid NOT NULL REFERENCES ORGANIZATIONS (ORG_ID) ON DELETE CASCADE,
      OWNER_ID uuid REFERENCES USERS (USER_ID) ON DELETE SET NULL,
      SECRET_KEY bytea,
      META jsonb
      ${options.legacy ? '' : ', CREATED_AT timestamptz'},
      UNIQUE (ORG_ID, PROJECT_NAME)
    );
    CREATE TABLE PROJECT_TEAM_ACCESS (
      PROJECT_ID uuid NOT NULL REFERENCES PROJECTS (PROJECT_ID) ON DELETE CASCADE,
      TEAM_ID uuid NOT NULL REFERENCES TEAMS (TEAM_ID) ON DELETE CASCADE,
      ACCESS_LEVEL varchar(128) NOT NULL DEFAULT 'READER',
      PRIMARY KEY (PROJECT_ID, TEAM_ID)
    );
    CREATE TABLE SECRETS (
      SECRET_ID uuid PRIMARY KEY,
      SECRET_NAME varchar(128) NOT NULL,
      SECRET_TYPE varchar(32) NOT NULL,
      SECRET_DATA bytea,
      ENCRYPTED_BY varchar(128) NOT NULL DEFAULT 'SERVER_KEY',
      ORG_ID uuid NOT NULL REFERENCES ORGANIZATIONS (ORG_ID) ON DELETE CASCADE,
      OWNER_ID uuid REFERENCES USERS (USER_ID) ON DELETE SET NULL,
      VISIBILITY varchar(128) NOT NULL DEFAULT 'PUBLIC',
      STORE_TYPE varchar(128) DEFAULT 'CONCORD'${projectLink}${secretColumns},
      UNIQUE (ORG_ID, SECRET_NAME)
    );
    CREATE TABLE SECRET_TEAM_ACCESS (
      SECRET_ID uuid NOT NULL REFERENCES SECRETS (SECRET_ID) ON DELETE CASCADE,
      TEAM_ID uuid NOT NULL REFERENCES TEAMS (TEAM_ID) ON DELETE CASCADE,
      ACCESS_LEVEL varchar(128) NOT NULL DEFAULT 'READER',
      PRIMARY KEY (SECRET_ID, TEAM_ID)
    );
    ${
      options.legacy
        ? ''
        : `CREATE TABLE PROJECT_SECRETS (
      SECRET_ID uuid NOT NULL REFERENCES SECRETS (SECRET_ID) ON DELETE CASCADE,
      PROJECT_ID uuid NOT NULL REFERENCES PROJECTS (PROJECT_ID) ON DELETE CASCADE,
      UNIQUE (SECRET_ID, PROJECT_ID)
    );`
    }
  `;
}

export type Derivation = 'SHA-256' | 'MD5';

/** Concord's secret encryption, written independently of the server's decryptor. */
export function concordEncrypt(plaintext: Buffer, password: Buffer, salt: Buffer, derivation: Derivation): Buffer {
  const digest = crypto.createHash(derivation === 'SHA-256' ? 'sha256' : 'md5');
  const key = digest.update(Buffer.concat([salt, password])).digest();
  const cipher = crypto.createCipheriv(derivation === 'SHA-256' ? 'aes-256-ecb' : 'aes-128-ecb', key, null);
  return Buffer.concat([cipher.update(plaintext), cipher.final()]);
}

/** Java's DataOutputStream.writeUTF body: UTF-16 units, NUL as C0 80, surrogates encoded one by one. */
function javaModifiedUtf8(text: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 1 && c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return Buffer.from(out);
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

export function keyPairPayload(publicKey: string, privateKey: string): Buffer {
  const pub = Buffer.from(publicKey, 'utf8');
  const priv = Buffer.from(privateKey, 'utf8');
  return Buffer.concat([int32(pub.length), pub, int32(priv.length), priv]);
}

export function usernamePasswordPayload(username: string, password: string): Buffer {
  const user = javaModifiedUtf8(username);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(user.length);
  const pwd = Buffer.from(password, 'utf8');
  return Buffer.concat([length, user, int32(pwd.length), pwd]);
}

/** Concord's stored form of an API key: base64 (no padding) of SHA-256 over the key's bytes. */
export function concordKeyHash(key: string): string {
  return crypto.createHash('sha256').update(Buffer.from(key, 'base64')).digest('base64').replace(/=+$/, '');
}

export function newApiKey(): string {
  return crypto.randomBytes(16).toString('base64').replace(/=+$/, '');
}

export function uuid(): string {
  return crypto.randomUUID();
}

export interface SecretRow {
  id?: string;
  orgId: string;
  name: string;
  type: string;
  encryptedBy?: 'SERVER_KEY' | 'PASSWORD';
  ownerId?: string | null;
  visibility?: string;
  storeType?: string;
  data: Buffer | null;
  salt?: Buffer;
  hashAlgorithm?: string | null;
  createdAt?: Date;
  lastUpdatedAt?: Date | null;
}

/** A Concord database on the test server: schema, seed rows, and helpers that insert the rest. */
export class ConcordDb {
  private constructor(
    private readonly db: ScratchDatabase,
    readonly client: Client,
    readonly legacy: boolean,
  ) {}

  static async create(options: { legacy?: boolean; seed?: boolean } = {}): Promise<ConcordDb> {
    const db = await createScratchDatabase('concord_fixture');
    const client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query(concordSchemaSql(options));
    const fixture = new ConcordDb(db, client, options.legacy ?? false);
    if (options.seed !== false) await fixture.seed();
    return fixture;
  }

  get url(): string {
    return this.db.url;
  }

  async close(): Promise<void> {
    await this.client.end();
    await this.db.drop();
  }

  /** Concord's own seed rows (its changelogs insert them): admin, system users, roles, Default orgs. */
  private async seed(): Promise<void> {
    await this.user({ id: CONCORD_ADMIN_ID, username: 'admin', type: 'LOCAL', roles: ['concordAdmin'] });
    await this.user({ id: GITHUB_USER_ID, username: 'github', type: 'LOCAL' });
    await this.user({ id: CRON_USER_ID, username: 'cron', type: 'LOCAL' });
    await this.client.query(
      `INSERT INTO roles (role_id, role_name, global_reader) VALUES ($1, 'concordSystemReader', true)`,
      [READER_ROLE_ID],
    );
    await this.client.query(
      `INSERT INTO roles (role_id, role_name, global_writer) VALUES ($1, 'concordSystemWriter', true)`,
      [WRITER_ROLE_ID],
    );
    await this.grant(GITHUB_USER_ID, 'concordSystemReader');
    await this.grant(GITHUB_USER_ID, 'concordSystemWriter');
    await this.grant(CRON_USER_ID, 'concordSystemReader');
    await this.org({ id: CONCORD_DEFAULT_ORG_ID, name: 'Default' });
    await this.org({ id: CONCORD_SYSTEM_ORG_ID, name: 'ConcordSystem', visibility: 'PRIVATE' });
    await this.team({
      id: CONCORD_DEFAULT_TEAM_ID,
      orgId: CONCORD_DEFAULT_ORG_ID,
      name: 'default',
      description: 'Default team',
    });
    await this.team({
      id: CONCORD_SYSTEM_TEAM_ID,
      orgId: CONCORD_SYSTEM_ORG_ID,
      name: 'default',
      description: 'Concord System Team',
    });
    await this.member(CONCORD_DEFAULT_TEAM_ID, CONCORD_ADMIN_ID, 'OWNER');
    await this.member(CONCORD_DEFAULT_TEAM_ID, GITHUB_USER_ID, 'MEMBER');
  }

  async user(u: {
    id?: string;
    username: string;
    type: string;
    domain?: string;
    displayName?: string;
    email?: string;
    disabled?: boolean;
    roles?: string[];
  }): Promise<string> {
    const id = u.id ?? uuid();
    await this.client.query(
      `INSERT INTO users (user_id, username, domain, display_name, user_email, user_type, is_disabled)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, u.username, u.domain ?? null, u.displayName ?? null, u.email ?? null, u.type, u.disabled ?? false],
    );
    for (const role of u.roles ?? []) await this.grant(id, role);
    return id;
  }

  async grant(userId: string, roleName: string): Promise<void> {
    await this.client.query(
      `INSERT INTO roles (role_id, role_name) VALUES ($1, $2) ON CONFLICT (role_name) DO NOTHING`,
      [uuid(), roleName],
    );
    await this.client.query(
      `INSERT INTO user_roles (user_id, role_id) SELECT $1, role_id FROM roles WHERE role_name = $2`,
      [userId, roleName],
    );
  }

  async apiKey(k: { userId: string | null; name: string; storedHash: string }): Promise<string> {
    const id = uuid();
    await this.client.query(`INSERT INTO api_keys (key_id, api_key, user_id, key_name) VALUES ($1, $2, $3, $4)`, [
      id,
      k.storedHash,
      k.userId,
      k.name,
    ]);
    return id;
  }

  async org(o: { id?: string; name: string; ownerId?: string; visibility?: string; meta?: object; cfg?: object }) {
    const id = o.id ?? uuid();
    await this.client.query(
      `INSERT INTO organizations (org_id, org_name, owner_id, visibility, meta, org_cfg) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, o.name, o.ownerId ?? null, o.visibility ?? 'PUBLIC', o.meta ?? null, o.cfg ?? null],
    );
    return id;
  }

  async team(t: { id?: string; orgId: string; name: string; description?: string }): Promise<string> {
    const id = t.id ?? uuid();
    await this.client.query(`INSERT INTO teams (team_id, org_id, team_name, description) VALUES ($1, $2, $3, $4)`, [
      id,
      t.orgId,
      t.name,
      t.description ?? null,
    ]);
    return id;
  }

  async member(teamId: string, userId: string, role: string): Promise<void> {
    await this.client.query(`INSERT INTO user_teams (team_id, user_id, team_role) VALUES ($1, $2, $3)`, [
      teamId,
      userId,
      role,
    ]);
  }

  async project(p: {
    orgId: string;
    name: string;
    ownerId?: string;
    visibility?: string;
    description?: string;
    cfg?: object;
    meta?: object;
  }): Promise<string> {
    const id = uuid();
    const createdAt = this.legacy ? '' : ', created_at';
    const createdValue = this.legacy ? '' : ', now()';
    await this.client.query(
      `INSERT INTO projects (project_id, org_id, project_name, owner_id, visibility, description, project_cfg, meta${createdAt})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8${createdValue})`,
      [
        id,
        p.orgId,
        p.name,
        p.ownerId ?? null,
        p.visibility ?? 'PUBLIC',
        p.description ?? null,
        p.cfg ?? null,
        p.meta ?? null,
      ],
    );
    return id;
  }

  async secret(s: SecretRow): Promise<string> {
    const id = s.id ?? uuid();
    const columns = [
      'secret_id',
      'org_id',
      'secret_name',
      'secret_type',
      'encrypted_by',
      'owner_id',
      'visibility',
      'store_type',
      'secret_data',
    ];
    const values: unknown[] = [
      id,
      s.orgId,
      s.name,
      s.type,
      s.encryptedBy ?? 'SERVER_KEY',
      s.ownerId ?? null,
      s.visibility ?? 'PUBLIC',
      s.storeType ?? 'concord',
      s.data,
    ];
    if (!this.legacy) {
      columns.push('secret_salt', 'hash_algorithm', 'created_at', 'last_updated_at');
      values.push(
        s.salt,
        s.hashAlgorithm === undefined ? 'SHA-256' : s.hashAlgorithm,
        s.createdAt ?? new Date(),
        s.lastUpdatedAt ?? null,
      );
    }
    const params = values.map((_, i) => `$${i + 1}`).join(', ');
    await this.client.query(`INSERT INTO secrets (${columns.join(', ')}) VALUES (${params})`, values);
    return id;
  }

  async link(secretId: string, projectId: string): Promise<void> {
    if (this.legacy) {
      await this.client.query(`UPDATE secrets SET project_id = $2 WHERE secret_id = $1`, [secretId, projectId]);
    } else {
      await this.client.query(`INSERT INTO project_secrets (secret_id, project_id) VALUES ($1, $2)`, [
        secretId,
        projectId,
      ]);
    }
  }

  async rule(secretId: string, teamId: string, level: string): Promise<void> {
    await this.client.query(`INSERT INTO secret_team_access (secret_id, team_id, access_level) VALUES ($1, $2, $3)`, [
      secretId,
      teamId,
      level,
    ]);
  }
}
