import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import type { EmploymentEventKind } from '@app/domain/roster/employment.rules';
import type { WorkerKind } from '@app/domain/roster/grid-worker.entity';
import { FieldLabel } from '../../common/field-label.decorator';
import { PageQuery } from '../../common/pagination.dto';
import { OptionalIdFilter } from '../../common/query-filters.decorator';
import { IsLocalDate } from '../../common/is-local-date.decorator';

export class CreateWorkerDto {
  @ApiProperty({ example: 'GW0001', description: '网格员编号' })
  @FieldLabel('网格员编号')
  @IsString()
  @Matches(/^[0-9A-Za-z_-]{2,32}$/)
  code: string;

  @ApiProperty({ example: '张三' })
  @FieldLabel('姓名')
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  name: string;

  @ApiProperty({ example: '13812345678' })
  @FieldLabel('手机号码')
  @IsString()
  phone: string;

  @ApiProperty({ example: '430203199003071234', description: '居民身份证号（18位，校验 GB 11643 校验位与出生日期）' })
  @FieldLabel('身份证号')
  @IsString()
  idNumber: string;

  @ApiProperty({ description: '所属网格' })
  @FieldLabel('所属网格')
  @IsInt()
  @Min(1)
  gridId: number;

  @ApiProperty({ enum: ['full_time', 'part_time'], description: '专职 / 兼职' })
  @FieldLabel('类别')
  @IsIn(['full_time', 'part_time'])
  kind: WorkerKind;

  @ApiPropertyOptional({ description: '网格长' })
  @FieldLabel('是否网格长')
  @IsOptional()
  @IsBoolean()
  isGridLeader?: boolean;

  @ApiProperty({ example: '2024-01-02', description: '入职日期' })
  @FieldLabel('入职日期')
  @IsLocalDate()
  hireDate: string;
}

export class UpdateWorkerDto {
  @ApiPropertyOptional()
  @FieldLabel('姓名')
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  name?: string;

  @ApiPropertyOptional()
  @FieldLabel('手机号码')
  @IsOptional()
  @IsString()
  phone?: string;

  @ApiPropertyOptional()
  @FieldLabel('所属网格')
  @IsOptional()
  @IsInt()
  @Min(1)
  gridId?: number;

  @ApiPropertyOptional({ enum: ['full_time', 'part_time'] })
  @FieldLabel('类别')
  @IsOptional()
  @IsIn(['full_time', 'part_time'])
  kind?: WorkerKind;

  @ApiPropertyOptional()
  @FieldLabel('是否网格长')
  @IsOptional()
  @IsBoolean()
  isGridLeader?: boolean;
}

export class EmploymentEventDto {
  @ApiProperty({ enum: ['hire', 'suspend', 'resume', 'leave'], description: '入职 / 停职 / 复职 / 离职' })
  @FieldLabel('变动类型')
  @IsIn(['hire', 'suspend', 'resume', 'leave'])
  kind: EmploymentEventKind;

  @ApiProperty({ example: '2024-05-10', description: '生效日期' })
  @FieldLabel('生效日期')
  @IsLocalDate()
  date: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @FieldLabel('备注')
  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string;
}

export class WorkerQuery extends PageQuery {
  @OptionalIdFilter('镇（街道）')
  streetId?: number;

  @OptionalIdFilter('社区（村）')
  communityId?: number;

  @OptionalIdFilter('网格')
  gridId?: number;

  @ApiPropertyOptional({ enum: ['active', 'suspended', 'left'], description: '今日状态：在岗 / 停职 / 离职' })
  @FieldLabel('状态')
  @IsOptional()
  @IsIn(['active', 'suspended', 'left'])
  status?: 'active' | 'suspended' | 'left';

  @ApiPropertyOptional({ description: '姓名或编号（模糊）' })
  @FieldLabel('姓名')
  @IsOptional()
  @IsString()
  @MaxLength(50)
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  name?: string;
}
