import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@app/domain';
import { AppLogger } from '@app/domain/boot/app-logger';
import { checkDependencies, closeOnSignals, runMain } from '@app/domain/boot/dependency-check';
import { WorkerModule } from './worker.module';

runMain(async () => {
  const config = loadConfig();
  await checkDependencies(config);
  const app = await NestFactory.createApplicationContext(WorkerModule.register(config), { logger: new AppLogger(config.LOG_LEVEL) });
  closeOnSignals(() => app.close());
  new Logger('Worker').log(`worker ready (pid ${process.pid})`);
});
