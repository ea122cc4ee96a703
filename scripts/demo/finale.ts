import type { DemoAccount } from './seed-accounts';

/**
 * What the demo does once the API and the worker are up, through the API as a user would; returns lines
 * for the summary. Features extend it (the year-end workbook is the product's main job).
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
  const ready = await fetch(`${base}/api/health/ready`).then((r) => r.json());
  return [`readiness: ${JSON.stringify(ready)}`];
}
