import { Body, Controller, Get, Header, HttpCode, Inject, Param, ParseIntPipe, Post, Put, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, APP_CONFIG, AppConfig, DomainError, Permission } from '@app/domain';
import { CurrentActor, RequirePermission } from '../auth/auth.decorators';
import { AuditExport } from '../audit/audit.decorators';
import { sendXlsx } from '../common/xlsx-response';
import { DetailsDto, FinanceBody, JudgementDto, TemplateBody } from './dto/evaluation.dto';
import { EvaluationsService } from './evaluations.service';

export const FINANCE_UPLOAD_LIMIT_BYTES = 5 * 1024 * 1024;

/** The builds of the workbook, by id (declared before the year routes). */
@ApiTags('绩效自评')
@Controller('evaluations/builds')
export class EvaluationBuildsController {
  constructor(
    private readonly evaluations: EvaluationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get(':id')
  @RequirePermission(Permission.EvaluationRead)
  @ApiOperation({ summary: '绩效自评生成任务的状态与进度（百分比）' })
  get(@Param('id') id: string) {
    return this.evaluations.build(id);
  }

  @Get(':id/workbook')
  @AuditExport()
  @RequirePermission(Permission.EvaluationRead)
  @ApiOperation({ summary: '下载生成的绩效自评工作簿（附件2、附件1、取数说明、数据校验）' })
  async workbook(@Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    const { buffer, fileName } = await this.evaluations.workbook(id, this.config.FILES_DIR);
    return sendXlsx(res, buffer, fileName);
  }
}

@ApiTags('绩效自评')
@Controller('evaluations')
export class EvaluationsController {
  constructor(private readonly evaluations: EvaluationsService) {}

  @Get(':year')
  @RequirePermission(Permission.EvaluationRead)
  @ApiOperation({ summary: '年度绩效自评的当前计算结果：各指标实际完成值、建议得分、调整、最终得分、偏差原因，以及不能定稿的原因' })
  view(@Param('year', ParseIntPipe) year: number) {
    return this.evaluations.view(year);
  }

  @Get(':year/findings')
  @RequirePermission(Permission.EvaluationRead)
  @ApiOperation({ summary: '数据校验：输入数据的矛盾与提示，以及不能定稿的原因' })
  findings(@Param('year', ParseIntPipe) year: number) {
    return this.evaluations.findings(year);
  }

  @Get(':year/template')
  @RequirePermission(Permission.EvaluationRead)
  @ApiOperation({ summary: '年度指标模板（没有时复制上一年度的，首年为2024年度默认模板）' })
  template(@Param('year', ParseIntPipe) year: number) {
    return this.evaluations.template(year);
  }

  @Put(':year/template')
  @RequirePermission(Permission.EvaluationWrite)
  @ApiOperation({ summary: '保存年度指标模板；分值合计不符时拒绝并列出各项合计' })
  saveTemplate(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number, @Body() body: TemplateBody) {
    return this.evaluations.saveTemplate(actor, year, body.template);
  }

  @Get(':year/finance')
  @RequirePermission(Permission.EvaluationRead)
  @ApiOperation({ summary: '年度财务数据（万元）及其一致性检查' })
  finance(@Param('year', ParseIntPipe) year: number) {
    return this.evaluations.finance(year);
  }

  @Put(':year/finance')
  @RequirePermission(Permission.EvaluationWrite)
  @ApiOperation({ summary: '保存年度财务数据（金额以文本形式的数字填写，最多两位小数）' })
  saveFinance(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number, @Body() body: FinanceBody) {
    return this.evaluations.saveFinance(actor, year, body.inputs);
  }

  @Get(':year/finance/import-template')
  @AuditExport()
  @RequirePermission(Permission.EvaluationWrite)
  @ApiOperation({ summary: '下载财务数据导入模板（已填内容预先填入）' })
  async financeTemplate(@Param('year', ParseIntPipe) year: number, @Res({ passthrough: true }) res: Response) {
    return sendXlsx(res, await this.evaluations.financeTemplate(year), `${year}年度绩效自评财务数据导入模板.xlsx`);
  }

  @Post(':year/finance/import')
  @HttpCode(200)
  @RequirePermission(Permission.EvaluationWrite)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: FINANCE_UPLOAD_LIMIT_BYTES, files: 1 } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({ summary: '导入财务数据 xlsx：全部正确才写入，逐行列出问题' })
  importFinance(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number, @UploadedFile() file: { buffer: Buffer } | undefined) {
    if (!file) throw DomainError.invalid('file', '请选择要导入的 xlsx 文件');
    return this.evaluations.importFinance(actor, year, file.buffer);
  }

  @Get(':year/judgements')
  @RequirePermission(Permission.EvaluationRead)
  @ApiOperation({ summary: '各指标的手工填报：实际完成值、评价等级、调整得分、偏差原因' })
  judgements(@Param('year', ParseIntPipe) year: number) {
    return this.evaluations.judgements(year);
  }

  @Put(':year/judgements/:key')
  @RequirePermission(Permission.EvaluationWrite)
  @ApiOperation({ summary: '填报一个三级指标：实际完成值、评价等级、调整得分（须填理由，调整人为当前用户）、偏差原因分析及改进措施' })
  saveJudgement(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number, @Param('key') key: string, @Body() dto: JudgementDto) {
    return this.evaluations.saveJudgement(actor, year, key, dto);
  }

  @Get(':year/details')
  @RequirePermission(Permission.EvaluationRead)
  @ApiOperation({ summary: '表头与表尾：单位名称、年度总体目标、填表人、填报日期、联系电话' })
  details(@Param('year', ParseIntPipe) year: number) {
    return this.evaluations.details(year);
  }

  @Put(':year/details')
  @RequirePermission(Permission.EvaluationWrite)
  @ApiOperation({ summary: '保存表头与表尾内容' })
  saveDetails(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number, @Body() dto: DetailsDto) {
    return this.evaluations.saveDetails(actor, year, dto);
  }

  @Post(':year/builds')
  @HttpCode(202)
  @RequirePermission(Permission.EvaluationWrite)
  @ApiOperation({ summary: '生成年度绩效自评工作簿（后台任务）：返回任务编号；输入相同则返回已有的任务，不重复生成' })
  requestBuild(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number) {
    return this.evaluations.requestBuild(actor, year);
  }

  @Get(':year/builds')
  @Header('Cache-Control', 'no-store')
  @RequirePermission(Permission.EvaluationRead)
  @ApiOperation({ summary: '年度的生成记录' })
  builds(@Param('year', ParseIntPipe) year: number) {
    return this.evaluations.listBuilds(year);
  }

  @Post(':year/finalise')
  @HttpCode(200)
  @RequirePermission(Permission.EvaluationPublish)
  @ApiOperation({ summary: '定稿：没有未填的实际完成值、得分、偏差原因，也没有数据矛盾时才可定稿，否则逐条列出原因' })
  finalise(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number) {
    return this.evaluations.finalise(actor, year);
  }

  @Post(':year/reopen')
  @HttpCode(200)
  @RequirePermission(Permission.EvaluationPublish)
  @ApiOperation({ summary: '撤销定稿，恢复为草稿' })
  reopen(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number) {
    return this.evaluations.reopen(actor, year);
  }
}
