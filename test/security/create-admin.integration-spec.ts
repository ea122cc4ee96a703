import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { queryOne } from '@app/domain/database/sql';
import { startTestApp, TestApp } from '../support/test-app';

const ROOT = resolve(__dirname, '../..');

/** `npm run create-admin -- ...` as an operator runs it on a fresh installation. */
function createAdmin(t: TestApp, args: string[], stdin?: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'scripts/create-admin.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: t.config.DATABASE_URL, PERSONAL_DATA_KEY: t.config.PERSONAL_DATA_KEY, SWC_NODE_PROJECT: resolve(ROOT, 'tsconfig.json') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdin.end(stdin ?? '');
    child.on('exit', (code) => done({ code, out, err }));
  });
}

describe('npm run create-admin', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('makes the first centre admin with a generated password printed once, who can then sign in', async () => {
    const run = await createAdmin(t, ['--username', 'chief', '--display-name', '王主任']);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const password = /password \(shown only this once; sign in and change it\): (\S+)/.exec(run.out)?.[1];
    expect(password).toHaveLength(16);
    const user = await queryOne<{ roles: string[]; display_name: string; password_hash: string }>(t.db, `SELECT roles, display_name, password_hash FROM app_user WHERE username = 'chief'`);
    expect(user).toMatchObject({ roles: ['centre_admin'], display_name: '王主任' });
    expect(user!.password_hash).toMatch(/^\$argon2id\$/);
    const signIn = await t.http().post('/api/auth/sign-in').send({ username: 'chief', password }).expect(200);
    const me = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${signIn.body.token}`).expect(200);
    expect(me.body.permissions).toContain('users.manage');
    const entry = await queryOne<{ action: string; after: Record<string, unknown> }>(t.db, `SELECT action, after FROM audit_log WHERE action = 'CLI create-admin'`);
    expect(entry).toEqual({ action: 'CLI create-admin', after: { username: 'chief', displayName: '王主任', roles: ['centre_admin'] } });
  }, 60000);

  it('refuses an existing user name and changes nothing', async () => {
    const before = await queryOne(t.db, `SELECT password_hash FROM app_user WHERE username = 'chief'`);
    const run = await createAdmin(t, ['--username', 'chief']);
    expect(run.code).toBe(1);
    expect(run.err.trim()).toBe('user "chief" already exists; nothing was changed');
    expect(await queryOne(t.db, `SELECT password_hash FROM app_user WHERE username = 'chief'`)).toEqual(before);
  }, 60000);

  it('reads the password from stdin with --password-stdin, and holds it to the policy', async () => {
    const weak = await createAdmin(t, ['--username', 'deputy', '--password-stdin'], 'password\n');
    expect(weak.code).toBe(1);
    expect(weak.err.trim()).toBe('the password does not meet the policy: 密码须包含大写字母、小写字母、数字、符号中的至少3类');
    const ok = await createAdmin(t, ['--username', 'deputy', '--password-stdin'], 'Second#Adm2024\n');
    expect(ok.code).toBe(0);
    expect(ok.out).not.toContain('Second#Adm2024');
    await t.http().post('/api/auth/sign-in').send({ username: 'deputy', password: 'Second#Adm2024' }).expect(200);
    const missing = await createAdmin(t, []);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('--username is required');
  }, 60000);
});
