import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { FieldLabel } from '../../common/field-label.decorator';
import { PageQuery } from '../../common/pagination.dto';
import { OptionalIdFilter } from '../../common/query-filters.decorator';
import { IsLocalDate } from '../../common/is-local-date.decorator';

/** Decimals travel as strings ("2.5"); a JSON number is accepted and turned into its string. */
const decimalString = () => Transform(({ value }) => (typeof value === 'number' && Number.isFinite(value) ? String(value) : value));
const DECIMAL_RE = /^-?\d{1,6}(\.\d{1,2})?$/;

// ---------- check items ----------

export class CreateCheckItemDto {
  @ApiProperty({ example: 'night_patrol', description: '检查项编码（小写字母、数字、下划线）' })
  @FieldLabel('检查项编码')
  @IsString()
  code: string;

  @ApiProperty({ example: '夜间巡查' })
  @FieldLabel('检查项名称')
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  name: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @FieldLabel('检查要求')
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiProperty({ example: '0.5', description: '每项最低扣分' })
  @FieldLabel('最低扣分')
  @decimalString()
  @IsString()
  minDeduction: string;

  @ApiProperty({ example: '5', description: '每项最高扣分' })
  @FieldLabel('最高扣分')
  @decimalString()
  @IsString()
  maxDeduction: string;

  @ApiPropertyOptional({ default: 0 })
  @FieldLabel('排序')
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100000)
  sortOrder?: number;
}

export class UpdateCheckItemDto {
  @ApiPropertyOptional()
  @FieldLabel('检查项名称')
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  name?: string;

  @ApiPropertyOptional()
  @FieldLabel('检查要求')
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional()
  @FieldLabel('最低扣分')
  @IsOptional()
  @decimalString()
  @IsString()
  minDeduction?: string;

  @ApiPropertyOptional()
  @FieldLabel('最高扣分')
  @IsOptional()
  @decimalString()
  @IsString()
  maxDeduction?: string;

  @ApiPropertyOptional({ description: '停用后不能用于新的抽查，历史抽查保留' })
  @FieldLabel('是否启用')
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional()
  @FieldLabel('排序')
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100000)
  sortOrder?: number;
}

export class CheckItemQuery {
  @ApiPropertyOptional({ description: '包含已停用的检查项' })
  @FieldLabel('包含停用项')
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  includeInactive?: boolean;
}

// ---------- spot checks ----------

export class SpotCheckItemDto {
  @ApiProperty({ example: 'home_visit' })
  @FieldLabel('检查项')
  @IsString()
  @MaxLength(40)
  itemCode: string;

  @ApiProperty({ description: '是否合格' })
  @FieldLabel('是否合格')
  @IsBoolean()
  passed: boolean;

  @ApiPropertyOptional({ example: '2', description: '不合格时的扣分，须在检查项的扣分范围内' })
  @FieldLabel('扣分')
  @IsOptional()
  @decimalString()
  @IsString()
  @MaxLength(10)
  deduction?: string;

  @ApiPropertyOptional({ example: '3月走访记录缺少走访对象联系方式' })
  @FieldLabel('问题描述')
  @IsOptional()
  @IsString()
  @MaxLength(500)
  problem?: string;

  @ApiPropertyOptional({ description: '是否提出整改要求' })
  @FieldLabel('是否需要整改')
  @IsOptional()
  @IsBoolean()
  rectificationRequired?: boolean;

  @ApiPropertyOptional({ example: '2024-04-10', description: '整改期限（最后一天）' })
  @FieldLabel('整改期限')
  @IsOptional()
  @IsLocalDate()
  rectificationDeadline?: string;

  @ApiPropertyOptional({ description: '整改要求；不填时按问题描述整改' })
  @FieldLabel('整改要求')
  @IsOptional()
  @IsString()
  @MaxLength(500)
  rectificationDemand?: string;
}

export class CreateSpotCheckDto {
  @ApiProperty({ description: '被抽查的网格员' })
  @FieldLabel('网格员')
  @IsInt()
  @Min(1)
  workerId: number;

  @ApiPropertyOptional({ example: '2024-04-01', description: '抽查日期（上海时间）；与抽查时间二选一，都不填为今天' })
  @FieldLabel('抽查日期')
  @IsOptional()
  @IsLocalDate()
  checkDay?: string;

  @ApiPropertyOptional({ example: '2024-04-01T00:30:00+08:00', description: '抽查时间（带时区）；按上海时间确定所属日期、月份和季度' })
  @FieldLabel('抽查时间')
  @IsOptional()
  @IsISO8601({ strict: true })
  checkedAt?: string;

  @ApiProperty({ type: [SpotCheckItemDto] })
  @FieldLabel('检查项')
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SpotCheckItemDto)
  items: SpotCheckItemDto[];

  @ApiPropertyOptional({ maxLength: 500 })
  @FieldLabel('备注')
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class SpotCheckQuery extends PageQuery {
  @OptionalIdFilter('镇（街道）')
  streetId?: number;

  @ApiPropertyOptional({ example: '2024-04', description: '月份（上海时间）' })
  @FieldLabel('月份')
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/)
  month?: string;

  @OptionalIdFilter('网格员')
  workerId?: number;

  @OptionalIdFilter('抽查人', { description: '抽查人（用户）' })
  inspectorId?: number;
}

