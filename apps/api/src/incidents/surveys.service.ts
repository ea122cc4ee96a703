import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, DomainError, seesEverything } from '@app/domain';
import { queryOne, queryRows, toInt } from '@app/domain/database/sql';
import { CALLBACK_OUTCOME_LABELS, CallbackOutcome, satisfactionRate } from '@app/domain/incidents/case-figures.rules';
import { FieldProblem } from '@app/domain/errors/domain-error';
import { pageOf } from '../common/pagination.dto';
import { CreateSurveyDto, SurveyQuery } from './dto/survey.dto';

/**
 * Satisfaction surveys of the centre's service objects (指挥中心服务对象满意度): a round with one answer per street
 * or department. The centre's own evaluation material: only centre-wide roles see it.
 */
@Injectable()
export class SurveysService {
  constructor(private readonly db: DataSource) {}

  private assertCentre(actor: Actor): void {
    if (!seesEverything(actor)) throw DomainError.forbidden('满意度测评仅限中心查看');
  }

  async create(actor: Actor, dto: CreateSurveyDto) {
    const id = await this.db.transaction(async (em) => {
      const streets = new Set((await queryRows<{ id: number }>(em, `SELECT id FROM org_unit WHERE level = 'street'`)).map((r) => r.id));
      const departments = new Set((await queryRows<{ id: number }>(em, `SELECT id FROM department`)).map((r) => r.id));
      const problems: FieldProblem[] = [];
      const seen = new Set<string>();
      dto.answers.forEach((a, i) => {
        const field = `答卷第${i + 1}份`;
        const known = a.respondentKind === 'street' ? streets.has(a.respondentId) : departments.has(a.respondentId);
        if (!known) problems.push({ field, message: `${field}：${a.respondentKind === 'street' ? '镇（街道）' : '职能部门'}不存在`, row: i + 1 });
        const key = `${a.respondentKind}:${a.respondentId}`;
        if (seen.has(key)) problems.push({ field, message: `${field}：同一服务对象重复作答`, row: i + 1 });
        seen.add(key);
      });
      if (problems.length) throw DomainError.invalidRows(`测评答卷有${problems.length}处错误，未保存`, problems);
      const s = await queryOne<{ id: number }>(em, `INSERT INTO satisfaction_survey (title, survey_date, note, created_by) VALUES ($1, $2, $3, $4) RETURNING id`, [dto.title.trim(), dto.surveyDate, dto.note ?? '', actor.userId || null]);
      await em.query(
        `INSERT INTO satisfaction_answer (survey_id, respondent_kind, street_id, department_id, outcome, remark)
         SELECT $1, k, CASE WHEN k = 'street' THEN r END, CASE WHEN k = 'department' THEN r END, o, m
           FROM unnest($2::text[], $3::int[], $4::text[], $5::text[]) AS t(k, r, o, m)`,
        [s!.id, dto.answers.map((a) => a.respondentKind), dto.answers.map((a) => a.respondentId), dto.answers.map((a) => a.outcome), dto.answers.map((a) => a.remark ?? '')],
      );
      return s!.id;
    });
    return this.get(actor, id);
  }

  async list(actor: Actor, q: SurveyQuery) {
    this.assertCentre(actor);
    const { page, pageSize, offset } = pageOf(q);
    const params: unknown[] = [];
    const where = q.year ? `WHERE extract(year FROM s.survey_date) = $${params.push(q.year)}` : '';
    const [count] = await queryRows<{ n: string }>(this.db, `SELECT count(*) AS n FROM satisfaction_survey s ${where}`, params);
    const rows = await queryRows<{ id: number; title: string; survey_date: string; answers: string; satisfied: string; answered: string }>(
      this.db,
      `SELECT s.id, s.title, s.survey_date, count(a.id) AS answers,
              count(a.id) FILTER (WHERE a.outcome IN ('satisfied','basically_satisfied')) AS satisfied,
              count(a.id) FILTER (WHERE a.outcome <> 'not_reached') AS answered
         FROM satisfaction_survey s LEFT JOIN satisfaction_answer a ON a.survey_id = s.id ${where}
        GROUP BY s.id ORDER BY s.survey_date DESC, s.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, offset],
    );
    return {
      items: rows.map((r) => ({ id: r.id, title: r.title, surveyDate: r.survey_date, answers: toInt(r.answers), satisfied: toInt(r.satisfied), answered: toInt(r.answered) })),
      total: toInt(count.n),
      page,
      pageSize,
    };
  }

  async get(actor: Actor, id: number) {
    this.assertCentre(actor);
    const s = await queryOne<{ id: number; title: string; survey_date: string; note: string }>(this.db, `SELECT id, title, survey_date, note FROM satisfaction_survey WHERE id = $1`, [id]);
    if (!s) throw DomainError.notFound('满意度测评', id);
    const answers = await queryRows<{ respondent_kind: 'street' | 'department'; respondent_id: number; name: string; outcome: CallbackOutcome; remark: string }>(
      this.db,
      `SELECT a.respondent_kind, COALESCE(a.street_id, a.department_id) AS respondent_id, COALESCE(o.name, d.name) AS name, a.outcome, a.remark
         FROM satisfaction_answer a LEFT JOIN org_unit o ON o.id = a.street_id LEFT JOIN department d ON d.id = a.department_id
        WHERE a.survey_id = $1 ORDER BY a.respondent_kind DESC, name`,
      [id],
    );
    const figure = satisfactionRate(answers.map((a) => a.outcome));
    return {
      id: s.id,
      title: s.title,
      surveyDate: s.survey_date,
      note: s.note,
      answers: answers.map((a) => ({ respondentKind: a.respondent_kind, respondentId: a.respondent_id, name: a.name, outcome: a.outcome, outcomeName: CALLBACK_OUTCOME_LABELS[a.outcome], remark: a.remark })),
      rate: figure.rate?.toDecimalPlaces(6).toFixed() ?? null,
      answered: figure.answered,
    };
  }
}
