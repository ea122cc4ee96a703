import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import type { AttendanceStatus, SessionState, TrainingMode } from '@app/domain/trainings/training.rules';
import { FieldLabel } from '../../common/field-label.decorator';
import { PageQuery } from '../../common/pagination.dto';
import { OptionalIdFilter } from '../../common/query-filters.decorator';

const ZONED = /(Z|[+-]\d{2}:?\d{2})$/;
const STATUSES = ['present', 'late', 'leave', 'absent'];

// ---------------------------------------------------------------------------------------------------------
// plans

export class PlanItemDto {
  @ApiPropertyOptional({ description: '已有计划项的编号；不填为新增' })
  @FieldLabel('计划项')
  @IsOptional()
  @IsInt()
  @Min(1)
  id?: number;

  @ApiProperty({ example: '如何开展信访工作' })
  @FieldLabel('培训主题')
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @ApiProperty({ example: 4, description: '计划月份' })
  @FieldLabel('计划月份')
  @IsInt()
  @Min(1)
  @Max(12)
  month: number;

  @ApiProperty({ example: '区信访局' })
  @FieldLabel('主办单位')
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  organiser: string;

  @ApiPropertyOptional({ enum: ['online', 'offline'], description: '线上 / 线下' })
  @FieldLabel('培训形式')
  @IsOptional()
  @IsIn(['online', 'offline'])
  mode?: TrainingMode;
}

export class PlanBodyDto {
  @ApiPropertyOptional({ example: '2024年度全科网格员培训计划' })
  @FieldLabel('计划名称')
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string;

  @ApiProperty({ example: 2, description: '年度目标：开展全科网格员培训次数（≥）' })
  @FieldLabel('目标培训次数')
  @IsInt()
  @Min(0)
  @Max(100)
  targetSessions: number;

  @ApiProperty({ example: '0.95', description: '年度目标：培训出勤率（≥），小数形式，0.95 即 95%' })
  @FieldLabel('目标出勤率')
  @IsString()
  @Matches(/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, { context: { message: '应为0到1之间的小数，如0.95' } })
  targetAttendanceRate: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @FieldLabel('备注')
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;

  @ApiProperty({ type: [PlanItemDto], description: '计划培训场次；修改时未列出的计划项被删除（已关联的培训保留，解除关联）' })
  @FieldLabel('计划场次')
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PlanItemDto)
  items: PlanItemDto[];
}

export class CreatePlanDto extends PlanBodyDto {
  @ApiProperty({ example: 2024 })
  @FieldLabel('年度')
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}

export class YearQuery {
  @ApiPropertyOptional({ example: 2024 })
  @FieldLabel('年度')
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class RequiredYearQuery {
  @ApiProperty({ example: 2024 })
  @FieldLabel('年度')
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}

// ---------------------------------------------------------------------------------------------------------
// sessions

export class AudienceDto {
  @ApiProperty({ enum: ['all', 'streets'], description: '全体网格员，或所选镇（街道）' })
  @FieldLabel('培训对象')
  @IsIn(['all', 'streets'])
  kind: 'all' | 'streets';

  @ApiPropertyOptional({ type: [Number], description: '所选镇（街道）' })
  @FieldLabel('镇（街道）')
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsInt({ each: true })
  streetIds?: number[];
}

export class SessionDto {
  @ApiProperty({ example: '如何开展信访工作' })
  @FieldLabel('培训主题')
  @IsString()
  @MaxLength(200)
  title: string;

  @ApiProperty({ example: '区信访局' })
  @FieldLabel('主办单位')
  @IsString()
  @MaxLength(100)
  organiser: string;

  @ApiProperty({ enum: ['online', 'offline'], description: '线上 / 线下' })
  @FieldLabel('培训形式')
  @IsIn(['online', 'offline'])
  mode: TrainingMode;

  @ApiProperty({ example: '2024-04-18T09:00:00+08:00' })
  @FieldLabel('开始时间')
  @IsISO8601({ strict: true })
  @Matches(ZONED, { context: { message: '应带时区，如 2024-04-18T09:00:00+08:00' } })
  startsAt: string;

  @ApiProperty({ example: '2024-04-18T11:30:00+08:00' })
  @FieldLabel('结束时间')
  @IsISO8601({ strict: true })
  @Matches(ZONED, { context: { message: '应带时区，如 2024-04-18T11:30:00+08:00' } })
  endsAt: string;

