import ExcelJS from 'exceljs';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { given, idNumber } from '../support/given';
import { ARTIFACTS, Browser, ConsoleApp, openBrowser, pageErrors, screenshot, signIn, startConsole, userWithPassword } from './support/console';

/**
 * The console in Debian's Chromium against the API on its own database: sign-in, the shell and its menu,
 * the dashboard, the organisation tree and the roster (search, import with its error list, export), and a
 * street operator who sees only their street.
 */
jest.setTimeout(60_000);

describe('web console: shell, organisation and roster', () => {
  let t: ConsoleApp;
  let b: Browser;
  let staff: { username: string; password: string };
  let operator: { username: string; password: string };

  beforeAll(async () => {
    t = await startConsole();
    const g = given(t);
    const lq = await g.tree({ street: '龙泉街道' });
    const bg = await g.street(lq.district, '白关镇');
    await g.worker(lq.grid.id, { name: '龙泉张三' });
    await g.worker(lq.grid.id, { name: '龙泉李四' });
    await g.worker(bg.grid.id, { name: '白关王五' });
    staff = await userWithPassword(t, 'staff1', ['centre_staff'], {}, '考核员小王');
    operator = await userWithPassword(t, 'longquan1', ['street_operator'], { streetId: lq.street.id }, '龙泉专干');
    b = await openBrowser();
  }, 180_000);

  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  it('refuses a wrong password in place, then signs in and shows the menu of the role', async () => {
    const { page } = b;
    await page.goto(`${t.baseUrl}/workers`);
    await page.waitForURL(/\/sign-in\?redirect=/);
    await page.getByPlaceholder('请输入用户名').fill(staff.username);
    await page.getByPlaceholder('请输入密码').fill('wrong-password-1');
    await page.locator('[data-test=sign-in-submit]').click();
    await expectText(page.locator('[data-test=sign-in-error]'), /用户名或密码/);
    await screenshot(page, '01-sign-in');
    await page.getByPlaceholder('请输入密码').fill(staff.password);
    await page.locator('[data-test=sign-in-submit]').click();
    await page.waitForURL(/\/workers$/); // back where the user wanted to go
    await expectText(page.locator('[data-test=current-user]'), /考核员小王\s+中心工作人员/);
    const menu = await page.locator('[data-test=menu]').innerText();
    expect(menu).toContain('网格员名册');
    expect(menu).toContain('组织架构');
    expect(pageErrors(page)).toEqual([]);
  });

  it('shows the dashboard with the roster figures', async () => {
    const { page } = b;
    await page.goto(`${t.baseUrl}/`);
    await expectText(page.locator('[data-test=stat-workers]'), /3/);
    await page.locator('[data-test=card-workers-by-street] canvas').waitFor();
    await screenshot(page, '02-dashboard');
    expect(pageErrors(page)).toEqual([]);
  });

  it('browses the organisation tree', async () => {
    const { page } = b;
    await page.goto(`${t.baseUrl}/org`);
    await page.locator('[data-test=org-tree]').getByText('龙泉街道').click();
    await expectText(page.locator('[data-test=org-children]'), /社区/);
    await screenshot(page, '03-organisation');
  });

  it('filters the roster by the tree and by name, with masked numbers', async () => {
    const { page } = b;
    await page.goto(`${t.baseUrl}/workers`);
    const table = page.locator('[data-test=roster-table]');
    await expectText(table, /白关王五/);
    await page.locator('[data-test=org-tree]').getByText('龙泉街道').click();
    await expectNoText(table, /白关王五/);
    await expectText(table, /龙泉张三/);
    expect(await table.innerText()).toMatch(/430\*{11}\d{3}[\dX]/);
    await page.locator('[data-test=roster-name]').fill('李四');
    await page.keyboard.press('Enter');
    await expectNoText(table, /龙泉张三/);
    await expectText(table, /龙泉李四/);
    await screenshot(page, '04-roster');
  });

  it('imports a roster with mistakes: nothing is written and the problems are listed by row', async () => {
    const { page } = b;
    await page.goto(`${t.baseUrl}/workers`);
    await page.locator('[data-test=roster-import]').click();
    const dialog = page.locator('[data-test=import-dialog]');
    // the template comes from the dialog
    const [template] = await Promise.all([page.waitForEvent('download'), dialog.getByText('下载导入模板').click()]);
    expect(template.suggestedFilename()).toBe('网格员名册导入模板.xlsx');
    const file = await badRoster(await template.path());
    await dialog.locator('[data-test=import-file]').setInputFiles(file);
    const problems = dialog.locator('[data-test=import-problems]');
    await expectText(problems, /身份证号/);
    const text = await problems.innerText();
    expect(text).toMatch(/行号\s+字段\s+问题/);
    expect(text).toContain('手机号码');
    await expectText(dialog.locator('[data-test=import-error]'), /未写入任何数据/);
    await screenshot(page, '05-roster-import-errors');
    await dialog.getByRole('button', { name: '关闭', exact: true }).click();
  });

  it('exports the roster as a workbook', async () => {
    const { page } = b;
    await page.goto(`${t.baseUrl}/workers`);
    const [file] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=roster-export]').click()]);
    expect(file.suggestedFilename()).toMatch(/^网格员名册-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await file.path())!) as unknown as ArrayBuffer);
    const cells = JSON.stringify(wb.worksheets[0].getSheetValues());
    expect(cells).toContain('白关王五');
  });

  it('signs out', async () => {
    const { page } = b;
    await page.locator('[data-test=current-user]').hover();
    await page.locator('[data-test=sign-out]').click();
    await page.getByRole('button', { name: '退出' }).click();
    await page.waitForURL(/\/sign-in/);
    const me = await page.evaluate(() => fetch('/api/auth/me').then((r) => r.status));
    expect(me).toBe(401);
  });

  it('a street operator sees only their street', async () => {
    const { page } = b;
    await signIn(page, t.baseUrl, operator.username, operator.password);
    await expectText(page.locator('.scope'), /龙泉街道/);
    await page.goto(`${t.baseUrl}/workers`);
    const table = page.locator('[data-test=roster-table]');
    await expectText(table, /龙泉张三/);
    expect(await table.innerText()).not.toContain('白关王五');
    expect(await page.locator('[data-test=org-tree]').innerText()).not.toContain('白关镇');
    const menu = await page.locator('[data-test=menu]').innerText();
    expect(menu).not.toContain('绩效自评');
    await screenshot(page, '06-street-operator-roster');
  });
});

