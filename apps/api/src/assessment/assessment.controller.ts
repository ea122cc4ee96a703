import { Body, Controller, Get, Header, HttpCode, Param, ParseIntPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, Permission, shanghaiDate } from '@app/domain';
import { CurrentActor, RequirePermission } from '../auth/auth.decorators';
import { AuditExport } from '../audit/audit.decorators';
import { sendXlsx } from '../common/xlsx-response';
import {
  AdjustmentDto,
  BonusStandardDto,
  CreateSchemeDto,
  HeadcountCorrectionDto,
  MonthlyResultQuery,
  NoticeQuery,
  PublishRankingDto,
  RankingListQuery,
  RankingRowsQuery,
  YearQuery,
} from './dto/assessment.dto';
import { HeadcountService } from './headcount.service';
import { MonthlyAssessmentService } from './monthly-assessment.service';
import { RankingsService } from './rankings.service';

@ApiTags('月考核')
@Controller('assessment')
export class MonthlyAssessmentController {
  constructor(private readonly months: MonthlyAssessmentService) {}

  @Get('schemes')
  @RequirePermission(Permission.AssessmentRead)
  @ApiOperation({ summary: '考核计分方案的各个版本' })
  schemes() {
    return this.months.schemes();
  }

  @Post('schemes')
  @RequirePermission(Permission.AssessmentConfigure)
  @ApiOperation({ summary: '新增计分方案版本（自生效月份起适用；已发布的月份不受影响）' })
  createScheme(@CurrentActor() actor: Actor, @Body() dto: CreateSchemeDto) {
    return this.months.createScheme(actor, dto);
  }

  @Get('months')
  @RequirePermission(Permission.AssessmentRead)
  @ApiOperation({ summary: '一年12个月的考核状态（未计算 / 草稿 / 已发布）' })
  list(@Query() q: YearQuery) {
    return this.months.months(q.year ?? Number(shanghaiDate(new Date()).slice(0, 4)));
  }

  @Post('months/:year/:month/compute')
  @HttpCode(202)
  @RequirePermission(Permission.AssessmentCompute)
  @ApiOperation({ summary: '计算月考核结果（后台任务；返回任务编号，可在 /api/jobs/reports/{id} 查看进度）' })
  compute(@Param('year', ParseIntPipe) year: number, @Param('month', ParseIntPipe) month: number) {
    return this.months.compute(year, month);
  }

  @Get('months/:year/:month')
  @Header('Cache-Control', 'no-store')
  @RequirePermission(Permission.AssessmentRead)
  @ApiOperation({ summary: '月考核结果（镇街专干只见本镇街，网格员只见本人）' })
  results(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number, @Param('month', ParseIntPipe) month: number, @Query() q: MonthlyResultQuery) {
    return this.months.results(actor, year, month, q);
  }

  @Get('months/:year/:month/adjustments')
  @Header('Cache-Control', 'no-store')
  @RequirePermission(Permission.AssessmentRead)
  @ApiOperation({ summary: '当月加减分及其依据、录入人' })
  adjustments(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number, @Param('month', ParseIntPipe) month: number) {
    return this.months.adjustments(actor, year, month);
  }

  @Post('months/:year/:month/adjustments')
  @RequirePermission(Permission.AssessmentCompute)
  @ApiOperation({ summary: '录入加减分（须写明依据；已发布的月份不能再加减分）' })
  addAdjustment(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number, @Param('month', ParseIntPipe) month: number, @Body() dto: AdjustmentDto) {
    return this.months.addAdjustment(actor, year, month, dto);
  }

  @Post('months/:year/:month/publish')
  @RequirePermission(Permission.RankingPublish)
  @ApiOperation({ summary: '发布月考核结果（按当前数据计算后冻结，之后不再改变）' })
  publish(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number, @Param('month', ParseIntPipe) month: number) {
    return this.months.publish(actor, year, month);
  }

  @Get('months/:year/:month/notice')
  @AuditExport()
  @RequirePermission(Permission.SpotCheckRead)
  @ApiOperation({ summary: '下载月度通报 xlsx（镇街专干下载的是本镇街的）' })
  async notice(
    @CurrentActor() actor: Actor,
    @Param('year', ParseIntPipe) year: number,
    @Param('month', ParseIntPipe) month: number,
    @Query() q: NoticeQuery,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { buffer, fileName } = await this.months.notice(actor, year, month, q.asOf);
    return sendXlsx(res, buffer, fileName);
  }
}

@ApiTags('季排名')
@Controller('rankings')
export class RankingsController {
  constructor(private readonly rankings: RankingsService) {}

  @Get()
  @RequirePermission(Permission.AssessmentRead)
  @ApiOperation({ summary: '季度排名的各个版本（草稿仅中心可见）' })
  list(@CurrentActor() actor: Actor, @Query() q: RankingListQuery) {
    return this.rankings.list(actor, q);
  }

