/** Display helpers: everything in Asia/Shanghai, Chinese labels. */
const dt = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
const d = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const parts = Object.fromEntries(dt.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

export function dateOnly(iso: string | null | undefined): string {
  if (!iso) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const parts = Object.fromEntries(d.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** '0.9296' → '92.96%' */
export function percent(rate: string | number | null | undefined): string {
  if (rate === null || rate === undefined || rate === '') return '—';
  return `${(Number(rate) * 100).toFixed(2)}%`;
}

/** Today in Shanghai, 'YYYY-MM-DD'. */
export function todayShanghai(): string {
  return dateOnly(new Date().toISOString());
}

export function currentYear(): number {
  return Number(todayShanghai().slice(0, 4));
}

/** A date-time picker value ('YYYY-MM-DD HH:mm:ss', Shanghai wall clock) → ISO with +08:00. */
export function shanghaiIso(local: string): string {
  return `${local.replace(' ', 'T')}+08:00`;
}

/** ISO → 'YYYY-MM-DD HH:mm:ss' in Shanghai, for a date-time picker. */
export function shanghaiLocal(iso: string): string {
  return `${dateTime(iso)}:00`;
}
