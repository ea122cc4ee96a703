import { Body, Controller, Get, Header, Param, ParseIntPipe, Patch, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, DomainError, Permission, todayInShanghai } from '@app/domain';
import { renderRosterTemplate } from '@app/reporting/roster/roster.workbook';
import { AuditExport, AuditReveal } from '../audit/audit.decorators';
import { CurrentActor, RequirePermission } from '../auth/auth.decorators';
import { sendXlsx } from '../common/xlsx-response';
import { CreateWorkerDto, EmploymentEventDto, UpdateWorkerDto, WorkerQuery } from './dto/worker.dto';
import { WorkersService } from './workers.service';

export const UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

@ApiTags('网格员名册')
@Controller('workers')
export class WorkersController {
  constructor(private readonly workers: WorkersService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @RequirePermission(Permission.RosterRead)
  @ApiOperation({ summary: '网格员列表（手机号、身份证号脱敏），按镇街、社区、网格、状态、姓名筛选，分页' })
  list(@CurrentActor() actor: Actor, @Query() q: WorkerQuery) {
    return this.workers.list(actor, q);
  }

  @Get('export')
  @AuditExport()
  @RequirePermission(Permission.RosterExport)
  @ApiOperation({ summary: '导出网格员名册 xlsx（脱敏）' })
  async export(@CurrentActor() actor: Actor, @Query() q: WorkerQuery, @Res({ passthrough: true }) res: Response) {
    return sendXlsx(res, await this.workers.export(actor, q), `网格员名册-${todayInShanghai()}.xlsx`);
  }

  @Get('import-template')
  @AuditExport()
  @RequirePermission(Permission.RosterImport)
  @ApiOperation({ summary: '下载名册导入模板' })
  async template(@Res({ passthrough: true }) res: Response) {
    return sendXlsx(res, await renderRosterTemplate(), '网格员名册导入模板.xlsx');
  }

  @Post('import')
  @RequirePermission(Permission.RosterImport)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1 } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({ summary: '导入名册 xlsx：全部成功或全部不写入，逐行列出问题' })
  async import(@CurrentActor() actor: Actor, @UploadedFile() file: { buffer: Buffer } | undefined) {
    if (!file) throw DomainError.invalid('file', '请选择要导入的 xlsx 文件');
    return this.workers.import(actor, file.buffer);
  }

  @Get(':id')
  @Header('Cache-Control', 'no-store')
  @RequirePermission(Permission.RosterRead)
  get(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.workers.get(actor, id);
  }

  @Post()
  @RequirePermission(Permission.RosterWrite)
  @ApiOperation({ summary: '登记网格员（同时记录入职）' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateWorkerDto) {
    return this.workers.create(actor, dto);
  }

  @Patch(':id')
  @RequirePermission(Permission.RosterWrite)
  update(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: UpdateWorkerDto) {
    return this.workers.update(actor, id, dto);
  }

  @Post(':id/events')
  @RequirePermission(Permission.RosterWrite)
  @ApiOperation({ summary: '记录任职变动：入职、停职、复职、离职' })
  addEvent(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: EmploymentEventDto) {
    return this.workers.addEvent(actor, id, dto);
  }

  @Post(':id/reveal-id-number')
  @Header('Cache-Control', 'no-store')
  @AuditReveal()
  @RequirePermission(Permission.PersonalDataReveal)
  @ApiOperation({ summary: '查看完整身份证号（单独授权，每次留痕）' })
  reveal(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.workers.revealIdNumber(actor, id);
  }
}
