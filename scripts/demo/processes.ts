import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

export interface Started {
  name: string;
  child: ChildProcess;
}

/**
 * Starts `apps/<name>/src/main.ts` as its own process (as in production: the API and the worker are
 * separate) and resolves when it says it is ready; its output is prefixed with its name.
 */
export function startApp(name: 'api' | 'worker', readyText: RegExp, env: NodeJS.ProcessEnv = process.env): Promise<Started> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', `apps/${name}/src/main.ts`], {
    cwd: ROOT,
    env: { ...env, SWC_NODE_PROJECT: resolve(ROOT, 'tsconfig.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((res, rej) => {
    let ready = false;
    const onData = (d: Buffer) => {
      for (const line of d.toString().split('\n').filter(Boolean)) {
        process.stdout.write(`[${name}] ${line}\n`);
        if (!ready && readyText.test(line)) {
          ready = true;
          res({ name, child });
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      if (!ready) rej(new Error(`${name} exited with ${code} before it was ready`));
    });
  });
}

export async function stopAll(started: Started[]): Promise<void> {
  await Promise.all(
    started.map(
      ({ child }) =>
        new Promise<void>((res) => {
          if (child.exitCode !== null) return res();
          child.once('exit', () => res());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 30_000).unref();
        }),
    ),
  );
}