async function expectText(locator: import('playwright-core').Locator, re: RegExp, timeout = 10_000): Promise<void> {
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

async function expectNoText(locator: import('playwright-core').Locator, re: RegExp, timeout = 10_000): Promise<void> {
  const until = Date.now() + timeout;
  let last = '';
  while (Date.now() < until) {
    last = (await locator.innerText({ timeout: 1000 }).catch(() => '')) ?? '';
    if (!re.test(last) && !/加载中/.test(last)) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`did not expect ${re} in: ${last.slice(0, 500)}`);
}

/** The template with two wrong rows: a bad phone and a wrong ID check digit. */
async function badRoster(templatePath: string | null): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(templatePath!);
  const ws = wb.worksheets[0];
  let header = 0;
  ws.eachRow((row, n) => {
    if (!header && JSON.stringify(row.values).includes('网格员编号')) header = n;
  });
  const cols: Record<string, number> = {};
  ws.getRow(header).eachCell((c, n) => (cols[String(c.value)] = n));
  for (let r = header + 1; r <= ws.rowCount; r++) ws.getRow(r).values = [];
  const good = idNumber('19880101', 123);
  const wrongCheck = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
  const rows = [
    { 网格员编号: 'E2E001', 姓名: '导入甲', 手机号码: '1380000', 身份证号: good, 网格编码: 'nope', 类别: '专职', 是否网格长: '否', 入职日期: '2024-01-02' },
    { 网格员编号: 'E2E002', 姓名: '导入乙', 手机号码: '13800000002', 身份证号: wrongCheck, 网格编码: 'nope', 类别: '专职', 是否网格长: '否', 入职日期: '2024-01-02' },
  ];
  rows.forEach((values, i) => {
    const row = ws.getRow(header + 1 + i);
    for (const [k, v] of Object.entries(values)) if (cols[k]) row.getCell(cols[k]).value = v;
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  const out = join(ARTIFACTS, 'bad-roster.xlsx');
  await wb.xlsx.writeFile(out);
  return out;
}
