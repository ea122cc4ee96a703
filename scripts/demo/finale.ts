import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DEMO_YEAR } from './run-seeders';
import type { DemoAccount } from './seed-accounts';

/**
 * What the demo does once the API and the worker are up, through the API as a user would; returns lines
 * for the summary. The product's main job: the demo year's self-evaluation workbook, built through the queue
 * (POST the build, poll its progress, download the xlsx) and saved under var/demo/.
 */
export async function DEMO_FINALE(base: string, accounts: DemoAccount[]): Promise<string[]> {
  const admin = accounts.find((a) => a.username === 'admin');
  if (!admin) return [];
  const signIn = await fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: admin.username, password: admin.password }),
  });
  if (!signIn.ok) return [`sign-in as admin failed: ${signIn.status}`];
  const { token } = (await signIn.json()) as { token: string };
  const auth = { authorization: `Bearer ${token}` };
  const ready = await fetch(`${base}/api/health/ready`).then((r) => r.json());
  const lines = [`readiness: ${JSON.stringify(ready)}`];
  try {
    lines.push(...(await buildWorkbook(base, auth)));
  } catch (e) {
    lines.push(`year-end workbook: FAILED — ${e instanceof Error ? e.message : String(e)}`);
  }
  return lines;
}

interface BuildStatus {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: number;
  error: string | null;
  workbook: { fileName: string; url: string } | null;
  summary: { total: string; maxScore: string; budgetScore: string | null; blockers: number; findings: number; errors: number } | null;
}

async function buildWorkbook(base: string, auth: Record<string, string>): Promise<string[]> {
  const started = Date.now();
  const post = await fetch(`${base}/api/evaluations/${DEMO_YEAR}/builds`, { method: 'POST', headers: auth });
  if (post.status !== 202) throw new Error(`POST /api/evaluations/${DEMO_YEAR}/builds answered ${post.status}: ${await post.text()}`);
  const { build, deduplicated } = (await post.json()) as { build: BuildStatus; deduplicated: boolean };
  let status = build;
  let lastProgress = -1;
  while (status.status === 'queued' || status.status === 'running') {
    if (Date.now() - started > 120_000) throw new Error(`build ${build.id} still ${status.status} after 2 minutes`);
    await new Promise((r) => setTimeout(r, 200));
    const res = await fetch(`${base}/api/evaluations/builds/${build.id}`, { headers: auth });
    if (!res.ok) throw new Error(`GET build answered ${res.status}`);
    status = (await res.json()) as BuildStatus;
    if (status.progress !== lastProgress) {
      lastProgress = status.progress;
      console.log(`[demo] ${DEMO_YEAR}年度绩效自评 build ${build.id.slice(0, 8)}: ${status.status} ${status.progress}%`);
    }
  }
  if (status.status !== 'succeeded' || !status.workbook) throw new Error(`build ${build.id} ${status.status}: ${status.error ?? ''}`);
  const file = await fetch(`${base}${status.workbook.url}`, { headers: auth });
  if (!file.ok) throw new Error(`workbook download answered ${file.status}`);
  const dir = resolve(__dirname, '../../var/demo');
  await mkdir(dir, { recursive: true });
  const path = resolve(dir, status.workbook.fileName);
  await writeFile(path, Buffer.from(await file.arrayBuffer()));
  const s = status.summary;
  return [
    `year-end self-evaluation ${DEMO_YEAR} (built through the queue${deduplicated ? ', same inputs as an earlier build' : ''}, ${((Date.now() - started) / 1000).toFixed(1)} s):`,
    s ? `   总分 ${s.total} / ${s.maxScore}, 预算执行率得分 ${s.budgetScore ?? '—'}; ${s.findings} findings (${s.errors} contradictions), ${s.blockers} reasons it is still a draft` : '',
    `   workbook  ${path}`,
  ].filter(Boolean);
}
