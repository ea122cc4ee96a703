import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import type { FieldProblem } from '@app/domain';
import { fieldLabel } from './field-label.decorator';

/** Chinese text of class-validator constraints; unknown ones fall back to a generic message. */
const MESSAGES: Record<string, (args: string[]) => string> = {
  whitelistValidation: () => '不允许的字段',
  isDefined: () => '必填',
  isNotEmpty: () => '不能为空',
  isString: () => '应为文本',
  isInt: () => '应为整数',
  isNumber: () => '应为数字',
  isNumberString: () => '应为数字',
  isDecimal: () => '应为不超过两位小数的数字',
  isBoolean: () => '应为是或否',
  isArray: () => '应为列表',
  arrayNotEmpty: () => '至少选择一项',
  arrayMaxSize: (a) => `最多${a[0]}项`,
  isEnum: () => '取值无效',
  isIn: () => '取值无效',
  min: (a) => `不能小于${a[0]}`,
  max: (a) => `不能大于${a[0]}`,
  minLength: (a) => `至少${a[0]}个字符`,
  maxLength: (a) => `不能超过${a[0]}个字符`,
  length: () => '长度不符合要求',
  matches: () => '格式不正确',
  isDateString: () => '应为日期，格式如 2024-04-01',
  isLocalDate: () => '应为日期，格式如 2024-04-01',
  isISO8601: () => '应为日期时间，格式如 2024-04-01T09:00:00+08:00',
  isUrl: () => '应为网址',
  isPositive: () => '应为正数',
  nestedValidation: () => '格式不正确',
};

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const label = fieldLabel(e.target, e.property);
    for (const [key, original] of Object.entries(e.constraints ?? {})) {
      const custom = e.contexts?.[key]?.message as string | undefined;
      const text = custom ?? MESSAGES[key]?.(constraintArgs(original)) ?? (/[\u4e00-\u9fa5]/.test(original) ? original : '格式不正确');
      out.push({ field: path, message: label ? `${label}${text}` : text });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, path));
  }
  return out;
}

/** Numbers quoted in class-validator's English message, e.g. "must not be greater than 100" → ['100']. */
function constraintArgs(message: string): string[] {
  return message.match(/-?\d+(\.\d+)?/g) ?? [];
}

export class RequestValidationError extends BadRequestException {
  constructor(readonly problems: FieldProblem[]) {
    super({ code: 'VALIDATION', message: problems.map((p) => `${p.field}：${p.message}`).join('；'), problems });
  }
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: true, value: false },
    exceptionFactory: (errors) => new RequestValidationError(flattenValidationErrors(errors)),
  });
}
