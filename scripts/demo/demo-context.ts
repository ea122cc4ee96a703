import type { DataSource } from 'typeorm';
import type { AppConfig } from '@app/domain';
import { PersonalDataCipher } from '@app/domain/crypto/personal-data.cipher';

/** What every demo seeder gets. Seeders are idempotent: a second run adds nothing. */
export interface DemoContext {
  db: DataSource;
  config: AppConfig;
  cipher: PersonalDataCipher;
  /** The demo's business year: the one the reference self-evaluation covers. */
  year: number;
  log(message: string): void;
}

export interface DemoSeeder {
  name: string;
  seed(ctx: DemoContext): Promise<void>;
}
