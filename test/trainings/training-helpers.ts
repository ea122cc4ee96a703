import ExcelJS from 'exceljs';
import { queryOne } from '@app/domain/database/sql';
import type { TestApp } from '../support/test-app';

/** A session body for POST /api/trainings/sessions, Shanghai times. */
export function sessionBody(overrides: Record<string, unknown> = {}) {
  return {
    title: '如何开展信访工作',
    organiser: '区信访局',
    mode: 'offline',
    startsAt: '2024-04-18T09:00:00+08:00',
    endsAt: '2024-04-18T11:30:00+08:00',
    hours: '2.5',
    place: '区网格化管理服务中心三楼会议室',
    audience: { kind: 'all' },
    countsAsGeneralTraining: true,
    ...overrides,
  };
}

/** Creates and (by default) holds a session; returns its id. */
export async function heldSession(t: TestApp, auth: string, overrides: Record<string, unknown> = {}, hold = true): Promise<number> {
  const created = await t.http().post('/api/trainings/sessions').set('Authorization', auth).send(sessionBody(overrides)).expect(201);
  if (hold) await t.http().post(`/api/trainings/sessions/${created.body.id}/hold`).set('Authorization', auth).expect(200);
  return created.body.id as number;
}

/** A typed sign-in sheet: a title row, then 序号/姓名/手机号/网格员编号/签到时间 and the rows. */
export async function signInSheet(rows: Array<{ name?: string; phone?: string; code?: string; signIn?: string; street?: string }>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('签到表');
  ws.addRow(['2024年网格员培训签到表']);
  ws.addRow(['序号', '姓名', '手机号', '网格员编号', '镇街', '签到时间']);
  rows.forEach((r, i) => ws.addRow([i + 1, r.name ?? '', r.phone ?? '', r.code ?? '', r.street ?? '', r.signIn ?? '']));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function workerContact(t: TestApp, id: number): Promise<{ name: string; phone: string; code: string }> {
  return (await queryOne<{ name: string; phone: string; code: string }>(t.db, `SELECT name, phone, code FROM grid_worker WHERE id = $1`, [id]))!;
}

export async function attendanceCount(t: TestApp, sessionId: number): Promise<number> {
  return Number((await queryOne<{ n: string }>(t.db, `SELECT count(*) AS n FROM training_attendance WHERE session_id = $1`, [sessionId]))!.n);
}
