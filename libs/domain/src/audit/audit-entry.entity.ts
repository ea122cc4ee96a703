import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AuditKind, AuditResult, AuditValues } from './audit.rules';

/**
 * One line of the audit trail. The table is append-only: a trigger refuses UPDATE, DELETE and TRUNCATE
 * for every database role (see the migration).
 */
@Entity('audit_log')
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'timestamptz', name: 'occurred_at' })
  occurredAt: Date;

  @Column({ type: 'integer', name: 'user_id', nullable: true })
  userId: number | null;

  @Column({ type: 'text' })
  username: string;

  @Column({ type: 'text', array: true })
  roles: string[];

  @Column({ type: 'text' })
  kind: AuditKind;

  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text', name: 'target_type', nullable: true })
  targetType: string | null;

  @Column({ type: 'text', name: 'target_id', nullable: true })
  targetId: string | null;

  @Column({ type: 'text' })
  result: AuditResult;

  @Column({ type: 'integer', nullable: true })
  status: number | null;

  @Column({ type: 'text', name: 'client_ip' })
  clientIp: string;

  @Column({ type: 'text', name: 'request_id' })
  requestId: string;

  @Column({ type: 'jsonb', nullable: true })
  before: AuditValues | null;

  @Column({ type: 'jsonb', nullable: true })
  after: AuditValues | null;

  @Column({ type: 'jsonb' })
  detail: AuditValues;
}