  @ApiProperty({ example: '2.5', description: '学时（最多两位小数）' })
  @FieldLabel('学时')
  @IsString()
  @Matches(/^\d{1,3}(\.\d{1,2})?$/, { context: { message: '应为数字，最多两位小数' } })
  hours: string;

  @ApiPropertyOptional({ example: '区网格化管理服务中心三楼会议室' })
  @FieldLabel('培训地点')
  @IsOptional()
  @IsString()
  @MaxLength(200)
  place?: string | null;

  @ApiPropertyOptional({ example: 'https://meeting.tencent.com/dm/abc', description: '会议链接或会议号' })
  @FieldLabel('会议链接')
  @IsOptional()
  @IsString()
  @MaxLength(500)
  meetingLink?: string | null;

  @ApiProperty({ type: AudienceDto })
  @FieldLabel('培训对象')
  @ValidateNested()
  @Type(() => AudienceDto)
  audience: AudienceDto;

  @ApiProperty({ description: '计入“开展全科网格员培训次数”' })
  @FieldLabel('是否计入全科网格员培训')
  @IsBoolean()
  countsAsGeneralTraining: boolean;

  @ApiPropertyOptional({ description: '对应的年度计划项' })
  @FieldLabel('计划项')
  @IsOptional()
  @IsInt()
  @Min(1)
  planItemId?: number | null;
}

export class SessionQuery extends YearQuery {
  @ApiPropertyOptional({ enum: ['planned', 'held', 'cancelled'] })
  @FieldLabel('状态')
  @IsOptional()
  @IsIn(['planned', 'held', 'cancelled'])
  state?: SessionState;
}

export class CancelSessionDto {
  @ApiProperty({ example: '与防汛工作冲突，改期举办' })
  @FieldLabel('取消原因')
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  reason: string;
}

// ---------------------------------------------------------------------------------------------------------
// attendance

export class AttendanceDto {
  @ApiProperty({ enum: STATUSES, description: '出勤 / 迟到 / 请假 / 缺勤' })
  @FieldLabel('出勤状态')
  @IsIn(STATUSES)
  status: AttendanceStatus;

  @ApiPropertyOptional({ example: '2024-04-18T08:52:00+08:00' })
  @FieldLabel('签到时间')
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(ZONED, { context: { message: '应带时区，如 2024-04-18T08:52:00+08:00' } })
  signInAt?: string | null;
}

export class AttendanceEntryDto extends AttendanceDto {
  @ApiProperty()
  @FieldLabel('网格员')
  @IsInt()
  @Min(1)
  workerId: number;
}

export class BulkAttendanceDto {
  @ApiProperty({ type: [AttendanceEntryDto] })
  @FieldLabel('出勤登记')
  @IsArray()
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => AttendanceEntryDto)
  entries: AttendanceEntryDto[];
}

/** Text fields of a multipart import (files come as `file`). */
export class ImportFormDto {
  @ApiPropertyOptional({
    description: '处理意见（JSON 数组）：[{"row":12,"workerId":345}] 指定为某网格员，[{"row":13,"ignore":true}] 忽略该行',
    example: '[{"row":5,"workerId":12}]',
  })
  @FieldLabel('处理意见')
  @IsOptional()
  @IsString()
  @MaxLength(200000)
  resolutions?: string;
}

export class OnlineImportFormDto extends ImportFormDto {
  @ApiPropertyOptional({ example: '0.8', description: '参会时长达到培训时长的比例即计为出勤，默认 0.8' })
  @FieldLabel('参会时长比例')
  @IsOptional()
  @IsString()
  @Matches(/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, { context: { message: '应为0到1之间的小数，如0.8' } })
  minShare?: string;

  @ApiPropertyOptional({ example: '10', description: '开始后多少分钟内入会不计迟到，默认 10' })
  @FieldLabel('迟到宽限分钟数')
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(240)
  lateGraceMinutes?: number;
}

export class WorkerFiguresQuery extends PageQuery {
  @ApiProperty({ example: 2024 })
  @FieldLabel('年度')
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @OptionalIdFilter('镇（街道）')
  streetId?: number;
}
