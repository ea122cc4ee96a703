import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { CaseAssigneeKind, CaseKind } from '@app/domain/incidents/case.types';
import { FieldLabel } from '../../common/field-label.decorator';

export class CreateCategoryDto {
  @ApiPropertyOptional({ description: '上级类别（不填为一级类别）；类别树共两级，案件登记在末级类别下' })
  @FieldLabel('上级类别')
  @IsOptional()
  @IsInt()
  @Min(1)
  parentId?: number;

  @ApiProperty({ example: 'E0208', description: '编码：大写字母开头，下级编码以上级编码开头' })
  @FieldLabel('编码')
  @IsString()
  @Matches(/^[A-Z][0-9A-Z]{1,15}$/)
  code: string;

  @ApiProperty({ example: '餐饮油烟' })
  @FieldLabel('名称')
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  name: string;

  @ApiProperty({ enum: ['incident', 'service'], description: '事件 / 服务事项（下级类别须与上级一致）' })
  @FieldLabel('类型')
  @IsIn(['incident', 'service'])
  kind: CaseKind;

  @ApiProperty({ example: 1, description: '受理时限（工作日）' })
  @FieldLabel('受理时限')
  @IsInt()
  @Min(0)
  @Max(60)
  responseLimitWorkingDays: number;

  @ApiProperty({ example: 5, description: '办结时限（工作日，自受理起）' })
  @FieldLabel('办结时限')
  @IsInt()
  @Min(1)
  @Max(60)
  handlingLimitWorkingDays: number;

  @ApiPropertyOptional({ description: '服务事项可由网格员自办结' })
  @FieldLabel('可自办结')
  @IsOptional()
  @IsBoolean()
  selfClosable?: boolean;

  @ApiPropertyOptional({ enum: ['department', 'street'], description: '默认派遣：职能部门 / 案件所在镇街' })
  @FieldLabel('默认派遣对象类型')
  @IsOptional()
  @IsIn(['department', 'street'])
  defaultAssigneeKind?: CaseAssigneeKind;

  @ApiPropertyOptional({ description: '默认派遣部门' })
  @FieldLabel('默认派遣部门')
  @IsOptional()
  @IsInt()
  @Min(1)
  defaultDepartmentId?: number;

  @ApiPropertyOptional()
  @FieldLabel('排序')
  @IsOptional()
  @IsInt()
  sortOrder?: number;
}

export class UpdateCategoryDto {
  @ApiPropertyOptional()
  @FieldLabel('名称')
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  name?: string;

  @ApiPropertyOptional({ description: '受理时限（工作日）；已上报的案件不受影响' })
  @FieldLabel('受理时限')
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60)
  responseLimitWorkingDays?: number;

  @ApiPropertyOptional({ description: '办结时限（工作日）；已上报的案件不受影响' })
  @FieldLabel('办结时限')
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  handlingLimitWorkingDays?: number;

  @ApiPropertyOptional()
  @FieldLabel('可自办结')
  @IsOptional()
  @IsBoolean()
  selfClosable?: boolean;

  @ApiPropertyOptional({ enum: ['department', 'street'] })
  @FieldLabel('默认派遣对象类型')
  @IsOptional()
  @IsIn(['department', 'street'])
  defaultAssigneeKind?: CaseAssigneeKind;

  @ApiPropertyOptional({ description: '默认派遣部门（0 清除）' })
  @FieldLabel('默认派遣部门')
  @IsOptional()
  @IsInt()
  @Min(0)
  defaultDepartmentId?: number;

  @ApiPropertyOptional({ description: '停用后不能再登记新案件' })
  @FieldLabel('启用')
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional()
  @FieldLabel('排序')
  @IsOptional()
  @IsInt()
  sortOrder?: number;
}
