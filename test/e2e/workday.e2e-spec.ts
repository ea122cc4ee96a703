import type { INestApplicationContext } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { todayInShanghai } from '@app/domain';
import { given } from '../support/given';
import { startTestWorker } from '../support/test-worker';
import { Browser, ConsoleApp, openBrowser, pageErrors, ROOT, screenshot, signIn, startConsole, userWithPassword } from './support/console';

jest.setTimeout(90_000);

/**
 * A centre staff member's day in the console: a spot check logged with type-ahead, a training's attendance
 * recorded one click per worker, a case accepted and dispatched, and at year end the self-evaluation
 * workbook built (live progress) and downloaded. Screenshots of each page go to test-artifacts/e2e.
 */
describe('web console: a centre staff member’s day and year end', () => {
  let t: ConsoleApp;
  let worker: INestApplicationContext;
  let b: Browser;
  let page: Page;
  let auth: string;
  let sessionId: number;
  let caseId: number;

  beforeAll(async () => {
    t = await startConsole();
    worker = await startTestWorker(t.config);
    const g = given(t);
    const lq = await g.tree({ street: '龙泉街道' });
    await g.worker(lq.grid.id, { name: '张抽查' });
    await g.worker(lq.grid.id, { name: '李培训' });
    await g.worker(lq.grid.id, { name: '王培训' });
    await g.department('区环保局');
    const staff = await userWithPassword(t, 'staff2', ['centre_staff'], {}, '考核员小李');
    auth = (await g.user(['centre_staff'])).auth;

    // a training held yesterday, and a case reported today (through the API, as other people would)
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    const day = yesterday.slice(0, 10);
    const s = await t.http().post('/api/trainings/sessions').set('Authorization', auth).send({
      title: '网格事件上报规范培训',
      organiser: '区网格化管理服务中心',
      mode: 'offline',
      startsAt: `${day}T01:00:00.000Z`,
      endsAt: `${day}T03:00:00.000Z`,
      hours: '2',
      place: '中心三楼会议室',
      audience: { kind: 'all' },
      countsAsGeneralTraining: true,
    });
    expect(s.status).toBe(201);
    sessionId = s.body.id;
    expect((await t.http().post(`/api/trainings/sessions/${sessionId}/hold`).set('Authorization', auth)).status).toBe(200);
    const year = Number(todayInShanghai().slice(0, 4));
    const csv = readFileSync(join(ROOT, `libs/domain/src/working-days/data/${year}.csv`));
    expect((await t.http().post(`/api/working-calendar/${year}`).set('Authorization', auth).attach('file', csv, `${year}.csv`)).status).toBeLessThan(300);
    await t.http().post('/api/case-categories/defaults').set('Authorization', auth);
    const cats = (await t.http().get('/api/case-categories').set('Authorization', auth)).body as Array<{ id: number; kind: string; children: Array<{ id: number; selfClosable: boolean }> }>;
    const leaf = cats.find((c) => c.kind === 'incident')!.children.find((c) => !c.selfClosable)!;
    const c = await t.http().post('/api/cases').set('Authorization', auth).send({ categoryId: leaf.id, gridId: lq.grid.id, address: '龙泉社区3栋', description: '小区垃圾堆放未清运' });
    expect(c.status).toBe(201);
    caseId = c.body.id;

    b = await openBrowser();
    page = b.page;
    await signIn(page, t.baseUrl, staff.username, staff.password);
  }, 180_000);

  afterAll(async () => {
    await b?.close();
    await worker?.close();
    await t?.close();
  });

  it('logs a spot check: worker by type-ahead, one item failed with a deduction and a deadline', async () => {
    await page.goto(`${t.baseUrl}/spot-checks/new`);
    const items = page.locator('[data-test=check-items]');
    await items.locator('tbody tr').first().waitFor();
    await page.locator('[data-test=worker-picker] input').fill('张抽');
    await page.locator('.el-select-dropdown__item', { hasText: '张抽查' }).click();
    await page.getByRole('button', { name: '全部合格' }).click();
    const first = items.locator('tbody tr').first();
    await first.getByText('不合格').click();
    await first.locator('input[data-test^=problem-]').fill('入户走访记录缺失3户');
    await expectText(page.locator('[data-test=total-deduction]'), /^0\.50$/); // the item's smallest deduction
    await screenshot(page, '11-spot-check-entry');
    await page.locator('[data-test=save-spot-check]').click();
    await expectText(page.locator('[data-test=recent-checks]'), /张抽查/);
    await page.goto(`${t.baseUrl}/spot-checks`);
    await expectText(page.locator('[data-test=rectifications]'), /入户走访记录缺失3户/);
    await screenshot(page, '12-rectifications');
    expect(pageErrors(page)).toEqual([]);
  });

  it('records attendance one click per worker', async () => {
    await page.goto(`${t.baseUrl}/trainings`);
    await expectText(page.locator('[data-test=sessions-table]'), /网格事件上报规范培训/);
    await screenshot(page, '13-trainings');
    await page.goto(`${t.baseUrl}/trainings/${sessionId}`);
    const grid = page.locator('[data-test=attendance-grid]');
    await expectText(grid, /李培训/);
    const row = (name: string) => grid.locator('tbody tr', { hasText: name });
    await row('李培训').getByText('出勤', { exact: true }).click();
    await row('王培训').getByText('迟到', { exact: true }).click();
    await row('张抽查').getByText('缺勤', { exact: true }).click();
    await expectText(page.locator('[data-test=attendance-rate]'), /66\.67%/);
    await screenshot(page, '14-attendance');
    const saved = await t.http().get(`/api/trainings/sessions/${sessionId}/attendance`).set('Authorization', auth);
    expect(saved.body.tally).toMatchObject({ present: 1, late: 1, absent: 1, attended: 2 });
  });

  it('accepts and dispatches a case; overdue cases are highlighted in the list', async () => {
    await page.goto(`${t.baseUrl}/incidents`);
    await expectText(page.locator('[data-test=cases-table]'), /小区垃圾堆放未清运/);
    await page.goto(`${t.baseUrl}/incidents/${caseId}`);
    await page.locator('[data-test=action-accept]').click();
    await page.locator('[data-test=case-action-submit]').click();
    await expectText(page.locator('[data-test=case-state]'), /已受理/);
    await page.locator('[data-test=action-dispatch]').click();
    const dialog = page.locator('[data-test=case-action-dialog]');
    await dialog.getByText('职能部门').click();
    await dialog.locator('[data-test=assignee]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '区环保局' }).click();
    await dialog.locator('textarea').fill('请区环保局核查处置');
    await page.locator('[data-test=case-action-submit]').click();
    await expectText(page.locator('[data-test=case-state]'), /已派遣/);
    await expectText(page.locator('[data-test=case-timeline]'), /派遣[\s\S]*受理[\s\S]*上报/);
    await screenshot(page, '15-case');
    await page.goto(`${t.baseUrl}/incidents`);
    await screenshot(page, '16-incidents');
  });

  it('builds the year-end workbook with a live progress bar and downloads it', async () => {
    await page.goto(`${t.baseUrl}/evaluation`);
    await expectText(page.locator('[data-test=indicator-table]'), /开展全科网格员培训次数/);
    await page.locator('[data-test=build-workbook]').click();
    await expectText(page.locator('[data-test=build-progress]'), /已完成|100%/, 60_000);
    const [file] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=download-workbook]').click()]);
    expect(file.suggestedFilename()).toMatch(/整体支出绩效自评表.*\.xlsx$/);
    const bytes = readFileSync((await file.path())!);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    await screenshot(page, '17-evaluation');
    await page.getByRole('tab', { name: /数据校验/ }).click();
    await screenshot(page, '18-evaluation-findings');
    expect(pageErrors(page)).toEqual([]);
  });

  it('shows the dashboard with the feature cards', async () => {
    await page.goto(`${t.baseUrl}/`);
    await expectText(page.locator('[data-test=stat-checks-month]'), /1/);
    await page.locator('[data-test=card-cases-by-state] canvas').waitFor();
    await screenshot(page, '19-dashboard-full');
    expect(todayInShanghai()).toBeTruthy();
  });
});

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
