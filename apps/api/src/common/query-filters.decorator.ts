import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import { FieldLabel } from './field-label.decorator';

/**
 * An optional numeric id in a query string (`?streetId=3`): converted from text, a positive integer,
 * labelled in Chinese for the validation message, documented in OpenAPI.
 */
export function OptionalIdFilter(label: string, options: ApiPropertyOptions = {}): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: Number, minimum: 1, ...options } as ApiPropertyOptions),
    FieldLabel(label),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
  );
}
