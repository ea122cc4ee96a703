import { z } from 'zod';

/**
 * The one environment schema of the platform, read once at boot by the API, the worker and the scripts.
 * Defaults fit a developer machine with a local PostgreSQL and Redis.
 */
const DEV_PERSONAL_DATA_KEY = 'ZGV2LW9ubHkta2V5LWRvLW5vdC11c2UtaW4tcHJvZCE='; // base64 of 32 bytes, dev only

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).default('postgres://postgres@127.0.0.1:5432/grid_centre'),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    QUEUE_PREFIX: z
      .string()
      .regex(/^[a-zA-Z0-9_-]+$/, 'letters, digits, _ and - only')
      .default('grid'),
    /** 32 bytes, base64: encrypts ID numbers at rest and keys their look-up hash. */
    PERSONAL_DATA_KEY: z.string().default(DEV_PERSONAL_DATA_KEY),
    /** Directory where built workbooks are kept. */
    FILES_DIR: z.string().default('./var/files'),
    BODY_LIMIT: z.string().default('10mb'),
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
    SESSION_MAX_HOURS: z.coerce.number().int().min(1).default(12),
    LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
    /** Serve the built web console from this directory when it exists. */
    WEB_DIR: z.string().default('./apps/web/dist'),
  })
  .superRefine((env, ctx) => {
    const key = Buffer.from(env.PERSONAL_DATA_KEY, 'base64');
    if (key.length !== 32) {
      ctx.addIssue({ code: 'custom', path: ['PERSONAL_DATA_KEY'], message: 'must be 32 bytes in base64' });
    }
    if (env.NODE_ENV === 'production' && env.PERSONAL_DATA_KEY === DEV_PERSONAL_DATA_KEY) {
      ctx.addIssue({ code: 'custom', path: ['PERSONAL_DATA_KEY'], message: 'must be set in production' });
    }
  });

export type AppConfig = z.infer<typeof schema>;

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid environment: ${problems}`);
  }
  return parsed.data;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/** `host:port/db` of a connection URL, without credentials, for messages. */
export function describeUrl(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || (u.protocol.startsWith('redis') ? '6379' : '5432')}${u.pathname === '/' ? '' : u.pathname}`;
}
