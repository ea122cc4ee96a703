import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import type { GradeTier } from '@app/reporting/evaluation/scoring.calculator';
import { FieldLabel } from '../../common/field-label.decorator';

const SCORE = /^\d{1,3}(\.\d{1,2})?$/;
const VALUE = /^\d{1,12}(\.\d{1,6})?$/;

export class TemplateBody {
  @ApiProperty({ type: 'object', additionalProperties: true, description: '指标模板：一级 → 二级 → 三级指标、年度指标值、分值、数据来源（见 GET 的返回）' })
  @FieldLabel('指标模板')
  @IsObject()
  template: Record<string, unknown>;
}

export class FinanceBody {
  @ApiProperty({ type: 'object', additionalProperties: true, description: '财务数据（万元，以文本形式的数字填写，最多两位小数；见 GET 的返回）' })
  @FieldLabel('财务数据')
  @IsObject()
  inputs: Record<string, unknown>;
}

export class GradeDto {
  @ApiProperty({ enum: ['achieved', 'partial', 'not_achieved'], description: '达成 / 部分达成 / 未达成' })
  @FieldLabel('评价等级')
  @IsIn(['achieved', 'partial', 'not_achieved'])
  tier: GradeTier;

  @ApiProperty({ example: '4', description: '得分（在等级的分数区间内）' })
  @FieldLabel('得分')
  @IsString()
  @Matches(SCORE)
  score: string;
}

export class OverrideDto {
  @ApiProperty({ example: '2', description: '调整后的得分' })
  @FieldLabel('调整后的得分')
  @IsString()
  @Matches(SCORE)
  score: string;

  @ApiProperty({ example: '线上培训出勤不足，按实际培训效果评定' })
  @FieldLabel('调整理由')
  @IsString()
  @MaxLength(1000)
  reason: string;
}

/** A field left out keeps its value; null clears it. */
export class JudgementDto {
  @ApiPropertyOptional({ example: '93', nullable: true, description: '手工填写的实际完成值（数值，单位同年度指标值）' })
  @FieldLabel('实际完成值')
  @IsOptional()
  @IsString()
  @Matches(VALUE)
  manualValue?: string | null;

  @ApiPropertyOptional({ example: '规范化、标准化', nullable: true, description: '实际完成值在表中显示的文字' })
  @FieldLabel('实际完成值文字')
  @IsOptional()
  @IsString()
  @MaxLength(500)
  manualDisplay?: string | null;

  @ApiPropertyOptional({ type: GradeDto, nullable: true, description: '定性指标的评价等级和得分' })
  @FieldLabel('评价等级')
  @IsOptional()
  @ValidateNested()
  @Type(() => GradeDto)
  grade?: GradeDto | null;

  @ApiPropertyOptional({ type: OverrideDto, nullable: true, description: '调整得分（调整人为当前用户）' })
  @FieldLabel('调整得分')
  @IsOptional()
  @ValidateNested()
  @Type(() => OverrideDto)
  override?: OverrideDto | null;

  @ApiPropertyOptional({ nullable: true, description: '偏差原因分析及改进措施' })
  @FieldLabel('偏差原因分析及改进措施')
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  deviationReason?: string | null;
}

export class DetailsDto {
  @ApiPropertyOptional({ example: '株洲市芦淞区网格化管理服务中心', nullable: true, description: '区级预算部门（单位）名称；空则取“区名+网格化管理服务中心”' })
  @FieldLabel('单位名称')
  @IsOptional()
  @IsString()
  @MaxLength(100)
  unitName?: string | null;

  @ApiPropertyOptional({ description: '年度总体目标·预期目标' })
  @FieldLabel('预期目标')
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  goalsExpected?: string;

  @ApiPropertyOptional({ description: '年度总体目标·实际完成情况' })
  @FieldLabel('实际完成情况')
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  goalsAchieved?: string;

  @ApiPropertyOptional({ description: '填表人' })
  @FieldLabel('填表人')
  @IsOptional()
  @IsString()
  @MaxLength(50)
  preparer?: string;

  @ApiPropertyOptional({ example: '2025.10.14', description: '填报日期（按表上显示的写法）' })
  @FieldLabel('填报日期')
  @IsOptional()
  @IsString()
  @MaxLength(20)
  fillDate?: string;

  @ApiPropertyOptional({ description: '联系电话' })
  @FieldLabel('联系电话')
  @IsOptional()
  @IsString()
  @MaxLength(30)
  phone?: string;
}
