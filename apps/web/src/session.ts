import { reactive } from 'vue';
import { ApiError, http } from './api';
import { currentYear } from './format';

export interface Me {
  id: number;
  username: string;
  displayName: string;
  roles: Array<{ code: string; name: string }>;
  permissions: string[];
  streetId: number | null;
  departmentId: number | null;
  workerId: number | null;
}

/** The signed-in user and the API's routes (read once from the OpenAPI document). */
export const session = reactive({
  me: null as Me | null,
  loaded: false,
  routes: new Set<string>(),
  /** The latest business year with operational records (from /api/meta/years); year pages open on it. */
  latestYear: null as number | null,
});

/** The year a year-based page opens on: the latest year with records, else this year. */
export function defaultYear(): number {
  return session.latestYear ?? currentYear();
}

export function can(permission: string): boolean {
  return !!session.me?.permissions.includes(permission);
}

/** True when the API has a route starting with this path (e.g. '/spot-checks'), so that a page or card whose API has not landed is not shown. */
export function hasApi(path: string): boolean {
  const p = `/api${path}`;
  for (const r of session.routes) if (r === p || r.startsWith(`${p}/`) || r.startsWith(`${p}?`)) return true;
  return false;
}

export function hasRoute(method: string, path: string): boolean {
  return session.routes.has(`${method.toUpperCase()} /api${path}`) || session.routes.has(`/api${path}`) ;
}

async function loadRoutes(): Promise<void> {
  if (session.routes.size) return;
  try {
    const doc = await http.get<{ paths: Record<string, Record<string, unknown>> }>('/docs-json');
    const set = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths)) {
      const p = path.replace(/\{[^}]+\}/g, ':id');
      set.add(p);
      for (const m of Object.keys(ops)) set.add(`${m.toUpperCase()} ${p}`);
    }
    session.routes = set;
  } catch {
    /* without the document every page stays visible and the API answers for itself */
  }
}

export async function loadSession(): Promise<Me | null> {
  await loadRoutes();
  try {
    session.me = await http.get<Me>('/auth/me');
    session.latestYear = await http
      .get<{ current: number; latestWithData: number }>('/meta/years')
      .then((y) => y.latestWithData)
      .catch(() => null);
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) throw e;
    session.me = null;
  }
  session.loaded = true;
  return session.me;
}

export async function signOut(): Promise<void> {
  try {
    await http.post('/auth/sign-out');
  } finally {
    session.me = null;
  }
}
