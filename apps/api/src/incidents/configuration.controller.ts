import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, DomainError, Permission } from '@app/domain';
import { CurrentActor, RequirePermission } from '../auth/auth.decorators';
import { AuditExport } from '../audit/audit.decorators';
import { CategoriesService } from './categories.service';
import { CreateCategoryDto, UpdateCategoryDto } from './dto/category.dto';
import { WorkingCalendarService } from './working-calendar.service';

const CSV_LIMIT_BYTES = 256 * 1024;

function yearParam(raw: number): number {
  if (raw < 2000 || raw > 2100) throw DomainError.invalid('年份', '应在2000到2100之间');
  return raw;
}

@ApiTags('事件配置')
@Controller()
export class IncidentConfigurationController {
  constructor(
    private readonly categories: CategoriesService,
    private readonly calendars: WorkingCalendarService,
  ) {}

  @Get('case-categories')
  @RequirePermission(Permission.CaseRead)
  @ApiOperation({ summary: '事件与服务事项类别树（时限、可自办结、默认派遣对象）' })
  tree() {
    return this.categories.tree();
  }

  @Post('case-categories')
  @RequirePermission(Permission.CaseConfigure)
  @ApiOperation({ summary: '新增类别' })
  create(@Body() dto: CreateCategoryDto) {
    return this.categories.create(dto);
  }

  @Post('case-categories/defaults')
  @RequirePermission(Permission.CaseConfigure)
  @ApiOperation({ summary: '装入默认类别树（已有编码的类别保持不变）' })
  defaults() {
    return this.categories.installDefaults();
  }

  @Get('case-categories/:id')
  @RequirePermission(Permission.CaseRead)
  get(@Param('id', ParseIntPipe) id: number) {
    return this.categories.get(id);
  }

  @Patch('case-categories/:id')
  @RequirePermission(Permission.CaseConfigure)
  @ApiOperation({ summary: '修改类别（时限变更只影响此后上报的案件）' })
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateCategoryDto) {
    return this.categories.update(id, dto);
  }

  @Delete('case-categories/:id')
  @HttpCode(204)
  @RequirePermission(Permission.CaseConfigure)
  @ApiOperation({ summary: '删除未使用的类别（已使用的请停用）' })
  async remove(@Param('id', ParseIntPipe) id: number) {
    await this.categories.remove(id);
  }

  @Get('working-calendar')
  @RequirePermission(Permission.CaseRead)
  @ApiOperation({ summary: '已导入的工作日历年份' })
  years() {
    return this.calendars.years();
  }

  @Get('working-calendar/:year')
  @RequirePermission(Permission.CaseRead)
  @ApiOperation({ summary: '某年每天的类型：工作日、周末、法定节假日、调休上班' })
  year(@Param('year', ParseIntPipe) year: number) {
    return this.calendars.year(yearParam(year));
  }

  @Get('working-calendar/:year/csv')
  @AuditExport()
  @RequirePermission(Permission.CaseRead)
  @ApiOperation({ summary: '下载某年的工作日历 CSV（导入格式）' })
  async csv(@Param('year', ParseIntPipe) year: number, @Res({ passthrough: true }) res: Response) {
    const text = await this.calendars.csv(yearParam(year));
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${year}.csv"`);
    return text;
  }

  @Post('working-calendar/:year')
  @RequirePermission(Permission.CaseConfigure)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: CSV_LIMIT_BYTES, files: 1 } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({ summary: '导入某年的节假日与调休安排（CSV：日期,类型,名称）：全部正确才写入，逐行列出问题；覆盖该年原有数据' })
  async import(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number, @UploadedFile() file: { buffer: Buffer; originalname?: string } | undefined) {
    if (!file) throw DomainError.invalid('file', '请选择要导入的 CSV 文件');
    return this.calendars.import(actor, yearParam(year), file.buffer.toString('utf8'), file.originalname ? Buffer.from(file.originalname, 'latin1').toString('utf8') : '');
  }
}
