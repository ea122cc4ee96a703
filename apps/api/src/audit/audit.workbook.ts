import { newWorkbook, workbookBuffer, writeTable } from '@app/reporting/xlsx/workbook-style';
import type { AuditValues } from '@app/domain/audit/audit.rules';
import type { AuditEntryView } from './audit-search.service';

function text(values: AuditValues | null): string {
  if (!values || !Object.keys(values).length) return '';
  return Object.entries(values)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('\n');
}

/** 审计日志 workbook: one row per entry, the values already masked in the trail. */
export async function renderAuditWorkbook(entries: AuditEntryView[], subtitle: string): Promise<Buffer> {
  const wb = newWorkbook();
  const ws = wb.addWorksheet('审计日志');
  writeTable(ws, {
    title: '审计日志',
    subtitle,
    columns: [
      { header: '时间', width: 26 },
      { header: '用户名', width: 14 },
      { header: '角色', width: 16 },
      { header: '类别', width: 12 },
      { header: '操作', width: 36, align: 'left' },
      { header: '对象类型', width: 12 },
      { header: '对象编号', width: 10 },
      { header: '结果', width: 8 },
      { header: '状态码', width: 8 },
      { header: '客户端地址', width: 16 },
      { header: '请求编号', width: 38 },
      { header: '变更前', width: 30, align: 'left' },
      { header: '变更后', width: 30, align: 'left' },
      { header: '说明', width: 30, align: 'left' },
    ],
    rows: entries.map((e) => [
      e.at,
      e.username,
      e.roles.map((r) => r.name).join('、'),
      e.kindName,
      e.action,
      e.targetType ?? '',
      e.targetId ?? '',
      e.resultName,
      e.status,
      e.clientIp,
      e.requestId,
      text(e.before),
      text(e.after),
      text(e.detail),
    ]),
  });
  return workbookBuffer(wb);
}
