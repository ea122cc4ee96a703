import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { FieldLabel } from '../common/field-label.decorator';
import { PageQuery } from '../common/pagination.dto';
import { IsLocalDate } from '../common/is-local-date.decorator';

export class CreateTicketDto {
  @ApiProperty({ example: '事件上报模块无法提交' })
  @FieldLabel('故障名称')
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  title: string;

  @ApiPropertyOptional()
  @FieldLabel('故障描述')
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiProperty({ example: '2024-03-05T09:12:00+08:00', description: '报障时间' })
  @FieldLabel('报障时间')
  @IsISO8601({ strict: true })
  reportedAt: string;

  @ApiPropertyOptional({ description: '响应时间' })
  @FieldLabel('响应时间')
  @IsOptional()
  @IsISO8601({ strict: true })
  respondedAt?: string;

  @ApiPropertyOptional({ description: '恢复时间' })
  @FieldLabel('恢复时间')
  @IsOptional()
  @IsISO8601({ strict: true })
  restoredAt?: string;

  @ApiPropertyOptional({ description: '停机时长（分钟，系统不可用的时长；部分故障可少于恢复用时）' })
  @FieldLabel('停机时长')
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(527040)
  downtimeMinutes?: number;
}

export class UpdateTicketDto {
  @ApiPropertyOptional()
  @FieldLabel('故障名称')
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  title?: string;

  @ApiPropertyOptional()
  @FieldLabel('故障描述')
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional()
  @FieldLabel('报障时间')
  @IsOptional()
  @IsISO8601({ strict: true })
  reportedAt?: string;

  @ApiPropertyOptional({ description: 'null 清除' })
  @FieldLabel('响应时间')
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsISO8601({ strict: true })
  respondedAt?: string | null;

  @ApiPropertyOptional({ description: 'null 清除' })
  @FieldLabel('恢复时间')
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsISO8601({ strict: true })
  restoredAt?: string | null;

  @ApiPropertyOptional()
  @FieldLabel('停机时长')
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(527040)
  downtimeMinutes?: number;
}

export class TicketQuery extends PageQuery {
  @ApiPropertyOptional({ example: '2024-01-01' })
  @FieldLabel('报障日期起')
  @IsOptional()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({ example: '2024-12-31' })
  @FieldLabel('报障日期止')
  @IsOptional()
  @IsLocalDate()
  to?: string;
}

export class MaintenanceFiguresQuery {
  @ApiProperty({ example: 2024 })
  @FieldLabel('年份')
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}
