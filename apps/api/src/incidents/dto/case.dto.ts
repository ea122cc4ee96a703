import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { CASE_ACTIONS, CaseAction } from '@app/domain/incidents/case-workflow.rules';
import { CALLBACK_OUTCOMES, CallbackOutcome } from '@app/domain/incidents/case-figures.rules';
import { CASE_KINDS, CASE_STATES, CaseAssigneeKind, CaseKind, CaseState } from '@app/domain/incidents/case.types';
import { FieldLabel } from '../../common/field-label.decorator';
import { PageQuery } from '../../common/pagination.dto';
import { OptionalIdFilter } from '../../common/query-filters.decorator';
import { IsLocalDate } from '../../common/is-local-date.decorator';

export class ReportCaseDto {
  @ApiProperty({ description: '末级类别（事件或服务事项由类别决定）' })
  @FieldLabel('类别')
  @IsInt()
  @Min(1)
  categoryId: number;

  @ApiPropertyOptional({ description: '所在网格；网格员不填即为本人所在网格，中心和镇街代为登记时必填' })
  @FieldLabel('所在网格')
  @IsOptional()
  @IsInt()
  @Min(1)
  gridId?: number;

  @ApiPropertyOptional({ example: '建设南路12号' })
  @FieldLabel('地址')
  @IsOptional()
  @IsString()
  @MaxLength(200)
  address?: string;

  @ApiProperty({ example: '小区门口占道经营，影响通行' })
  @FieldLabel('问题描述')
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  description: string;

  @ApiPropertyOptional({ description: '备注' })
  @FieldLabel('备注')
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  remark?: string;
}

export class AssigneeDto {
  @ApiProperty({ enum: ['department', 'street'], description: '职能部门 / 镇（街道）' })
  @FieldLabel('派遣对象类型')
  @IsIn(['department', 'street'])
  kind: CaseAssigneeKind;

  @ApiProperty({ description: '部门或镇街的编号' })
  @FieldLabel('派遣对象')
  @IsInt()
  @Min(1)
  id: number;
}

export class CaseActionDto {
  @ApiProperty({ enum: CASE_ACTIONS, description: '操作：受理、不予受理、派遣、改派、退回、签收、申请延期、批准延期、驳回延期、处置反馈、核查、返工、结案、自办结' })
  @FieldLabel('操作')
  @IsIn(CASE_ACTIONS as CaseAction[])
  action: CaseAction;

  @ApiProperty({ description: '操作前看到的案件版本号；已被他人处理时返回 409' })
  @FieldLabel('版本号')
  @IsInt()
  @Min(1)
  expectedVersion: number;

  @ApiPropertyOptional({ description: '意见、原因或处置结果（部分操作必填）' })
  @FieldLabel('意见')
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  remark?: string;

  @ApiPropertyOptional({ type: AssigneeDto, description: '派遣、改派时的承办单位' })
  @FieldLabel('派遣对象')
  @IsOptional()
  @ValidateNested()
  @Type(() => AssigneeDto)
  assignee?: AssigneeDto;

  @ApiPropertyOptional({ description: '延期工作日数（申请延期必填；批准时可少于申请）' })
  @FieldLabel('延期工作日数')
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  extraWorkingDays?: number;
}

export class ExtensionRequestDto {
  @ApiProperty()
  @FieldLabel('版本号')
  @IsInt()
  @Min(1)
  expectedVersion: number;

  @ApiProperty({ description: '延期工作日数' })
  @FieldLabel('延期工作日数')
  @IsInt()
  @Min(1)
  @Max(20)
  extraWorkingDays: number;

  @ApiProperty({ description: '延期原因' })
  @FieldLabel('延期原因')
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason: string;
}

export class ExtensionDecisionDto {
  @ApiProperty()
  @FieldLabel('版本号')
  @IsInt()
  @Min(1)
  expectedVersion: number;

  @ApiProperty({ description: '批准或驳回' })
  @FieldLabel('是否批准')
  @IsBoolean()
  approve: boolean;

  @ApiPropertyOptional({ description: '批准的工作日数（不填为申请的天数）' })
  @FieldLabel('批准工作日数')
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  extraWorkingDays?: number;

  @ApiPropertyOptional({ description: '审批意见（驳回时必填）' })
  @FieldLabel('审批意见')
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  remark?: string;
}

export class CallbackDto {
  @ApiProperty({ enum: CALLBACK_OUTCOMES, description: '满意 / 基本满意 / 不满意 / 未接通' })
  @FieldLabel('回访结果')
  @IsIn(CALLBACK_OUTCOMES as CallbackOutcome[])
  outcome: CallbackOutcome;

  @ApiPropertyOptional()
  @FieldLabel('回访记录')
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  remark?: string;

  @ApiPropertyOptional({ description: '回访时间（不填为现在）', example: '2024-10-20T10:00:00+08:00' })
  @FieldLabel('回访时间')
  @IsOptional()
  @IsISO8601({ strict: true })
  calledAt?: string;
}

const toBool = ({ value }: { value: unknown }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value);

export class CaseQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CASE_STATES })
  @FieldLabel('状态')
  @IsOptional()
  @IsIn(CASE_STATES as CaseState[])
  state?: CaseState;

  @ApiPropertyOptional({ enum: CASE_KINDS })
  @FieldLabel('类型')
  @IsOptional()
  @IsIn(CASE_KINDS as CaseKind[])
  kind?: CaseKind;

  @OptionalIdFilter('类别', { description: '类别（含下级类别）' })
  categoryId?: number;

  @OptionalIdFilter('镇（街道）')
  streetId?: number;

  @OptionalIdFilter('承办部门', { description: '承办部门' })
  departmentId?: number;

  @ApiPropertyOptional({ description: '只看当前超期未受理或未办结的案件' })
  @FieldLabel('超期')
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: '上报日期起（含）', example: '2024-01-01' })
  @FieldLabel('上报日期起')
  @IsOptional()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({ description: '上报日期止（含）', example: '2024-12-31' })
  @FieldLabel('上报日期止')
  @IsOptional()
  @IsLocalDate()
  to?: string;
}

export class FiguresQuery {
  @ApiProperty({ description: '上报日期起（含）', example: '2024-01-01' })
  @FieldLabel('统计日期起')
  @IsLocalDate()
  from: string;

  @ApiProperty({ description: '上报日期止（含）', example: '2024-12-31' })
  @FieldLabel('统计日期止')
  @IsLocalDate()
  to: string;

  @ApiPropertyOptional({ enum: ['none', 'street', 'category', 'department'], description: '分组：合计 / 镇街 / 一级类别 / 承办部门' })
  @FieldLabel('分组')
  @IsOptional()
  @IsIn(['none', 'street', 'category', 'department'])
  groupBy?: 'none' | 'street' | 'category' | 'department';

  @ApiPropertyOptional({ enum: CASE_KINDS })
  @FieldLabel('类型')
  @IsOptional()
  @IsIn(CASE_KINDS as CaseKind[])
  kind?: CaseKind;

  @OptionalIdFilter('镇（街道）')
  streetId?: number;

  @OptionalIdFilter('类别')
  categoryId?: number;

  @OptionalIdFilter('承办部门')
  departmentId?: number;
}

export class SupervisionQuery extends PageQuery {
  @ApiPropertyOptional({ description: '督办日期起（含）' })
  @FieldLabel('督办日期起')
  @IsOptional()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({ description: '督办日期止（含）' })
  @FieldLabel('督办日期止')
  @IsOptional()
  @IsLocalDate()
  to?: string;
}
