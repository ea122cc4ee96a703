import type { Logger } from 'typeorm';

/**
 * TypeORM's console loggers print a failed query with its parameters, and parameters carry names, phone
 * numbers and ID-number hashes, which never go into a log line. This one prints the failed statement (our
 * SQL has no literals, only $n placeholders) and the database's message, never the parameters.
 */
export class ParameterFreeQueryLogger implements Logger {
  logQuery(): void {}

  logQuerySlow(): void {}

  logSchemaBuild(): void {}

  logMigration(): void {}

  logQueryError(error: string | Error, query: string): void {
    const message = typeof error === 'string' ? error : error.message;
    console.error(`query failed: ${query.replace(/\s+/g, ' ').trim().slice(0, 500)} -- ${message}`);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') console.warn(`typeorm: ${String(message)}`);
  }
}
