import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Permission, todayInShanghai } from '@app/domain';
import { RequirePermission } from '../auth/auth.decorators';
import { sendXlsx } from '../common/xlsx-response';
import { AuditExport } from './audit.decorators';
import { AuditSearchService } from './audit-search.service';
import { renderAuditWorkbook } from './audit.workbook';
import { AuditQuery } from './dto/audit-query.dto';

@ApiTags('审计日志')
@Controller('audit')
export class AuditController {
  constructor(private readonly search: AuditSearchService) {}

  @Get()
  @RequirePermission(Permission.AuditRead)
  @ApiOperation({ summary: '查询审计日志：按用户、类别、操作、对象、时间段、结果筛选，最新在前，分页' })
  list(@Query() q: AuditQuery) {
    return this.search.search(q);
  }

  @Get('export')
  @AuditExport()
  @RequirePermission(Permission.AuditRead)
  @ApiOperation({ summary: '导出审计日志 xlsx（同样的筛选条件；导出本身也记入审计日志）' })
  async export(@Query() q: AuditQuery, @Res({ passthrough: true }) res: Response) {
    const entries = await this.search.all(q);
    const period = [q.from ? `自 ${q.from}` : '', q.to ? `至 ${q.to}` : ''].filter(Boolean).join(' ') || '全部时间';
    return sendXlsx(res, await renderAuditWorkbook(entries, `${period}，共 ${entries.length} 条`), `审计日志-${todayInShanghai()}.xlsx`);
  }
}
