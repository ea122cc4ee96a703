import type { Locator, Page } from 'playwright-core';
import { given } from '../support/given';
import { Browser, ConsoleApp, openBrowser, pageErrors, screenshot, signIn, startConsole, userWithPassword } from './support/console';

/**
 * The 系统管理 pages in Debian's Chromium: a centre admin creates a street operator bound to a street, sees the
 * generated password once, disables the account, and finds the creation in the audit trail.
 */
jest.setTimeout(90_000);

describe('web console: users and audit trail', () => {
  let t: ConsoleApp;
  let b: Browser;
  let admin: { username: string; password: string };

  beforeAll(async () => {
    t = await startConsole();
    const g = given(t);
    await g.tree({ street: '龙泉街道' });
    admin = await userWithPassword(t, 'admin1', ['centre_admin'], {}, '中心管理员甲');
    b = await openBrowser();
  }, 180_000);

  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  it('creates a street operator, shows the initial password once, disables them, and finds the creation in the audit log', async () => {
    const { page } = b;
    await signIn(page, t.baseUrl, admin.username, admin.password);
    const menu = page.locator('[data-test=menu]');
    await menu.getByText('系统管理').click();
    await menu.getByText('用户管理').click();
    await page.waitForURL(/\/users$/);
    const table = page.locator('[data-test=users-table]');
    await expectText(table, /admin1/);

    // create: username, 姓名, role, and the street the role needs
    await page.locator('[data-test=user-create]').click();
    const dialog = page.locator('[data-test=user-dialog]');
    await dialog.locator('[data-test=user-username]').fill('longquan9');
    await dialog.locator('[data-test=user-display-name]').fill('龙泉专干九');
    await dialog.locator('[data-test=user-roles]').click();
    await pickOption(page, '镇街网格专干');
    await dialog.locator('.el-dialog__header').click(); // close the multi-select dropdown
    await dialog.locator('[data-test=user-street]').click();
    await pickOption(page, '龙泉街道');
    await dialog.locator('[data-test=user-save]').click();

    // the generated password, once
    const once = page.locator('[data-test=password-once]');
    await expectText(once, /\S{12,}/);
    const password = (await once.innerText()).trim();
    await screenshot(page, '07-users-initial-password');
    await page.locator('[data-test=password-dialog]').getByRole('button', { name: '我已记下' }).click();
    await once.waitFor({ state: 'hidden' });
    const row = table.locator('tr', { hasText: 'longquan9' });
    await expectText(row, /龙泉专干九[\s\S]*镇街网格专干[\s\S]*龙泉街道[\s\S]*正常/);
    expect(await page.locator('body').innerText()).not.toContain(password);

    // disable
    await row.locator('[data-test=user-disable]').click();
    await page.locator('.el-message-box').getByRole('button', { name: '停用' }).click();
    await expectText(row.locator('[data-test=user-status]'), /停用/);
    await screenshot(page, '08-users');

    // the audit trail has the creation
    await menu.getByText('审计日志').click();
    await page.waitForURL(/\/audit$/);
    await page.locator('[data-test=audit-action]').fill('POST /api/users');
    await page.keyboard.press('Enter');
    const audit = page.locator('[data-test=audit-table]');
    const created = audit.locator('tr', { hasText: /POST \/api\/users\s*(users)?\s*(#\d+)?\s*成功/ }).first();
    await expectText(audit, /POST \/api\/users\/\S+\/disable/);
    await expectText(created, /admin1[\s\S]*中心管理员[\s\S]*数据变更[\s\S]*POST \/api\/users[\s\S]*成功/);
    await screenshot(page, '09-audit');
    await created.getByRole('button', { name: '详情' }).click();
    const drawer = page.locator('[data-test=audit-detail]');
    await expectText(drawer.locator('[data-test=audit-after]'), /longquan9/);
    expect(await drawer.innerText()).not.toContain(password);
    await screenshot(page, '10-audit-detail');
    expect(pageErrors(page)).toEqual([]);
  });
});

async function pickOption(page: Page, label: string): Promise<void> {
  await page.locator('.el-select-dropdown__item:visible', { hasText: label }).first().click();
}

async function expectText(locator: Locator, re: RegExp, timeout = 10_000): Promise<void> {
  const until = Date.now() + timeout;
  let last = '';
  while (Date.now() < until) {
    last = (await locator.innerText({ timeout: 1000 }).catch(() => '')) ?? '';
    if (re.test(last)) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  await screenshot(locator.page(), `failed-${Date.now()}`).catch(() => undefined);
  throw new Error(`expected ${re} in: ${last.slice(0, 500)}`);
}
