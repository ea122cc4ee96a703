import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { createDataSource, DomainError, loadConfig } from '@app/domain';
import { createUser } from '@app/domain/accounts/accounts.store';
import { checkPassword, generatePasswordFor } from '@app/domain/accounts/password.policy';
import { appendAuditEntry } from '@app/domain/audit/audit.store';
import { checkPostgres, DependencyError } from '@app/domain/boot/dependency-check';
import { queryOne } from '@app/domain/database/sql';

const USAGE = `usage: npm run create-admin -- --username NAME [--display-name 名字] [--password-stdin]

Creates a centre administrator (中心管理员). Without --password-stdin a strong password is generated and
printed once; with it, the password is read from standard input (one line) and must meet the policy.
Refuses when the user name exists. The creation is written to the audit trail.`;

class UsageError extends Error {}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: { username: { type: 'string' }, 'display-name': { type: 'string' }, 'password-stdin': { type: 'boolean' }, help: { type: 'boolean' } },
      strict: true,
    }).values;
  } catch (e) {
    throw new UsageError(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  if (!args.username) throw new UsageError(`--username is required\n${USAGE}`);
  const username = args.username;
  const displayName = args['display-name'] ?? '中心管理员';
  const password = args['password-stdin'] ? await readStdin() : generatePasswordFor(username);
  const problem = checkPassword(password, username);
  if (problem) throw new UsageError(`the password does not meet the policy: ${problem}`);

  const config = loadConfig();
  await checkPostgres(config);
  const ds = createDataSource(config, { poolSize: 1 });
  await ds.initialize();
  try {
    const table = await queryOne<{ t: string | null }>(ds, `SELECT to_regclass('public.app_user')::text AS t`);
    if (!table?.t) throw new UsageError('the database has no schema yet: run `npm run migration:run` first');
    const id = await ds.transaction(async (em) => {
      const exists = await queryOne(em, `SELECT 1 FROM app_user WHERE lower(username) = lower($1)`, [username]);
      if (exists) throw new UsageError(`user "${username}" already exists; nothing was changed`);
      const userId = await createUser(em, { username, displayName, password, roles: ['centre_admin'] });
      await appendAuditEntry(em, {
        username: 'create-admin (CLI)',
        kind: 'write',
        action: 'CLI create-admin',
        targetType: 'users',
        targetId: String(userId),
        result: 'success',
        after: { username, displayName, roles: ['centre_admin'] },
        detail: { passwordGenerated: !args['password-stdin'] },
      });
      return userId;
    });
    console.log(`created centre administrator "${username}" (id ${id})`);
    if (!args['password-stdin']) {
      console.log(`password (shown only this once; sign in and change it): ${password}`);
    }
  } catch (e) {
    if (e instanceof DomainError) throw new UsageError(e.message);
    throw e;
  } finally {
    await ds.destroy();
  }
}

main().catch((e: unknown) => {
  const known = e instanceof UsageError || e instanceof DependencyError || e?.constructor?.name === 'ConfigError';
  process.stderr.write(`${known ? (e as Error).message : `create-admin failed: ${e instanceof Error ? e.message : String(e)}`}\n`);
  process.exit(1);
});
