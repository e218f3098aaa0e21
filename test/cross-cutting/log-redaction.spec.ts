import { redact, redactText } from '../../src/common/redact';
import { useTestApp } from '../helpers/test-app';
import { addToTeam, auth, basic, createOrg, createUser } from '../helpers/factories';
import { uniqueName } from '../helpers/names';
import { bodyBytes, createSecret, multipart, readSecretData } from '../helpers/secrets';

/**
 * Issue 4 item 7: a suite's worth of operations carrying passwords, store passwords, API keys and
 * secret values, then a grep of every captured log line for each of them. Zero hits allowed.
 */
describe('log redaction', () => {
  const needles = new Set<string>();
  const secret = (value: string) => {
    needles.add(value);
    return value;
  };

  const t = useTestApp({ STRONGROOM_RSA_BITS: '2048' });

  it('never writes a password, key or secret value to the log', async () => {
    secret(t.adminKey);
    const admin = () => auth(t.adminKey);

    // Users with passwords; Basic logins, right and wrong; a password change.
    const password = secret('Log-user-pass-1');
    const user = await createUser(t, { password });
    secret(user.apiKey);
    const login = (pwd: string) => {
      const header = basic(user.username, pwd);
      secret(header.Authorization.slice('Basic '.length));
      return t.http.get('/api/service/console/whoami').set(header);
    };
    await login(password).expect(200);
    await login(secret('Wrong-login-pass-9')).expect(401);
    await t.http
      .get('/api/v1/org')
      .set(basic(uniqueName('nobody'), secret('Ghost-pass-7')))
      .expect(401);
    const newPassword = secret('Log-user-pass-2');
    await t.http
      .post('/api/v1/user')
      .set(admin())
      .send({ username: user.username, type: 'LOCAL', password: newPassword })
      .expect(200);
    await login(newPassword).expect(200);
    await t.http
      .get('/api/v1/org')
      .set('Authorization', `Bearer ${secret('bm90LWEta2V5LWF0LWFsbC0x')}`)
      .expect(401);

    // API keys: v1 create, v2 rotate, a caller-chosen value, use and delete.
    const v1 = await t.http.post('/api/v1/apikey').set(auth(user.apiKey)).send({ name: 'log-key' }).expect(200);
    secret(v1.body.key as string);
    const v2 = await t.http.post('/api/v2/apikey').set(auth(user.apiKey)).send({ name: 'log-key' }).expect(200);
    secret(v2.body.key as string);
    const chosen = secret(Buffer.from('caller-chosen-key-value-42').toString('base64'));
    await t.http.post('/api/v1/apikey').set(admin()).send({ userId: user.id, name: 'chosen', key: chosen }).expect(200);
    await t.http.get('/api/v1/apikey').set(auth(chosen)).expect(200);
    await t.http
      .delete(`/api/v1/apikey/${v2.body.id as string}`)
      .set(auth(user.apiKey))
      .expect(200);

    // Secrets of all three types, with and without store passwords.
    const org = (await createOrg(t)).name;
    await addToTeam(t, org, 'default', user.id, 'OWNER');
    const key = user.apiKey;
    const storePassword = secret('StOrEpAsSnEeDlE1');
    const data = secret('plain-data-needle-1');
    await createSecret(t, org, key, { name: 'd-plain', type: 'data', data }).expect(200);
    await createSecret(t, org, key, {
      name: 'd-locked',
      type: 'data',
      data: Buffer.from(secret('file-data-needle-2')),
      storePassword,
    }).expect(200);
    const generated = await createSecret(t, org, key, {
      name: 'd-generated',
      type: 'data',
      data: secret('generated-pass-data-3'),
      generatePassword: 'true',
    }).expect(200);
    secret(generated.body.password as string);
    const upUser = secret('up-user-needle');
    const upPassword = secret('up-password-needle');
    await createSecret(t, org, key, {
      name: 'up-plain',
      type: 'username_password',
      username: upUser,
      password: upPassword,
    }).expect(200);
    await createSecret(t, org, key, {
      name: 'up-locked',
      type: 'username_password',
      username: upUser,
      password: upPassword,
      storePassword,
    }).expect(200);
    await createSecret(t, org, key, { name: 'kp-plain', type: 'key_pair' }).expect(200);
    await createSecret(t, org, key, { name: 'kp-locked', type: 'key_pair', storePassword }).expect(200);
    const pair = splitKeyPair(bodyBytes(await readSecretData(t, org, 'kp-plain', key).expect(200)));
    for (const line of pair.privateKey.split('\n').filter((l) => l.length > 40)) secret(line);
    await createSecret(t, org, key, {
      name: 'kp-uploaded',
      type: 'key_pair',
      public: Buffer.from(pair.publicKey),
      private: Buffer.from(pair.privateKey),
      storePassword,
    }).expect(200);

    // Reads with right and wrong store passwords.
    await readSecretData(t, org, 'd-locked', key, storePassword).expect(200);
    await readSecretData(t, org, 'up-locked', key, storePassword).expect(200);
    await readSecretData(t, org, 'kp-locked', key, storePassword).expect(200);
    await readSecretData(t, org, 'kp-uploaded', key, storePassword).expect(200);
    await readSecretData(t, org, 'd-locked', key, secret('Wrong-store-needle-3')).expect(400);
    await readSecretData(t, org, 'd-generated', key, generated.body.password as string).expect(200);
    await readSecretData(t, org, 'up-plain', key).expect(200);

    // v1 (JSON, base64 data) and v2 (multipart) updates, including a store-password change.
    const v1Data = secret('v1-data-needle-4');
    secret(Buffer.from(v1Data).toString('base64'));
    await t.http
      .post(`/api/v1/org/${org}/secret/d-locked`)
      .set(auth(key))
      .send({ data: Buffer.from(v1Data).toString('base64'), storePassword })
      .expect(200);
    const newStorePassword = secret('Store-pass-needle-2');
    await multipart(t, `/api/v2/org/${org}/secret/d-locked`, key, { storePassword, newStorePassword }).expect(200);
    await multipart(t, `/api/v2/org/${org}/secret/up-plain`, key, {
      type: 'username_password',
      username: upUser,
      password: secret('up-password-needle-new'),
    }).expect(200);
    await multipart(t, `/api/v2/org/${org}/secret/d-plain`, key, {
      type: 'data',
      data: secret('v2-data-needle-5'),
    }).expect(200);
    await readSecretData(t, org, 'd-locked', key, newStorePassword).expect(200);
    await readSecretData(t, org, 'd-locked', key, storePassword).expect(400);

    // A malformed JSON body that carries a password, and one the validation pipe refuses.
    await t.http
      .post('/api/v1/user')
      .set(admin())
      .set('Content-Type', 'application/json')
      .send(`{"username": "broken", "password": "${secret('Malformed-pass-needle')}"`)
      .expect(400);
    await t.http
      .post('/api/v1/user')
      .set(admin())
      .send({ username: 42, password: secret('Invalid-body-pass-needle') })
      .expect(400);

    // The capture works: the operations above are in it, as request lines without bodies.
    const lines = t.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.msg === 'request').length).toBeGreaterThan(30);
    expect(lines.some((l) => l.msg === 'request' && l.status === 401)).toBe(true);
    for (const l of lines.filter((x) => x.msg === 'request')) {
      expect(Object.keys(l).sort()).toEqual(
        expect.arrayContaining(['method', 'path', 'status', 'ms', 'time', 'level', 'msg']),
      );
      expect(Object.keys(l).filter((k) => !REQUEST_LINE_KEYS.includes(k))).toEqual([]);
    }

    expect(needles.size).toBeGreaterThan(25);
    const all = t.logs.join('\n');
    const leaked = [...needles].filter((n) => all.includes(n));
    expect(leaked).toEqual([]);
  });

  it('redacts credential-shaped text and sensitive fields should a caller ever log them', () => {
    expect(redactText('Authorization: Basic dXNlcjpwYXNz')).not.toContain('dXNlcjpwYXNz');
    expect(redactText('sent Bearer abc123def456 and used Basic authentication')).toBe(
      'sent Bearer [redacted] and used Basic authentication',
    );
    expect(redactText('{"username":"u","password":"hunter2" broken')).not.toContain('hunter2');
    expect(redactText('storePassword=Abc-123&x=1 newStorePassword: "q w"')).toBe(
      'storePassword=[redacted]&x=1 newStorePassword: [redacted]',
    );
    expect(redactText('-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----')).toBe(
      '[redacted private key]',
    );
    expect(
      redact({ userId: 'u', headers: { authorization: 'a', cookie: 'c' }, newStorePassword: 'p', keyHash: 'h' }),
    ).toEqual({
      userId: 'u',
      headers: { authorization: '[redacted]', cookie: '[redacted]' },
      newStorePassword: '[redacted]',
      keyHash: '[redacted]',
    });
  });

  it('finds credentials whatever their case, and leaves text without a trigger word untouched', () => {
    // redactText skips its patterns when no trigger word is present; every spelling must still trip it.
    const cases: [string, string][] = [
      ['AUTHORIZATION=Zm9vOmJhcg', 'Zm9vOmJhcg'],
      ['BEARER abc123def456', 'abc123def456'],
      ['PASSWD: s3cret', 's3cret'],
      ['ApiKey=k3y-v4lue', 'k3y-v4lue'],
      ['API_KEY: k3y-v4lue', 'k3y-v4lue'],
      ['x-Token=t0ken-v4lue', 't0ken-v4lue'],
      ['-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----', 'MIIE'],
      ['PostgreSQL://app:db-pw@host/db', 'db-pw'],
    ];
    for (const [text, secret] of cases) expect(redactText(text)).not.toContain(secret);
    const plain = '/api/v2/org/acme/secret/deploy-key 3f2c9a7e-1b4d-4c1e-9f00-aa11bb22cc33 GET';
    expect(redactText(plain)).toBe(plain);
  });
});

const REQUEST_LINE_KEYS = ['time', 'level', 'msg', 'context', 'requestId', 'method', 'path', 'status', 'ms', 'userId'];

/** /data of a KEY_PAIR: int32 length + public key, int32 length + private key. */
function splitKeyPair(bytes: Buffer): { publicKey: string; privateKey: string } {
  const pubLen = bytes.readInt32BE(0);
  const publicKey = bytes.subarray(4, 4 + pubLen).toString();
  const privLen = bytes.readInt32BE(4 + pubLen);
  return { publicKey, privateKey: bytes.subarray(8 + pubLen, 8 + pubLen + privLen).toString() };
}