// ---------- rectifications ----------

export class RectificationQuery extends PageQuery {
  @OptionalIdFilter('镇（街道）')
  streetId?: number;

  @ApiPropertyOptional({ enum: ['pending', 'reported', 'closed'], description: '待整改 / 已整改待核销 / 已销号' })
  @FieldLabel('整改状态')
  @IsOptional()
  @IsIn(['pending', 'reported', 'closed'])
  status?: 'pending' | 'reported' | 'closed';

  @ApiPropertyOptional({ description: '只看逾期' })
  @FieldLabel('只看逾期')
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  overdue?: boolean;
}

export class RectificationStepDto {
  @ApiPropertyOptional({ maxLength: 500, description: '整改情况说明；退回时为退回原因（必填）' })
  @FieldLabel('说明')
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class RectificationReturnDto extends RectificationStepDto {
  @ApiPropertyOptional({ example: '2024-04-20', description: '新的整改期限' })
  @FieldLabel('整改期限')
  @IsOptional()
  @IsLocalDate()
  newDeadline?: string;
}

// ---------- monthly assessment ----------

export class CreateSchemeDto {
  @ApiProperty({ example: 2024 })
  @FieldLabel('生效年份')
  @IsInt()
  @Min(2000)
  @Max(2100)
  effectiveYear: number;

  @ApiProperty({ example: 7 })
  @FieldLabel('生效月份')
  @IsInt()
  @Min(1)
  @Max(12)
  effectiveMonth: number;

  @ApiProperty({ example: '100' })
  @FieldLabel('基础分')
  @decimalString()
  @Matches(DECIMAL_RE)
  baseScore: string;

  @ApiProperty({ example: '0' })
  @FieldLabel('最低分')
  @decimalString()
  @Matches(DECIMAL_RE)
  floorScore: string;

  @ApiPropertyOptional({ example: '105', description: '最高分，不填为不设上限' })
  @FieldLabel('最高分')
  @IsOptional()
  @decimalString()
  @Matches(DECIMAL_RE)
  capScore?: string;

  @ApiProperty()
  @FieldLabel('是否允许加减分')
  @IsBoolean()
  adjustmentsAllowed: boolean;

  @ApiPropertyOptional({ maxLength: 200 })
  @FieldLabel('说明')
  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string;
}

export class AdjustmentDto {
  @ApiProperty()
  @FieldLabel('网格员')
  @IsInt()
  @Min(1)
  workerId: number;

  @ApiProperty({ example: '2', description: '加分为正，减分为负，最多两位小数' })
  @FieldLabel('加减分')
  @decimalString()
  @Matches(DECIMAL_RE)
  amount: string;

  @ApiProperty({ example: '协助处置突发事件，区应急局通报表扬' })
  @FieldLabel('依据或原因')
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  reason: string;
}

export class MonthlyResultQuery extends PageQuery {
  @OptionalIdFilter('镇（街道）')
  streetId?: number;

  @OptionalIdFilter('网格员')
  workerId?: number;
}

export class YearQuery {
  @ApiPropertyOptional({ example: 2024 })
  @FieldLabel('年份')
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class NoticeQuery {
  @ApiPropertyOptional({ example: '2024-05-10', description: '整改情况统计截至日期，默认今天' })
  @FieldLabel('统计截至日期')
  @IsOptional()
  @IsLocalDate()
  asOf?: string;
}

// ---------- rankings ----------

export class RankingListQuery extends YearQuery {
  @ApiPropertyOptional({ example: 2 })
  @FieldLabel('季度')
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(4)
  quarter?: number;
}

export class PublishRankingDto {
  @ApiPropertyOptional({ maxLength: 200, description: '发布说明（更正时写明更正内容）' })
  @FieldLabel('发布说明')
  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string;
}

export class RankingRowsQuery extends PageQuery {
  @OptionalIdFilter('镇（街道）')
  streetId?: number;
}

// ---------- headcount ----------

export class BonusStandardDto {
  @ApiProperty({ example: 2024 })
  @FieldLabel('生效年份')
  @IsInt()
  @Min(2000)
  @Max(2100)
  effectiveYear: number;

  @ApiProperty({ example: 1 })
  @FieldLabel('生效季度')
  @IsInt()
  @Min(1)
  @Max(4)
  effectiveQuarter: number;

  @ApiProperty({ example: '300.00', description: '元/人·月' })
  @FieldLabel('月度奖金标准')
  @decimalString()
  @Matches(/^\d{1,8}(\.\d{1,2})?$/)
  monthlyStandard: string;

  @ApiPropertyOptional({ maxLength: 200, description: '依据，例如区财政文件号' })
  @FieldLabel('依据')
  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string;
}

export class HeadcountCorrectionDto {
  @ApiProperty({ example: 2, description: '核定在岗月数 0–3' })
  @FieldLabel('更正月数')
  @IsInt()
  @Min(0)
  @Max(3)
  months: number;

  @ApiPropertyOptional({ maxLength: 200, description: '与系统核定不同时必填' })
  @FieldLabel('更正原因')
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;
}
