import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '@app/domain';
import { AppModule } from '../../apps/api/src/app.module';
import { setupApp } from '../../apps/api/src/setup-app';
import { createTestDatabase, TestDatabase } from './test-database';
import { TEST_REDIS_URL } from './test-env';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  db: DataSource;
  database: TestDatabase;
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

/** A unique queue prefix per test file, so files running in parallel never see each other's jobs. */
export function testQueuePrefix(): string {
  return `t${process.pid}${randomBytes(3).toString('hex')}`;
}

export function testConfig(databaseUrlValue: string, extra: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrlValue,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: testQueuePrefix(),
    PERSONAL_DATA_KEY: randomBytes(32).toString('base64'),
    FILES_DIR: `/tmp/grid-test-files/${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'error',
    WEB_DIR: '/nonexistent',
    ...extra,
  });
}

/** The API on its own database, served in-process; `http()` is a supertest agent. */
export async function startTestApp(extra: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = testConfig(database.url, extra);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), { bodyParser: false, logger: ['error'] });
  setupApp(app, config);
  await app.init();
  const db = app.get(DataSource);
  return {
    app,
    config,
    db,
    database,
    http: () => request(app.getHttpServer()),
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
