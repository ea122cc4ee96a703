import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { JobQueuesService as JobQueues } from '@app/domain/jobs/job-queues.service';
import { Public } from '../auth/auth.decorators';

@ApiTags('运行状态')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: DataSource,
    private readonly queues: JobQueues,
  ) {}

  @Get()
  @HttpCode(200)
  @ApiOperation({ summary: '存活检查' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: '就绪检查：数据库与 Redis 均可用时返回 200' })
  async ready(@Res({ passthrough: true }) res: Response) {
    const [database, redis] = await Promise.all([
      this.db.query('SELECT 1').then(() => 'ok' as const, () => 'down' as const),
      this.queues.ping().then(() => 'ok' as const, () => 'down' as const),
    ]);
    const ok = database === 'ok' && redis === 'ok';
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'unavailable', database, redis };
  }
}
