import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsInt, IsOptional, IsString, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { CALLBACK_OUTCOMES, CallbackOutcome } from '@app/domain/incidents/case-figures.rules';
import type { SurveyRespondentKind } from '@app/domain/incidents/maintenance.entity';
import { FieldLabel } from '../../common/field-label.decorator';
import { PageQuery } from '../../common/pagination.dto';
import { OptionalIdFilter } from '../../common/query-filters.decorator';
import { IsLocalDate } from '../../common/is-local-date.decorator';

export class SurveyAnswerDto {
  @ApiProperty({ enum: ['street', 'department'], description: '镇（街道） / 职能部门' })
  @FieldLabel('服务对象类型')
  @IsIn(['street', 'department'])
  respondentKind: SurveyRespondentKind;

  @ApiProperty({ description: '镇街或部门编号' })
  @FieldLabel('服务对象')
  @IsInt()
  @Min(1)
  respondentId: number;

  @ApiProperty({ enum: CALLBACK_OUTCOMES, description: '满意 / 基本满意 / 不满意 / 未接通（未作答）' })
  @FieldLabel('评价')
  @IsIn(CALLBACK_OUTCOMES as CallbackOutcome[])
  outcome: CallbackOutcome;

  @ApiPropertyOptional()
  @FieldLabel('意见建议')
  @IsOptional()
  @IsString()
  @MaxLength(500)
  remark?: string;
}

export class CreateSurveyDto {
  @ApiProperty({ example: '2024年度服务对象满意度测评' })
  @FieldLabel('测评名称')
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  title: string;

  @ApiProperty({ example: '2024-12-10' })
  @FieldLabel('测评日期')
  @IsLocalDate()
  surveyDate: string;

  @ApiPropertyOptional()
  @FieldLabel('说明')
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;

  @ApiProperty({ type: [SurveyAnswerDto] })
  @FieldLabel('答卷')
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => SurveyAnswerDto)
  answers: SurveyAnswerDto[];
}

export class SurveyQuery extends PageQuery {
  @OptionalIdFilter('年份', { example: 2024 })
  year?: number;
}
