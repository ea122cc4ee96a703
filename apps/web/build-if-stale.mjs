#!/usr/bin/env node
/**
 * Builds the console (npm run build:web) when apps/web/dist is missing or older than its sources; used by
 * `npm run demo` and by the end-to-end tests. A lock directory keeps two callers from building at once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = dirname(fileURLToPath(import.meta.url));
const root = resolve(web, '../..');
const dist = join(web, 'dist', 'index.html');
const lock = join(web, '.build-lock');

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), s.mtimeMs);
}

export function webIsStale() {
  if (!existsSync(dist)) return true;
  const sources = ['src', 'public', 'index.html', 'vite.config.ts', join(root, 'package-lock.json')].map((p) => resolve(web, p)).filter(existsSync);
  return Math.max(...sources.map(newest)) > statSync(dist).mtimeMs;
}

export function buildWebIfStale(log = console.log) {
  if (!webIsStale()) return false;
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // another process is building; a lock older than 5 minutes is left over from a killed build
      if (Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() - started > 300_000) throw new Error('waited 5 minutes for another web build');
      else spawnSync('sleep', ['1']);
    }
  }
  try {
    if (!webIsStale()) return false;
    log('web console: building apps/web/dist (npm run build:web)');
    const r = spawnSync('npm', ['run', '-s', 'build:web'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`web build failed:\n${r.stdout}\n${r.stderr}`);
    return true;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    if (!buildWebIfStale()) console.log('web console: apps/web/dist is up to date');
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
