import { ValidateBy, ValidationOptions } from 'class-validator';
import { isLocalDate } from '@app/domain';

/**
 * A calendar day as 'YYYY-MM-DD' that exists (2024-02-29 yes, 2023-02-29 no). Unlike IsDateString it refuses
 * date-times and other ISO 8601 forms, which the services would otherwise read as a day they are not.
 */
export function IsLocalDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({ name: 'isLocalDate', validator: { validate: (v: unknown) => typeof v === 'string' && isLocalDate(v) } }, options);
}
