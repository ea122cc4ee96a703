import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The year-end self-evaluation (绩效自评): the indicator template of a year, its finance inputs, the people's
 * judgements per indicator, the year's status and form details, and the builds with their immutable
 * snapshots and stored workbooks.
 *
 * Templates and finance inputs are JSON documents: their shape is the form's (a tree of indicators; 13 control
 * rows × 3 columns plus a variable list of project items, buildings and report-text figures), every amount is
 * a decimal string validated by the pure validators before it is written, and a build freezes them as they are.
 */
export class Evaluation1733100000000 implements MigrationInterface {
  name = 'Evaluation1733100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE evaluation_template (
        year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
        template jsonb NOT NULL CHECK (jsonb_typeof(template) = 'object' AND (template->>'year')::integer = year),
        origin text NOT NULL CHECK (origin IN ('default','copy','edited')),
        copied_from integer,
        updated_by integer REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE evaluation_finance (
        year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
        inputs jsonb NOT NULL CHECK (jsonb_typeof(inputs) = 'object' AND (inputs->>'year')::integer = year),
        source text NOT NULL CHECK (source IN ('api','import','seed')),
        updated_by integer REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE evaluation_judgement (
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        indicator_key text NOT NULL CHECK (indicator_key ~ '^[a-z][a-z0-9_.-]{0,63}$'),
        manual_value numeric(18,6) CHECK (manual_value >= 0),
        manual_display text CHECK (length(manual_display) <= 500),
        grade_tier text CHECK (grade_tier IN ('achieved','partial','not_achieved')),
        grade_score numeric(6,2) CHECK (grade_score >= 0),
        grade_author text,
        override_score numeric(6,2) CHECK (override_score >= 0),
        override_reason text CHECK (length(override_reason) <= 1000),
        override_author text,
        override_author_id integer REFERENCES app_user(id),
        override_at timestamptz,
        deviation_reason text CHECK (length(deviation_reason) <= 2000),
        updated_by integer REFERENCES app_user(id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (year, indicator_key),
        CONSTRAINT evaluation_judgement_grade_whole CHECK ((grade_tier IS NULL) = (grade_score IS NULL)),
        CONSTRAINT evaluation_judgement_override_whole CHECK (
          (override_score IS NULL AND override_reason IS NULL AND override_author IS NULL AND override_at IS NULL)
          OR (override_score IS NOT NULL AND override_reason IS NOT NULL AND override_author IS NOT NULL AND override_at IS NOT NULL))
      )`);

    await q.query(`
      CREATE TABLE evaluation_year (
        year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','final')),
        unit_name text CHECK (length(unit_name) BETWEEN 1 AND 100),
        goals_expected text NOT NULL DEFAULT '' CHECK (length(goals_expected) <= 2000),
        goals_achieved text NOT NULL DEFAULT '' CHECK (length(goals_achieved) <= 2000),
        preparer text NOT NULL DEFAULT '' CHECK (length(preparer) <= 50),
        fill_date text NOT NULL DEFAULT '' CHECK (length(fill_date) <= 20),
        phone text NOT NULL DEFAULT '' CHECK (length(phone) <= 30),
        finalised_by integer REFERENCES app_user(id),
        finalised_at timestamptz,
        finalised_hash text,
        updated_by integer REFERENCES app_user(id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT evaluation_year_final_stamp CHECK ((status = 'final') = (finalised_at IS NOT NULL AND finalised_hash IS NOT NULL))
      )`);

    await q.query(`
      CREATE TABLE evaluation_build (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','running','succeeded','failed')),
        progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        trigger text NOT NULL CHECK (trigger IN ('api','schedule','cli')),
        inputs_hash text NOT NULL CHECK (inputs_hash ~ '^[0-9a-f]{64}$'),
        snapshot_hash text CHECK (snapshot_hash ~ '^[0-9a-f]{64}$'),
        snapshot jsonb,
        file_name text,
        workbook_path text,
        workbook_sha256 text,
        workbook_bytes integer,
        error text,
        created_by integer REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        CONSTRAINT evaluation_build_success_complete CHECK (
          (status = 'succeeded') = (snapshot IS NOT NULL AND workbook_path IS NOT NULL AND workbook_sha256 IS NOT NULL AND finished_at IS NOT NULL))
      )`);
    // Enqueuing the same year with the same inputs twice builds once; a failed build may be tried again.
    await q.query(`CREATE UNIQUE INDEX evaluation_build_once ON evaluation_build(year, inputs_hash) WHERE status <> 'failed'`);
    await q.query(`CREATE INDEX evaluation_build_year_idx ON evaluation_build(year, created_at DESC)`);

    // A stored snapshot and its workbook are what was handed in: never changed, never deleted.
    await q.query(`
      CREATE FUNCTION evaluation_build_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.status = 'succeeded' THEN RAISE EXCEPTION 'evaluation build % is immutable', OLD.id USING ERRCODE = 'check_violation'; END IF;
          RETURN OLD;
        END IF;
        IF OLD.status = 'succeeded' AND (NEW.status <> OLD.status OR NEW.snapshot IS DISTINCT FROM OLD.snapshot
            OR NEW.workbook_sha256 IS DISTINCT FROM OLD.workbook_sha256 OR NEW.inputs_hash <> OLD.inputs_hash
            OR NEW.snapshot_hash IS DISTINCT FROM OLD.snapshot_hash) THEN
          RAISE EXCEPTION 'evaluation build % is immutable', OLD.id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER evaluation_build_immutable BEFORE UPDATE OR DELETE ON evaluation_build
        FOR EACH ROW EXECUTE FUNCTION evaluation_build_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER evaluation_build_immutable ON evaluation_build`);
    await q.query(`DROP FUNCTION evaluation_build_immutable()`);
    await q.query(`DROP TABLE evaluation_build`);
    await q.query(`DROP TABLE evaluation_year`);
    await q.query(`DROP TABLE evaluation_judgement`);
    await q.query(`DROP TABLE evaluation_finance`);
    await q.query(`DROP TABLE evaluation_template`);
  }
}
