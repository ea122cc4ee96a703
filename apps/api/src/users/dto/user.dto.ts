import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { ROLES } from '@app/domain';
import type { Role } from '@app/domain';
import { FieldLabel } from '../../common/field-label.decorator';
import { PageQuery } from '../../common/pagination.dto';
import { OptionalIdFilter } from '../../common/query-filters.decorator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Roles and the binding each needs: street (street operator), department (handler), roster entry (grid worker). */
export class RoleBindingDto {
  @ApiProperty({ enum: ROLES, isArray: true, example: ['street_operator'], description: '角色，可多选' })
  @FieldLabel('角色')
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(6)
  @IsIn(ROLES, { each: true })
  roles: Role[];

  @ApiPropertyOptional({ description: '所属镇（街道），镇街网格专干必填' })
  @FieldLabel('所属镇（街道）')
  @IsOptional()
  @IsInt()
  @Min(1)
  streetId?: number;

  @ApiPropertyOptional({ description: '所属职能部门，职能部门用户必填' })
  @FieldLabel('所属部门')
  @IsOptional()
  @IsInt()
  @Min(1)
  departmentId?: number;

  @ApiPropertyOptional({ description: '对应网格员，网格员用户必填' })
  @FieldLabel('对应网格员')
  @IsOptional()
  @IsInt()
  @Min(1)
  workerId?: number;
}

export class CreateUserDto extends RoleBindingDto {
  @ApiProperty({ example: 'longquan01', description: '3-32位字母、数字、_ . -' })
  @FieldLabel('用户名')
  @IsString()
  @Matches(/^[a-zA-Z0-9_.-]{3,32}$/)
  username: string;

  @ApiProperty({ example: '龙泉街道网格专干' })
  @FieldLabel('姓名')
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  @Transform(trim)
  displayName: string;

  @ApiPropertyOptional({ description: '初始密码；不填时生成一个强密码，仅在本次响应中显示一次' })
  @FieldLabel('初始密码')
  @IsOptional()
  @IsString()
  @MaxLength(128)
  password?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @FieldLabel('姓名')
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  @Transform(trim)
  displayName?: string;
}

export class ResetPasswordDto {
  @ApiPropertyOptional({ description: '新密码；不填时生成一个强密码，仅在本次响应中显示一次' })
  @FieldLabel('新密码')
  @IsOptional()
  @IsString()
  @MaxLength(128)
  password?: string;
}

export class UserQuery extends PageQuery {
  @ApiPropertyOptional({ description: '用户名或姓名（模糊）' })
  @FieldLabel('关键字')
  @IsOptional()
  @IsString()
  @MaxLength(50)
  @Transform(trim)
  q?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @FieldLabel('角色')
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @OptionalIdFilter('所属镇（街道）')
  streetId?: number;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: '是否已停用' })
  @FieldLabel('是否停用')
  @IsOptional()
  @IsIn(['true', 'false'])
  disabled?: 'true' | 'false';
}
