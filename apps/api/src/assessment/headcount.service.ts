import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError, inStreetScope, streetScope, todayInShanghai } from '@app/domain';
import { bonusStandardFor, confirmHeadcount, derivedHeadcount } from '@app/domain/assessment/assessment.store';
import {
  assertMayEditHeadcount,
  buildHeadcountTable,
  DerivedHeadcount,
  HEADCOUNT_STATUS_LABELS,
  HeadcountCorrection,
  HeadcountStatus,
  HeadcountTable,
  validateHeadcountCorrection,
} from '@app/domain/assessment/headcount.rules';
import { compareIds } from '@app/domain/assessment/ranking.rules';
import { lastDayOfMonth, quarterMonths } from '@app/domain/calendar/shanghai';
import { Dec } from '@app/domain/common/decimal';
import { queryOne, queryRows } from '@app/domain/database/sql';
import { headcountFileName, renderHeadcountWorkbook } from '@app/reporting/assessment/headcount.renderer';
import { BonusStandardDto, HeadcountCorrectionDto } from './dto/assessment.dto';
import { assertYearQuarter, ruleActor, two } from './assessment-common';
import { unitName } from './monthly-assessment.service';

type Db = DataSource | EntityManager;

interface StreetRow {
  id: number;
  name: string;
}

interface WorkerNames {
  id: number;
  code: string;
  name: string;
  community_name: string;
  grid_name: string;
  id_number_mask: string;
}

/**
 * Quarterly headcount (季度在岗核实): derived from the employment histories, corrected with a reason and
 * confirmed by the street's own operator, exported for the finance bureau with the bonus base.
 */
@Injectable()
export class HeadcountService {
  constructor(private readonly db: DataSource) {}

  async standards() {
    const rows = await queryRows<{ id: number; effective_year: number; effective_quarter: number; monthly_standard: string; note: string; created_at: Date }>(
      this.db,
      `SELECT id, effective_year, effective_quarter, monthly_standard, note, created_at FROM bonus_standard ORDER BY effective_year, effective_quarter, id`,
    );
    return rows.map((r) => ({ id: r.id, effectiveFrom: `${r.effective_year}年第${r.effective_quarter}季度`, effectiveYear: r.effective_year, effectiveQuarter: r.effective_quarter, monthlyStandard: two(r.monthly_standard), note: r.note, createdAt: r.created_at }));
  }

