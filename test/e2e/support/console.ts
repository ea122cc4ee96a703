import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { createUser } from '@app/domain/accounts/accounts.store';
import type { Role } from '@app/domain';
import { startTestApp, TestApp } from '../../support/test-app';

export const ROOT = resolve(__dirname, '../../..');
export const WEB_DIST = join(ROOT, 'apps/web/dist');
export const ARTIFACTS = join(ROOT, 'test-artifacts/e2e');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Builds apps/web/dist when it is missing or older than its sources (one build even when files run in parallel). */
export function ensureWebBuilt(): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'apps/web/build-if-stale.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`web build failed: ${r.stdout}\n${r.stderr}`);
}

export interface ConsoleApp extends TestApp {
  baseUrl: string;
}

/** The API on its own test database, listening on a free port and serving the built console. */
export async function startConsole(): Promise<ConsoleApp> {
  ensureWebBuilt();
  const t = await startTestApp({ WEB_DIR: WEB_DIST });
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return { ...t, baseUrl: `http://127.0.0.1:${port}` };
}

/** A user who signs in with a password, as a person would. */
export async function userWithPassword(t: TestApp, username: string, roles: Role[], bind: { streetId?: number; departmentId?: number; workerId?: number } = {}, displayName = username) {
  const password = 'Ee2e-test-9#pass';
  const id = await t.db.transaction((em) => createUser(em, { username, displayName, roles, password, ...bind }));
  return { id, username, password };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, on a fresh profile; nothing is downloaded. */
export async function openBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'grid-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) errors.push(m.text());
  });
  (page as Page & { consoleErrors?: string[] }).consoleErrors = errors;
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Errors the page threw and CSP refusals it logged. */
export function pageErrors(page: Page): string[] {
  return (page as Page & { consoleErrors?: string[] }).consoleErrors ?? [];
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.waitForTimeout(300); // let charts and transitions settle
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByPlaceholder('请输入用户名').fill(username);
  await page.getByPlaceholder('请输入密码').fill(password);
  await page.locator('[data-test=sign-in-submit]').click();
  await page.locator('[data-test=current-user]').waitFor();
}

