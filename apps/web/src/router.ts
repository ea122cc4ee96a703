import { createRouter, createWebHistory, RouteRecordRaw } from 'vue-router';
import { setUnauthorisedHandler } from './api';
import Shell from './layout/Shell.vue';
import { can, hasApi, loadSession, session } from './session';

declare module 'vue-router' {
  interface RouteMeta {
    title?: string;
    /** permission needed to open the page */
    perm?: string;
    /** API path whose presence the page needs (pages whose API has not landed are not offered) */
    api?: string;
    /** menu group; pages without one are not in the menu */
    group?: string;
    icon?: string;
    public?: boolean;
  }
}

export const shellChildren: RouteRecordRaw[] = [
  { path: '', name: 'dashboard', component: () => import('./pages/DashboardPage.vue'), meta: { title: '工作台', group: '', icon: 'Odometer' } },
  { path: 'org', name: 'org', component: () => import('./pages/OrgPage.vue'), meta: { title: '组织架构', group: '组织与名册', perm: 'org.read', api: '/org-units', icon: 'OfficeBuilding' } },
  { path: 'workers', name: 'workers', component: () => import('./pages/WorkersPage.vue'), meta: { title: '网格员名册', group: '组织与名册', perm: 'roster.read', api: '/workers', icon: 'User' } },
  { path: 'spot-checks/new', name: 'spot-check-new', component: () => import('./pages/SpotCheckEntryPage.vue'), meta: { title: '日抽查登记', group: '考核管理', perm: 'spot_check.write', api: '/spot-checks', icon: 'EditPen' } },
  { path: 'spot-checks', name: 'spot-checks', component: () => import('./pages/SpotChecksPage.vue'), meta: { title: '抽查与整改', group: '考核管理', perm: 'spot_check.read', api: '/spot-checks', icon: 'List' } },
  { path: 'scores', name: 'scores', component: () => import('./pages/ScoresPage.vue'), meta: { title: '月度考核', group: '考核管理', perm: 'assessment.read', api: '/assessment/months', icon: 'DataLine' } },
  { path: 'rankings', name: 'rankings', component: () => import('./pages/RankingsPage.vue'), meta: { title: '季度排名', group: '考核管理', perm: 'assessment.read', api: '/rankings', icon: 'Trophy' } },
  { path: 'headcount', name: 'headcount', component: () => import('./pages/HeadcountPage.vue'), meta: { title: '季度在岗核实', group: '考核管理', perm: 'headcount.read', api: '/headcount', icon: 'Stamp' } },
  { path: 'trainings', name: 'trainings', component: () => import('./pages/TrainingsPage.vue'), meta: { title: '培训场次', group: '培训管理', perm: 'training.read', api: '/trainings', icon: 'Reading' } },
  { path: 'trainings/:id', name: 'training', component: () => import('./pages/TrainingPage.vue'), meta: { title: '培训出勤', perm: 'training.read', api: '/trainings' } },
  { path: 'incidents', name: 'incidents', component: () => import('./pages/IncidentsPage.vue'), meta: { title: '网格事件', group: '事件管理', perm: 'case.read', api: '/cases', icon: 'Warning' } },
  { path: 'incidents/:id', name: 'incident', component: () => import('./pages/IncidentPage.vue'), meta: { title: '案卷详情', perm: 'case.read', api: '/cases' } },
  { path: 'evaluation', name: 'evaluation', component: () => import('./pages/EvaluationPage.vue'), meta: { title: '绩效自评', group: '年终自评', perm: 'evaluation.read', api: '/evaluations', icon: 'Document' } },
  { path: 'users', name: 'users', component: () => import('./pages/UsersPage.vue'), meta: { title: '用户管理', group: '系统管理', perm: 'users.manage', api: '/users', icon: 'UserFilled' } },
  { path: 'audit', name: 'audit', component: () => import('./pages/AuditPage.vue'), meta: { title: '审计日志', group: '系统管理', perm: 'audit.read', api: '/audit', icon: 'Tickets' } },
  { path: 'forbidden', name: 'forbidden', component: () => import('./pages/UnavailablePage.vue'), meta: { title: '无权访问' } },
  { path: ':rest(.*)*', name: 'not-found', component: () => import('./pages/UnavailablePage.vue'), meta: { title: '页面不存在' } },
];

export const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    { path: '/sign-in', name: 'sign-in', component: () => import('./pages/SignInPage.vue'), meta: { title: '登录', public: true } },
    { path: '/', component: Shell, children: shellChildren },
  ],
});

/** Whether the signed-in user may open the page, and its API exists. */
export function offered(meta: { perm?: string; api?: string }): boolean {
  return (!meta.perm || can(meta.perm)) && (!meta.api || hasApi(meta.api));
}

router.beforeEach(async (to) => {
  if (!session.loaded) await loadSession().catch(() => null);
  if (to.meta.public) return session.me && to.name === 'sign-in' ? { name: 'dashboard' } : true;
  if (!session.me) return { name: 'sign-in', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
  if (!offered(to.meta)) return { name: 'forbidden', query: { from: to.fullPath } };
  return true;
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} - 网格化管理服务平台` : '网格化管理服务平台';
});

setUnauthorisedHandler(() => {
  if (router.currentRoute.value.meta.public) return;
  session.me = null;
  void router.push({ name: 'sign-in', query: { redirect: router.currentRoute.value.fullPath } });
});