  @Post(':year/:quarter/draft')
  @RequirePermission(Permission.AssessmentCompute)
  @ApiOperation({ summary: '按当前月考核结果计算季度排名草稿' })
  draft(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number, @Param('quarter', ParseIntPipe) quarter: number) {
    return this.rankings.draft(actor, year, quarter);
  }

  @Post(':year/:quarter/publish')
  @RequirePermission(Permission.RankingPublish)
  @ApiOperation({ summary: '发布季度排名：冻结为新版本，此前发布的版本保留为“已被新版本替代”' })
  publish(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number, @Param('quarter', ParseIntPipe) quarter: number, @Body() dto: PublishRankingDto) {
    return this.rankings.publish(actor, year, quarter, dto);
  }

  @Get(':id')
  @Header('Cache-Control', 'no-store')
  @RequirePermission(Permission.AssessmentRead)
  @ApiOperation({ summary: '一个排名版本：镇街排名和网格员排名（分页）' })
  get(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Query() q: RankingRowsQuery) {
    return this.rankings.get(actor, id, q);
  }

  @Get(':id/notice')
  @AuditExport()
  @RequirePermission(Permission.AssessmentRead)
  @ApiOperation({ summary: '下载季度考核排名通报 xlsx（该版本）' })
  async notice(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Res({ passthrough: true }) res: Response) {
    const { buffer, fileName } = await this.rankings.notice(actor, id);
    return sendXlsx(res, buffer, fileName);
  }
}

@ApiTags('季度在岗核实')
@Controller('headcount')
export class HeadcountController {
  constructor(private readonly headcount: HeadcountService) {}

  @Get('standards')
  @RequirePermission(Permission.HeadcountRead)
  @ApiOperation({ summary: '月度奖金标准（元/人·月）及生效季度' })
  standards() {
    return this.headcount.standards();
  }

  @Post('standards')
  @RequirePermission(Permission.AssessmentConfigure)
  @ApiOperation({ summary: '设置月度奖金标准，自某季度起适用' })
  setStandard(@CurrentActor() actor: Actor, @Body() dto: BonusStandardDto) {
    return this.headcount.setStandard(actor, dto);
  }

  @Get(':year/:quarter')
  @RequirePermission(Permission.HeadcountRead)
  @ApiOperation({ summary: '各镇街本季度在岗人数、月数、奖金基数和确认情况（镇街专干只见本镇街）' })
  overview(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number, @Param('quarter', ParseIntPipe) quarter: number) {
    return this.headcount.overview(actor, year, quarter);
  }

  @Get(':year/:quarter/export')
  @AuditExport()
  @RequirePermission(Permission.HeadcountExport)
  @ApiOperation({ summary: '下载季度在岗核实表 xlsx（分镇街小计、奖金基数）' })
  async export(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number, @Param('quarter', ParseIntPipe) quarter: number, @Res({ passthrough: true }) res: Response) {
    const { buffer, fileName } = await this.headcount.export(actor, year, quarter);
    return sendXlsx(res, buffer, fileName);
  }

  @Get(':year/:quarter/streets/:streetId')
  @Header('Cache-Control', 'no-store')
  @RequirePermission(Permission.HeadcountRead)
  @ApiOperation({ summary: '一个镇街本季度的在岗核实表' })
  street(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number, @Param('quarter', ParseIntPipe) quarter: number, @Param('streetId', ParseIntPipe) streetId: number) {
    return this.headcount.streetTable(actor, year, quarter, streetId);
  }

  @Put(':year/:quarter/streets/:streetId/workers/:workerId')
  @Header('Cache-Control', 'no-store')
  @RequirePermission(Permission.HeadcountConfirm)
  @ApiOperation({ summary: '镇街更正网格员在岗月数（与系统核定不同须写原因）' })
  correct(
    @CurrentActor() actor: Actor,
    @Param('year', ParseIntPipe) year: number,
    @Param('quarter', ParseIntPipe) quarter: number,
    @Param('streetId', ParseIntPipe) streetId: number,
    @Param('workerId', ParseIntPipe) workerId: number,
    @Body() dto: HeadcountCorrectionDto,
  ) {
    return this.headcount.correct(actor, year, quarter, streetId, workerId, dto);
  }

  @Post(':year/:quarter/streets/:streetId/confirm')
  @Header('Cache-Control', 'no-store')
  @RequirePermission(Permission.HeadcountConfirm)
  @ApiOperation({ summary: '镇街确认本季度在岗情况（确认后不能再更正）' })
  confirm(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number, @Param('quarter', ParseIntPipe) quarter: number, @Param('streetId', ParseIntPipe) streetId: number) {
    return this.headcount.confirm(actor, year, quarter, streetId);
  }
}
