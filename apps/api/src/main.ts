import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@app/domain';
import { AppLogger } from '@app/domain/boot/app-logger';
import { checkDependencies, closeOnSignals, runMain } from '@app/domain/boot/dependency-check';
import { AppModule } from './app.module';
import { setupApp } from './setup-app';

runMain(async () => {
  const config = loadConfig();
  await checkDependencies(config);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    bodyParser: false,
    logger: new AppLogger(config.LOG_LEVEL),
  });
  setupApp(app, config);
  closeOnSignals(() => app.close());
  await app.listen(config.PORT, config.HOST);
  // always printed, whatever LOG_LEVEL: the demo waits for this line
  process.stdout.write(`API listening on http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}/api (docs: /api/docs)\n`);
});
