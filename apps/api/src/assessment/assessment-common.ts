import Decimal from 'decimal.js';
import { Actor, DomainError, seesEverything, streetScope, workerScope } from '@app/domain';
import type { Actor as RuleActor } from '@app/domain/assessment/rectification.rules';
import { shown } from '@app/domain/common/decimal';

/** The rules of libs/domain/src/assessment name actors with string ids; ours are integers. */
export function ruleActor(actor: Actor): RuleActor {
  return { roles: actor.roles, streetId: actor.streetId === null ? null : String(actor.streetId) };
}

export function assertYearMonth(year: number, month: number): void {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw DomainError.invalid('年份', `「${year}」不是有效年份`);
  if (!Number.isInteger(month) || month < 1 || month > 12) throw DomainError.invalid('月份', `应为1至12，填写的是「${month}」`);
}

export function assertYearQuarter(year: number, quarter: number): void {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw DomainError.invalid('年份', `「${year}」不是有效年份`);
  if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4) throw DomainError.invalid('季度', `应为1至4，填写的是「${quarter}」`);
}

/**
 * SQL conditions narrowing rows to what the actor may see: their street (street operator), themself
 * (grid worker), everything (centre, leaders). Columns are passed in, params are appended.
 */
export function scopeFilters(actor: Actor, params: unknown[], cols: { street: string; worker: string }): string[] {
  const self = workerScope(actor);
  // a grid worker's scope is themself (streetScope gives them a street that matches nothing)
  if (self !== null) return [`${cols.worker} = $${params.push(self)}`];
  const street = streetScope(actor);
  return street === null ? [] : [`${cols.street} = $${params.push(street)}`];
}

/** Notices list every worker of the district or street: not for a grid worker. */
export function assertMayReadNotices(actor: Actor): void {
  if (!seesEverything(actor) && !(actor.roles.includes('street_operator') && actor.streetId !== null)) {
    throw DomainError.forbidden('网格员只能查看本人的抽查和考核结果');
  }
}

/** A numeric as shown: two decimals, half up. */
export function two(value: Decimal.Value | null | undefined): string | null {
  return value === null || value === undefined ? null : shown(value).toFixed(2);
}
