import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '@app/domain';
import { redisOptions } from '@app/domain/jobs/redis-options';

/** Sign-in attempts allowed per client address, and per user name, in one minute. */
export const SIGN_IN_ATTEMPTS_PER_MINUTE = 10;
const WINDOW_MS = 60_000;

/**
 * Counts one attempt on each key; a key's window starts with its first attempt and lasts a minute.
 * Atomic, so two API processes never both start a window or lose a count. Returns count and ms left, per key.
 */
const COUNT_SCRIPT = `
local out = {}
for i, key in ipairs(KEYS) do
  local n = redis.call('INCR', key)
  if n == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then redis.call('PEXPIRE', key, ARGV[1]); ttl = tonumber(ARGV[1]) end
  out[#out + 1] = n
  out[#out + 1] = ttl
end
return out`;

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the current window ends. */
  retryAfterSeconds: number;
}

/**
 * A fixed-window counter in Redis, so the limit holds across API processes: every sign-in attempt (right
 * or wrong) counts once against its client address and once against the user name tried; the window of a
 * key opens with its first attempt and closes a minute later. If Redis is
 * unreachable the limiter lets the attempt through (the account lockout still applies) and says so in
 * the log.
 */
@Injectable()
export class SignInRateLimiter implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('SignInRateLimit');
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = new Redis(redisOptions(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false }));
    this.redis.on('error', () => undefined); // reported where a command fails
    this.prefix = `${config.QUEUE_PREFIX}:rate:sign-in`;
  }

  async onModuleInit(): Promise<void> {
    await this.redis.connect().catch((e: Error) => this.logger.warn(`Redis not reachable for the sign-in rate limit: ${e.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }

  async hit(clientIp: string, username: string): Promise<RateDecision> {
    // the user name is hashed: keys in Redis carry no names
    const user = createHash('sha256').update(username.trim().toLowerCase()).digest('hex').slice(0, 32);
    const keys = [`${this.prefix}:ip:${clientIp || 'unknown'}`, `${this.prefix}:user:${user}`];
    try {
      const [ipCount, ipTtl, userCount, userTtl] = (await this.redis.eval(COUNT_SCRIPT, 2, ...keys, WINDOW_MS)) as number[];
      const over = [ipCount > SIGN_IN_ATTEMPTS_PER_MINUTE ? ipTtl : 0, userCount > SIGN_IN_ATTEMPTS_PER_MINUTE ? userTtl : 0];
      const waitMs = Math.max(...over);
      return { allowed: waitMs === 0, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    } catch (e) {
      this.logger.warn(`sign-in rate limit not checked: ${e instanceof Error ? e.message : String(e)}`);
      return { allowed: true, retryAfterSeconds: 0 };
    }
  }
}
