import './pg-types';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/env.schema';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { ParameterFreeQueryLogger } from './query-logger';

/** The one place the database connection is described; `synchronize` is off everywhere, tests included. */
export function dataSourceOptions(config: Pick<AppConfig, 'DATABASE_URL'>, extra: { poolSize?: number } = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.DATABASE_URL,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    // the migrations own the schema; gen_random_uuid() is built into PostgreSQL 13+
    installExtensions: false,
    logging: ['error'],
    // failed queries are logged without their parameters (personal data never goes into a log line)
    logger: new ParameterFreeQueryLogger(),
    extra: {
      max: extra.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
      // every session computes calendars in the business zone, whatever the server's
      options: '-c timezone=Asia/Shanghai',
    },
  };
}

export function createDataSource(config: Pick<AppConfig, 'DATABASE_URL'>, extra: { poolSize?: number } = {}): DataSource {
  return new DataSource(dataSourceOptions(config, extra));
}
