import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import type { CommunityKind, OrgLevel } from '@app/domain/organisation/org-unit.entity';
import { FieldLabel } from '../../common/field-label.decorator';
import { OptionalIdFilter } from '../../common/query-filters.decorator';

export class CreateOrgUnitDto {
  @ApiPropertyOptional({ description: '上级单位；为空时创建区', nullable: true })
  @FieldLabel('上级单位')
  @IsOptional()
  @IsInt()
  @Min(1)
  parentId?: number | null;

  @ApiProperty({ example: '430203001', description: '单位编码，全局唯一' })
  @FieldLabel('编码')
  @IsString()
  @Matches(/^[0-9A-Za-z_-]{2,32}$/)
  code: string;

  @ApiProperty({ example: '龙泉街道' })
  @FieldLabel('名称')
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ enum: ['community', 'village'], description: '社区或村（仅社区层级）' })
  @FieldLabel('社区类别')
  @IsOptional()
  @IsIn(['community', 'village'])
  communityKind?: CommunityKind;

  @ApiPropertyOptional()
  @FieldLabel('排序')
  @IsOptional()
  @IsInt()
  sortOrder?: number;
}

export class UpdateOrgUnitDto {
  @ApiPropertyOptional()
  @FieldLabel('名称')
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ enum: ['community', 'village'] })
  @FieldLabel('社区类别')
  @IsOptional()
  @IsIn(['community', 'village'])
  communityKind?: CommunityKind;

  @ApiPropertyOptional()
  @FieldLabel('排序')
  @IsOptional()
  @IsInt()
  sortOrder?: number;
}

export class OrgUnitQuery {
  @OptionalIdFilter('上级单位')
  parentId?: number;

  @ApiPropertyOptional({ enum: ['district', 'street', 'community', 'grid'] })
  @FieldLabel('层级')
  @IsOptional()
  @IsIn(['district', 'street', 'community', 'grid'])
  level?: OrgLevel;
}

export class CreateDepartmentDto {
  @ApiProperty({ example: 'HBJ' })
  @FieldLabel('编码')
  @IsString()
  @Matches(/^[0-9A-Za-z_-]{2,32}$/)
  code: string;

  @ApiProperty({ example: '区环保局' })
  @FieldLabel('名称')
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;
}
