/**
 * The console talks to the API with the session cookie (HttpOnly, SameSite=Strict, path /api) that
 * POST /api/auth/sign-in sets; the token in the response body is not kept anywhere in the browser.
 * Errors come back as {code, message, problems?: [{field, message, row?}], requestId}.
 */
export interface Problem {
  field?: string;
  message: string;
  row?: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: Problem[] = [],
    readonly requestId?: string,
  ) {
    super(message);
  }
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

let onUnauthorised: () => void = () => undefined;
export function setUnauthorisedHandler(fn: () => void): void {
  onUnauthorised = fn;
}

export function qs(query?: Query): string {
  if (!query) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

async function fail(res: Response): Promise<never> {
  let body: { code?: string; message?: string; problems?: Problem[]; requestId?: string } = {};
  try {
    body = await res.json();
  } catch {
    /* not JSON */
  }
  if (res.status === 401) onUnauthorised();
  const fallback: Record<number, string> = {
    401: '登录已失效，请重新登录',
    403: '没有权限执行此操作',
    404: '记录不存在或无权查看',
    413: '文件过大',
    502: '服务暂时不可用，请稍后再试',
    503: '服务暂时不可用，请稍后再试',
  };
  throw new ApiError(res.status, body.code ?? `HTTP_${res.status}`, body.message ?? fallback[res.status] ?? `请求失败（${res.status}）`, body.problems ?? [], body.requestId);
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(`/api${path}${qs(query)}`, init);
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络');
  }
  if (!res.ok) return fail(res);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? res.json() : res.text()) as Promise<T>;
}

export const http = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {}),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body ?? {}),
  del: <T>(path: string) => request<T>('DELETE', path),
  upload: <T>(path: string, file: File, fields: Record<string, string> = {}) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', file);
    return request<T>('POST', path, form);
  },
};

function fileNameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain ? plain[1] : fallback;
}

/** Downloads a file (xlsx) through fetch, so that an error shows as a message instead of a JSON page. */
export async function download(path: string, query?: Query, fallbackName = '下载.xlsx', method: 'GET' | 'POST' = 'GET'): Promise<string> {
  const res = await fetch(`/api${path}${qs(query)}`, { method, credentials: 'same-origin' });
  if (!res.ok) return fail(res);
  const blob = await res.blob();
  const name = fileNameOf(res, fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

/** Field → message, for `<el-form-item :error="…">`; several messages of one field are joined. */
export function problemsByField(e: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (e instanceof ApiError) for (const p of e.problems) if (p.field && p.row === undefined) out[p.field] = out[p.field] ? `${out[p.field]}；${p.message}` : p.message;
  return out;
}

export function messageOf(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return '操作失败';
}
