import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { AUDIT_KINDS } from '@app/domain/audit/audit.rules';
import type { AuditKind, AuditResult } from '@app/domain/audit/audit.rules';
import { FieldLabel } from '../../common/field-label.decorator';
import { PageQuery } from '../../common/pagination.dto';
import { OptionalIdFilter } from '../../common/query-filters.decorator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Filters of the audit trail; the export takes the same and ignores the page. */
export class AuditQuery extends PageQuery {
  @OptionalIdFilter('用户编号', { description: '用户编号' })
  userId?: number;

  @ApiPropertyOptional({ description: '用户名（精确）' })
  @FieldLabel('用户名')
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Transform(trim)
  username?: string;

  @ApiPropertyOptional({ enum: AUDIT_KINDS, description: '类别：登录、退出、会话、数据变更、导出、查看完整个人信息' })
  @FieldLabel('类别')
  @IsOptional()
  @IsIn(AUDIT_KINDS)
  kind?: AuditKind;

  @ApiPropertyOptional({ description: '操作（包含），如 PATCH /api/workers' })
  @FieldLabel('操作')
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Transform(trim)
  action?: string;

  @ApiPropertyOptional({ description: '对象类型，如 workers、org-units、users' })
  @FieldLabel('对象类型')
  @IsOptional()
  @IsString()
  @MaxLength(64)
  targetType?: string;

  @ApiPropertyOptional({ description: '对象编号' })
  @FieldLabel('对象编号')
  @IsOptional()
  @IsString()
  @MaxLength(64)
  targetId?: string;

  @ApiPropertyOptional({ enum: ['success', 'failure'] })
  @FieldLabel('结果')
  @IsOptional()
  @IsIn(['success', 'failure'])
  result?: AuditResult;

  @ApiPropertyOptional({ example: '2024-04-01T00:00:00+08:00', description: '起始时间（含）；只写日期时按北京时间当日零点' })
  @FieldLabel('起始时间')
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2024-05-01T00:00:00+08:00', description: '截止时间（不含）；只写日期时按北京时间当日零点' })
  @FieldLabel('截止时间')
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}
