import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '@app/domain';
import { redisOptions } from '@app/domain/jobs/redis-options';

/** Sign-in attempts allowed per client address, and per user name, in one minute. */
export const SIGN_IN_ATTEMPTS_PER_MINUTE = 10;
const WINDOW_MS = 60_000;

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the current window ends. */
  retryAfterSeconds: number;
}

/**
 * A fixed-window counter in Redis, so the limit holds across API processes: every sign-in attempt (right
 * or wrong) counts once against its client address and once against the user name tried. If Redis is
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

  async hit(clientIp: string, username: string, now = Date.now()): Promise<RateDecision> {
    const window = Math.floor(now / WINDOW_MS);
    const retryAfterSeconds = Math.max(1, Math.ceil(((window + 1) * WINDOW_MS - now) / 1000));
    // the user name is hashed: keys in Redis carry no names
    const user = createHash('sha256').update(username.trim().toLowerCase()).digest('hex').slice(0, 32);
    const keys = [`${this.prefix}:ip:${clientIp || 'unknown'}:${window}`, `${this.prefix}:user:${user}:${window}`];
    try {
      const replies = await this.redis
        .multi()
        .incr(keys[0])
        .pexpire(keys[0], WINDOW_MS * 2)
        .incr(keys[1])
        .pexpire(keys[1], WINDOW_MS * 2)
        .exec();
      const counts = [Number(replies?.[0]?.[1] ?? 0), Number(replies?.[2]?.[1] ?? 0)];
      return { allowed: counts.every((n) => n <= SIGN_IN_ATTEMPTS_PER_MINUTE), retryAfterSeconds };
    } catch (e) {
      this.logger.warn(`sign-in rate limit not checked: ${e instanceof Error ? e.message : String(e)}`);
      return { allowed: true, retryAfterSeconds };
    }
  }
}
