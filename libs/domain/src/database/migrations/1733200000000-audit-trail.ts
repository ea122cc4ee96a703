import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail (等保 2.0 安全审计): who did what, to which object, with which result, from where. Append-only
 * in the database: a trigger refuses UPDATE, DELETE and TRUNCATE for every role, the application's included
 * (only the table's owner could drop the trigger; production runs the API as a role that does not own it,
 * see README "Database roles").
 */
export class AuditTrail1733200000000 implements MigrationInterface {
  name = 'AuditTrail1733200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        user_id integer,
        username text NOT NULL DEFAULT '',
        roles text[] NOT NULL DEFAULT '{}',
        kind text NOT NULL CHECK (kind IN ('sign_in','sign_out','session','write','export','reveal')),
        action text NOT NULL,
        target_type text,
        target_id text,
        result text NOT NULL CHECK (result IN ('success','failure')),
        status integer,
        client_ip text NOT NULL DEFAULT '',
        request_id text NOT NULL DEFAULT '',
        before jsonb,
        after jsonb,
        detail jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX audit_log_time_idx ON audit_log (occurred_at DESC, id DESC)`);
    await q.query(`CREATE INDEX audit_log_user_idx ON audit_log (user_id, occurred_at DESC)`);
    await q.query(`CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id)`);
    await q.query(`CREATE INDEX audit_log_request_idx ON audit_log (request_id)`);
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    // statement-level, so even an UPDATE or DELETE that matches no row is refused
    await q.query(`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_append_only()`);
  }
}
