/**
 * A failure the user can act on. `code` decides the HTTP status (see the API's exception filter);
 * `message` is shown to the user as it is, so it is Chinese and names the field when there is one.
 */
export type DomainErrorCode =
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'LOCKED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNPROCESSABLE';

export interface FieldProblem {
  /** Dotted path of the field, or a row reference such as `第12行.身份证号`. */
  field: string;
  message: string;
  /** Spreadsheet row number for import problems. */
  row?: number;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static notFound(what: string, id?: string | number): DomainError {
    return new DomainError('NOT_FOUND', id === undefined ? `${what}不存在` : `${what}不存在：${id}`);
  }

  static conflict(message: string): DomainError {
    return new DomainError('CONFLICT', message);
  }

  static invalid(field: string, message: string): DomainError {
    return new DomainError('VALIDATION', `${field}：${message}`, [{ field, message }]);
  }

  static invalidRows(message: string, problems: FieldProblem[]): DomainError {
    return new DomainError('VALIDATION', message, problems);
  }

  static forbidden(message = '无权执行此操作'): DomainError {
    return new DomainError('FORBIDDEN', message);
  }
}