  async setStandard(actor: Actor, dto: BonusStandardDto) {
    const [row] = await queryRows<{ id: number }>(
      this.db,
      `INSERT INTO bonus_standard (effective_year, effective_quarter, monthly_standard, note, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [dto.effectiveYear, dto.effectiveQuarter, dto.monthlyStandard, dto.note?.trim() ?? '', actor.userId || null],
    );
    return { id: row.id, effectiveYear: dto.effectiveYear, effectiveQuarter: dto.effectiveQuarter, monthlyStandard: two(dto.monthlyStandard) };
  }

  private async streets(db: Db, actor: Actor): Promise<StreetRow[]> {
    const scope = streetScope(actor);
    return queryRows<StreetRow>(db, `SELECT id, name FROM org_unit WHERE level = 'street' AND ($1::int IS NULL OR id = $1) ORDER BY sort_order, code`, [scope]);
  }

  /** A street the actor may see, else 404 (a street operator asking for another street's headcount). */
  private async street(db: Db, actor: Actor, streetId: number): Promise<StreetRow> {
    const s = await queryOne<StreetRow>(db, `SELECT id, name FROM org_unit WHERE id = $1 AND level = 'street'`, [streetId]);
    if (!s || !inStreetScope(actor, s.id)) throw DomainError.notFound('镇（街道）', streetId);
    return s;
  }

  private async confirmations(db: Db, year: number, quarter: number) {
    return queryRows<{ id: number; street_id: number; confirmed_at: Date; by: string | null }>(
      db,
      `SELECT h.id, h.street_id, h.confirmed_at, u.display_name AS by FROM headcount_confirmation h LEFT JOIN app_user u ON u.id = h.confirmed_by
        WHERE h.year = $1 AND h.quarter = $2`,
      [year, quarter],
    );
  }

  /**
   * The table of the given streets: frozen rows for confirmed streets, live derivation for the others,
   * with the corrections; the bonus base uses the standard in force (0 when none is set yet).
   */
  private async table(db: Db, year: number, quarter: number, streets: StreetRow[], standard: string | null): Promise<{ table: HeadcountTable; status: Map<string, HeadcountStatus>; confirmedAt: Map<number, { at: Date; by: string | null }> }> {
    const ids = streets.map((s) => s.id);
    const confirmations = (await this.confirmations(db, year, quarter)).filter((c) => ids.includes(c.street_id));
    const confirmed = new Map(confirmations.map((c) => [c.street_id, c]));
    const derived: DerivedHeadcount[] = [];
    const live = ids.filter((id) => !confirmed.has(id));
    if (live.length) {
      const all = await derivedHeadcount(db, year, quarter, live.length === 1 ? live[0] : null);
      derived.push(...all.filter((d) => live.includes(Number(d.streetId))));
    }
    if (confirmations.length) {
      const frozen = await queryRows<{ worker_id: number; street_id: number; active_days: number; derived_months: number }>(
        db,
        `SELECT r.worker_id, h.street_id, r.active_days, r.derived_months FROM headcount_confirmed_row r JOIN headcount_confirmation h ON h.id = r.confirmation_id
          WHERE h.id = ANY($1)`,
        [confirmations.map((c) => c.id)],
      );
      derived.push(...frozen.map((f) => ({ workerId: String(f.worker_id), streetId: String(f.street_id), activeDays: f.active_days, serviceMonths: [], derivedMonths: f.derived_months })));
    }
    const present = new Set(derived.map((d) => d.workerId));
    const corrections = (
      await queryRows<{ worker_id: number; months: number; reason: string }>(db, `SELECT worker_id, months, reason FROM headcount_correction WHERE year = $1 AND quarter = $2 AND street_id = ANY($3)`, [year, quarter, ids])
    )
      .map((c): HeadcountCorrection => ({ workerId: String(c.worker_id), months: c.months, reason: c.reason }))
      .filter((c) => present.has(c.workerId));
    const codes = await this.workerCodes(db, derived.map((d) => Number(d.workerId)));
    const table = buildHeadcountTable(year, quarter, derived, corrections, { monthlyStandard: new Dec(standard ?? 0) }, {
      streetOrder: streets.map((s) => String(s.id)),
      workerOrder: (a, b) => (codes.get(a) ?? a).localeCompare(codes.get(b) ?? b) || compareIds(a, b),
    });
    // streets without a single worker in service still appear (with nothing to confirm)
    for (const s of streets) {
      if (!table.streets.some((t) => t.streetId === String(s.id))) table.streets.push({ streetId: String(s.id), rows: [], subtotal: { workerCount: 0, months: 0, bonusBase: table.monthlyStandard.times(0) } });
    }
    table.streets.sort((a, b) => ids.indexOf(Number(a.streetId)) - ids.indexOf(Number(b.streetId)));
    const status = new Map<string, HeadcountStatus>(streets.map((s) => [String(s.id), confirmed.has(s.id) ? 'confirmed' : 'pending']));
    const confirmedAt = new Map(confirmations.map((c) => [c.street_id, { at: c.confirmed_at, by: c.by }]));
    return { table, status, confirmedAt };
  }

  private async workerCodes(db: Db, ids: number[]): Promise<Map<string, string>> {
    const rows = await queryRows<{ id: number; code: string }>(db, `SELECT id, code FROM grid_worker WHERE id = ANY($1)`, [ids]);
    return new Map(rows.map((r) => [String(r.id), r.code]));
  }

  private async names(db: Db, ids: number[]): Promise<Map<string, WorkerNames>> {
    const rows = await queryRows<WorkerNames>(
      db,
      `SELECT w.id, w.code, w.name, c.name AS community_name, g.name AS grid_name, w.id_number_mask
         FROM grid_worker w JOIN org_unit c ON c.id = w.community_id JOIN org_unit g ON g.id = w.grid_id WHERE w.id = ANY($1)`,
      [ids],
    );
    return new Map(rows.map((r) => [String(r.id), r]));
  }

  /** Per street: workers, months, bonus base and whether the street has confirmed. */
  async overview(actor: Actor, year: number, quarter: number) {
    assertYearQuarter(year, quarter);
    const streets = await this.streets(this.db, actor);
    const standard = await bonusStandardFor(this.db, year, quarter);
    const { table, status, confirmedAt } = await this.table(this.db, year, quarter, streets, standard?.toFixed(2) ?? null);
    const names = new Map(streets.map((s) => [String(s.id), s.name]));
    return {
      year,
      quarter,
      monthlyStandard: standard ? standard.toFixed(2) : null,
      streets: table.streets.map((s) => ({
        street: { id: Number(s.streetId), name: names.get(s.streetId) },
        status: status.get(s.streetId),
        statusName: HEADCOUNT_STATUS_LABELS[status.get(s.streetId)!],
        confirmedAt: confirmedAt.get(Number(s.streetId))?.at ?? null,
        confirmedBy: confirmedAt.get(Number(s.streetId))?.by ?? null,
        workerCount: s.subtotal.workerCount,
        months: s.subtotal.months,
        bonusBase: standard ? s.subtotal.bonusBase.toFixed(2) : null,
      })),
      total: { workerCount: table.total.workerCount, months: table.total.months, bonusBase: standard ? table.total.bonusBase.toFixed(2) : null },
    };
  }

  /** One street's rows (the street operator's working view). */
  async streetTable(actor: Actor, year: number, quarter: number, streetId: number, db: Db = this.db) {
    assertYearQuarter(year, quarter);
    const street = await this.street(db, actor, streetId);
    const standard = await bonusStandardFor(db, year, quarter);
    const { table, status, confirmedAt } = await this.table(db, year, quarter, [street], standard?.toFixed(2) ?? null);
    const s = table.streets[0];
    const names = await this.names(db, s.rows.map((r) => Number(r.workerId)));
    const st = status.get(String(street.id))!;
    return {
      year,
      quarter,
      street: { id: street.id, name: street.name },
      status: st,
      statusName: HEADCOUNT_STATUS_LABELS[st],
      confirmedAt: confirmedAt.get(street.id)?.at ?? null,
      confirmedBy: confirmedAt.get(street.id)?.by ?? null,
      monthlyStandard: standard ? standard.toFixed(2) : null,
      rows: s.rows.map((r) => {
        const n = names.get(r.workerId)!;
        return {
          worker: { id: n.id, code: n.code, name: n.name, idNumber: n.id_number_mask },
          communityName: n.community_name,
          gridName: n.grid_name,
          activeDays: r.activeDays,
          derivedMonths: r.derivedMonths,
          correctedMonths: r.correctedMonths,
          correctionReason: r.correctionReason,
          months: r.months,
          bonusBase: standard ? r.bonusBase.toFixed(2) : null,
        };
      }),
      subtotal: { workerCount: s.subtotal.workerCount, months: s.subtotal.months, bonusBase: standard ? s.subtotal.bonusBase.toFixed(2) : null },
    };
  }

  private async status(db: Db, year: number, quarter: number, streetId: number): Promise<HeadcountStatus> {
    const c = await queryOne(db, `SELECT 1 FROM headcount_confirmation WHERE year = $1 AND quarter = $2 AND street_id = $3`, [year, quarter, streetId]);
    return c ? 'confirmed' : 'pending';
  }

  /** The street operator corrects a worker's months with a reason; the same months as derived removes the correction. */
  async correct(actor: Actor, year: number, quarter: number, streetId: number, workerId: number, dto: HeadcountCorrectionDto) {
    assertYearQuarter(year, quarter);
    return this.db.transaction(async (em) => {
      const street = await this.street(em, actor, streetId);
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('headcount'), $1)`, [street.id]);
      assertMayEditHeadcount(ruleActor(actor), String(street.id), await this.status(em, year, quarter, street.id));
      const derived = (await derivedHeadcount(em, year, quarter, street.id)).find((d) => d.workerId === String(workerId));
      if (!derived) throw DomainError.notFound('本季度在岗网格员', workerId);
      const worker = await queryOne<{ name: string }>(em, `SELECT name FROM grid_worker WHERE id = $1`, [workerId]);
      const v = validateHeadcountCorrection(derived, { months: dto.months, reason: dto.reason }, `网格员${worker!.name}`);
      if (v === null) {
        await em.query(`DELETE FROM headcount_correction WHERE year = $1 AND quarter = $2 AND worker_id = $3`, [year, quarter, workerId]);
      } else {
        await em.query(
          `INSERT INTO headcount_correction (year, quarter, street_id, worker_id, months, reason, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (year, quarter, worker_id) DO UPDATE SET months = EXCLUDED.months, reason = EXCLUDED.reason, street_id = EXCLUDED.street_id,
                  created_by = EXCLUDED.created_by, created_at = now()`,
          [year, quarter, street.id, workerId, v.months, v.reason, actor.userId || null],
        );
      }
      return this.streetTable(actor, year, quarter, street.id, em);
    });
  }

  /** The street operator confirms the quarter once it is over; the derived months are frozen with it. */
  async confirm(actor: Actor, year: number, quarter: number, streetId: number) {
    assertYearQuarter(year, quarter);
    if (lastDayOfMonth(year, quarterMonths(quarter)[2]) >= todayInShanghai()) throw DomainError.conflict(`${year}年第${quarter}季度尚未结束，不能确认在岗情况`);
    return this.db.transaction(async (em) => {
      const street = await this.street(em, actor, streetId);
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('headcount'), $1)`, [street.id]);
      assertMayEditHeadcount(ruleActor(actor), String(street.id), await this.status(em, year, quarter, street.id));
      await confirmHeadcount(em, year, quarter, street.id, actor.userId || null);
      return this.streetTable(actor, year, quarter, street.id, em);
    });
  }

  /** 季度在岗核实表 for the finance bureau: every street in scope, subtotals, total, bonus base. */
  async export(actor: Actor, year: number, quarter: number): Promise<{ buffer: Buffer; fileName: string }> {
    assertYearQuarter(year, quarter);
    const standard = await bonusStandardFor(this.db, year, quarter);
    if (!standard) throw DomainError.conflict(`尚未设置${year}年第${quarter}季度适用的月度奖金标准，请先设置`);
    const streets = await this.streets(this.db, actor);
    const { table, status } = await this.table(this.db, year, quarter, streets, standard.toFixed(2));
    const names = await this.names(this.db, table.streets.flatMap((s) => s.rows.map((r) => Number(r.workerId))));
    const buffer = await renderHeadcountWorkbook({
      table,
      unitName: await unitName(this.db),
      streetNames: new Map(streets.map((s) => [String(s.id), s.name])),
      workers: new Map([...names].map(([id, n]) => [id, { name: n.name, communityName: n.community_name, gridName: n.grid_name, idNumber: n.id_number_mask }])),
      streetStatus: status,
    });
    return { buffer, fileName: headcountFileName(year, quarter) };
  }
}
