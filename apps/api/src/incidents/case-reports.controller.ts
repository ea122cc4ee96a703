import { Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, Permission } from '@app/domain';
import { CurrentActor, RequirePermission } from '../auth/auth.decorators';
import { AuditExport } from '../audit/audit.decorators';
import { sendXlsx } from '../common/xlsx-response';
import { CaseReportsService } from './case-reports.service';
import { FiguresQuery, SupervisionQuery } from './dto/case.dto';

@ApiTags('网格事件')
@Controller()
export class CaseReportsController {
  constructor(private readonly reports: CaseReportsService) {}

  @Get('case-supervisions')
  @RequirePermission(Permission.CaseRead)
  @ApiOperation({ summary: '督办通知列表（超期自动督办，每个案件每个时限只督办一次）' })
  supervisions(@CurrentActor() actor: Actor, @Query() q: SupervisionQuery) {
    return this.reports.supervisions(actor, q);
  }

  @Post('case-supervisions/sweep')
  @HttpCode(202)
  @RequirePermission(Permission.CaseManage)
  @ApiOperation({ summary: '立即执行一次超期检查（平时每15分钟自动执行）' })
  sweep() {
    return this.reports.sweepNow();
  }

  @Get('case-figures')
  @RequirePermission(Permission.CaseRead)
  @ApiOperation({ summary: '事件统计：上报、办结、按期办结、按期结案率、超期、返工、响应与办理时长（均值、P95）、回访满意率；可按镇街、类别、部门分组' })
  figures(@CurrentActor() actor: Actor, @Query() q: FiguresQuery) {
    return this.reports.figures(actor, q);
  }

  @Get('case-figures/export')
  @AuditExport()
  @RequirePermission(Permission.CaseRead)
  @ApiOperation({ summary: '导出事件统计 xlsx（中心导出时附系统运维情况）' })
  async export(@CurrentActor() actor: Actor, @Query() q: FiguresQuery, @Res({ passthrough: true }) res: Response) {
    return sendXlsx(res, await this.reports.exportFigures(actor, q), `事件统计-${q.from}至${q.to}.xlsx`);
  }
}
