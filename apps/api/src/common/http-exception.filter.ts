import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { DomainError, DomainErrorCode, FieldProblem } from '@app/domain';

/** The HTTP status of each domain error code: the one mapping, used by the audit trail too. */
export const DOMAIN_STATUS: Record<DomainErrorCode, number> = {
  VALIDATION: HttpStatus.BAD_REQUEST,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  CONFLICT: HttpStatus.CONFLICT,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  UNAUTHENTICATED: HttpStatus.UNAUTHORIZED,
  LOCKED: 423,
  PAYLOAD_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  UNPROCESSABLE: HttpStatus.UNPROCESSABLE_ENTITY,
};

const HTTP_MESSAGES: Record<number, { code: string; message: string }> = {
  400: { code: 'VALIDATION', message: '请求格式不正确' },
  401: { code: 'UNAUTHENTICATED', message: '请先登录' },
  403: { code: 'FORBIDDEN', message: '无权执行此操作' },
  404: { code: 'NOT_FOUND', message: '请求的资源不存在' },
  405: { code: 'METHOD_NOT_ALLOWED', message: '不支持的请求方法' },
  409: { code: 'CONFLICT', message: '数据冲突，请刷新后重试' },
  413: { code: 'PAYLOAD_TOO_LARGE', message: '请求内容过大' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的内容类型' },
  429: { code: 'TOO_MANY_REQUESTS', message: '请求过于频繁，请稍后再试' },
};

export interface ErrorBody {
  code: string;
  message: string;
  problems?: FieldProblem[];
  requestId: string;
}

/**
 * The one place errors become responses: a code, a Chinese message, field problems when there are any,
 * and the request id. No stack trace, SQL or driver message ever reaches the client; unknown errors are
 * logged with the request id and answered with a generic 500.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    const requestId = req.id ?? '';
    const [status, body] = this.toResponse(exception, requestId, req);
    if (res.headersSent) return;
    res.status(status).json(body);
  }

  private toResponse(e: unknown, requestId: string, req: Request): [number, ErrorBody] {
    if (e instanceof DomainError) {
      return [DOMAIN_STATUS[e.code], { code: e.code, message: e.message, ...(e.problems.length ? { problems: e.problems } : {}), requestId }];
    }
    if (e instanceof HttpException) {
      const status = e.getStatus();
      const payload = e.getResponse();
      if (typeof payload === 'object' && payload && 'problems' in payload) {
        const p = payload as { code: string; message: string; problems: FieldProblem[] };
        return [status, { code: p.code, message: p.message, problems: p.problems, requestId }];
      }
      if (typeof payload === 'object' && payload && 'code' in payload && typeof (payload as { message?: unknown }).message === 'string') {
        const p = payload as { code: string; message: string };
        return [status, { code: p.code, message: p.message, requestId }];
      }
      // Nest turns body-parser's JSON SyntaxError into a plain 400
      if (status === 400 && /JSON/.test(e.message)) return [400, { code: 'VALIDATION', message: '请求内容不是有效的 JSON', requestId }];
      const known = HTTP_MESSAGES[status] ?? { code: 'ERROR', message: '请求失败' };
      if (status >= 500) this.logger.error(`${requestId} ${req.method} ${req.path}: ${e.message}`);
      return [status, { ...known, requestId }];
    }
    const bodyParserType = (e as { type?: string })?.type;
    if (bodyParserType === 'entity.too.large') return [413, { ...HTTP_MESSAGES[413], requestId }];
    if (bodyParserType === 'entity.parse.failed') return [400, { code: 'VALIDATION', message: '请求内容不是有效的 JSON', requestId }];
    if (e instanceof QueryFailedError) {
      const code = (e.driverError as { code?: string } | undefined)?.code;
      if (code === '23505') return [409, { code: 'CONFLICT', message: '数据已存在，不能重复', requestId }];
      if (code === '23503') return [409, { code: 'CONFLICT', message: '数据仍被引用，或引用的数据不存在', requestId }];
      if (code === '40001' || code === '40P01') return [409, { code: 'CONFLICT', message: '数据正被他人修改，请刷新后重试', requestId }];
    }
    this.logger.error(`${requestId} ${req.method} ${req.path}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return [500, { code: 'INTERNAL', message: '服务器内部错误，请联系管理员并提供请求编号', requestId }];
  }
}
