import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { AuditKind } from '@app/domain/audit/audit.rules';
import { AUDIT_KIND } from '../../apps/api/src/audit/audit.decorators';
import { ANY_SIGNED_IN, PUBLIC_ROUTE, REQUIRED_PERMISSION } from '../../apps/api/src/auth/auth.decorators';

export interface Route {
  /** 'GET /api/workers/:id' */
  key: string;
  method: string;
  path: string;
  params: string[];
  controller: string;
  handler: string;
  isPublic: boolean;
  /** A Permission, 'signed_in', or undefined when the route declares nothing. */
  permission: string | undefined;
  auditKind: AuditKind | undefined;
  /** The handler's code sends a file (sendXlsx, a Content-Disposition header, a StreamableFile). */
  sendsFile: boolean;
}

const SENDS_FILE = /sendXlsx|Content-Disposition|contentDisposition|StreamableFile|sendFile|attachment/;

function joinPath(...parts: string[]): string {
  const p = `/${parts.map((x) => x.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
  return p;
}

/**
 * The application's own route table, read from the controllers Nest registered (path and method metadata,
 * global prefix /api), with what each route declares. Cross-checked against the routes Express serves, so
 * a route registered any other way is noticed.
 */
export function routeTable(app: INestApplication): Route[] {
  const modules = app.get(ModulesContainer);
  const routes: Route[] = [];
  for (const mod of modules.values()) {
    for (const wrapper of mod.controllers.values()) {
      const type = wrapper.metatype as (new (...a: unknown[]) => unknown) | undefined;
      if (!type?.prototype) continue;
      const ctrlPaths = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, type) ?? '/');
      const classPublic = Reflect.getMetadata(PUBLIC_ROUTE, type) === true;
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        if (name === 'constructor') continue;
        const fn = Object.getOwnPropertyDescriptor(type.prototype, name)?.value as (() => unknown) | undefined;
        if (typeof fn !== 'function') continue;
        const methodPath = Reflect.getMetadata(PATH_METADATA, fn);
        if (methodPath === undefined) continue;
        const requestMethod = Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod;
        const method = RequestMethod[requestMethod];
        for (const cp of ctrlPaths) {
          for (const mp of ([] as string[]).concat(methodPath)) {
            const path = joinPath('api', cp, mp);
            routes.push({
              key: `${method} ${path}`,
              method,
              path,
              params: [...path.matchAll(/:(\w+)/g)].map((m) => m[1]),
              controller: type.name,
              handler: name,
              isPublic: classPublic || Reflect.getMetadata(PUBLIC_ROUTE, fn) === true,
              permission: Reflect.getMetadata(REQUIRED_PERMISSION, fn),
              auditKind: Reflect.getMetadata(AUDIT_KIND, fn),
              sendsFile: SENDS_FILE.test(fn.toString()),
            });
          }
        }
      }
    }
  }
  return routes.sort((a, b) => a.key.localeCompare(b.key));
}

/** 'GET /api/workers/:id' of every route Express serves under /api (Swagger's own pages left out). */
export function expressRoutes(app: INestApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } };
  const out = new Set<string>();
  for (const layer of express.router.stack) {
    if (!layer.route) continue;
    const path = layer.route.path;
    if (!path.startsWith('/api') || path.startsWith('/api/docs')) continue;
    for (const [m, on] of Object.entries(layer.route.methods)) if (on && m !== '_all') out.add(`${m.toUpperCase()} ${path}`);
  }
  return [...out].sort();
}

export { ANY_SIGNED_IN };

/** A path with its parameters filled in. */
export function fillPath(path: string, params: Record<string, string | number>): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    if (params[name] === undefined) throw new Error(`no value for :${name} in ${path}`);
    return encodeURIComponent(String(params[name]));
  });
}
