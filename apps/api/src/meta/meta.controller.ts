import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { todayInShanghai } from '@app/domain';
import { queryOne } from '@app/domain/database/sql';
import { SignedIn } from '../auth/auth.decorators';

@ApiTags('运行状态')
@Controller('meta')
export class MetaController {
  constructor(private readonly db: DataSource) {}

  /**
   * The business years: this year (Shanghai) and the latest year that has operational records, which is
   * where a year-based page opens (a centre that starts using the platform mid-way, or a demo, has no
   * records yet in this year). Counts only what has happened, not sessions planned for later.
   */
  @Get('years')
  @SignedIn()
  @ApiOperation({ summary: '业务年度：本年度与最近有业务数据的年度（年度类页面默认打开后者）' })
  async years(): Promise<{ current: number; latestWithData: number }> {
    const today = todayInShanghai();
    const row = await queryOne<{ latest: number | null }>(
      this.db,
      `SELECT EXTRACT(year FROM greatest(
                (SELECT max(check_day) FROM spot_check WHERE check_day <= $1::date),
                (SELECT max(reported_at)::date FROM incident_case WHERE reported_at::date <= $1::date),
                (SELECT max(starts_at)::date FROM training_session WHERE state = 'held')))::int AS latest`,
      [today],
    );
    const current = Number(today.slice(0, 4));
    return { current, latestWithData: row?.latest ?? current };
  }
}
