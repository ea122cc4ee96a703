import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@app/domain';
import { checkDependencies, closeOnSignals, runMain } from '@app/domain/boot/dependency-check';
import { WorkerModule } from './worker.module';

runMain(async () => {
  const config = loadConfig();
  await checkDependencies(config);
  const app = await NestFactory.createApplicationContext(WorkerModule.register(config), { logger: ['error', 'warn', 'log'] });
  closeOnSignals(() => app.close());
  new Logger('Worker').log(`worker ready (pid ${process.pid})`);
});
