import { ConsoleLogger, LogLevel } from '@nestjs/common';

const BOOT_CONTEXTS = new Set(['InstanceLoader', 'RouterExplorer', 'RoutesResolver', 'NestFactory', 'NestApplication']);

/**
 * Nest's console logger without the start-up chatter (one line per module and route); errors and
 * warnings of those contexts still show.
 */
export class AppLogger extends ConsoleLogger {
  constructor(level: LogLevel) {
    const all: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
    super({ logLevels: all.slice(0, all.indexOf(level) + 1) });
  }

  override log(message: unknown, context?: string): void {
    if (context && BOOT_CONTEXTS.has(context)) return;
    super.log(message, context);
  }
}
