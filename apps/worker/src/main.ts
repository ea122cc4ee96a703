import 'reflect-metadata';
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
  // always printed, whatever LOG_LEVEL: the demo and the tests wait for this line
  process.stdout.write(`worker ready (pid ${process.pid})\n`);
});
