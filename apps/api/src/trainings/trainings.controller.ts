import { Body, Controller, Delete, Get, Header, HttpCode, Param, ParseIntPipe, Post, Put, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, DomainError, Permission } from '@app/domain';
import { trainingRegisterFileName } from '@app/reporting/trainings/training-register.renderer';
import { CurrentActor, RequirePermission } from '../auth/auth.decorators';
import { AuditExport } from '../audit/audit.decorators';
import { sendXlsx } from '../common/xlsx-response';
import {
  AttendanceDto,
  BulkAttendanceDto,
  CancelSessionDto,
  CreatePlanDto,
  ImportFormDto,
  OnlineImportFormDto,
  PlanBodyDto,
  RequiredYearQuery,
  SessionDto,
  SessionQuery,
  WorkerFiguresQuery,
  YearQuery,
} from './dto/training.dto';
import { TrainingAttendanceService } from './training-attendance.service';
import { TrainingFiguresService } from './training-figures.service';
import { TrainingPlansService } from './training-plans.service';
import { TrainingSessionsService } from './training-sessions.service';

export const UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;
const upload = () => FileInterceptor('file', { limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1 } });

function fileOf(file: { buffer: Buffer } | undefined, what: string): Buffer {
  if (!file) throw DomainError.invalid('file', `请选择要导入的${what}文件`);
  return file.buffer;
}

const IMPORT_SCHEMA = (extra: Record<string, object> = {}) => ({
  schema: {
    type: 'object',
    properties: {
      file: { type: 'string', format: 'binary' },
      resolutions: { type: 'string', description: '处理意见 JSON：[{"row":5,"workerId":12},{"row":9,"ignore":true}]' },
      ...extra,
    },
  },
});

@ApiTags('培训计划')
@Controller('trainings/plans')
export class TrainingPlansController {
  constructor(private readonly plans: TrainingPlansService) {}

  @Get()
  @RequirePermission(Permission.TrainingRead)
  @ApiOperation({ summary: '年度培训计划（含计划场次、目标与完成进度）' })
  list(@CurrentActor() actor: Actor, @Query() q: YearQuery) {
    return this.plans.list(actor, q);
  }

  @Get(':id')
  @RequirePermission(Permission.TrainingRead)
  get(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.plans.get(actor, id);
  }

  @Post()
  @RequirePermission(Permission.TrainingWrite)
  @ApiOperation({ summary: '新建年度培训计划（每年一份）' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePlanDto) {
    return this.plans.create(actor, dto);
  }

  @Put(':id')
  @RequirePermission(Permission.TrainingWrite)
  @ApiOperation({ summary: '修改培训计划：目标与计划场次（未列出的计划项删除，已关联的培训解除关联）' })
  update(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: PlanBodyDto) {
    return this.plans.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission(Permission.TrainingWrite)
  async remove(@Param('id', ParseIntPipe) id: number) {
    await this.plans.remove(id);
  }
}

@ApiTags('培训场次与出勤')
@Controller('trainings/sessions')
export class TrainingSessionsController {
  constructor(
    private readonly sessions: TrainingSessionsService,
    private readonly attendance: TrainingAttendanceService,
  ) {}

  @Get()
  @RequirePermission(Permission.TrainingRead)
  @ApiOperation({ summary: '培训场次（按年度、状态），含应到人数与本人可见范围内的出勤统计' })
  list(@CurrentActor() actor: Actor, @Query() q: SessionQuery) {
    return this.sessions.list(actor, q);
  }

  @Get(':id')
  @RequirePermission(Permission.TrainingRead)
  get(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.sessions.get(actor, id);
  }

  @Post()
  @RequirePermission(Permission.TrainingWrite)
  @ApiOperation({ summary: '新建培训场次' })
  create(@CurrentActor() actor: Actor, @Body() dto: SessionDto) {
    return this.sessions.create(actor, dto);
  }

  @Put(':id')
  @RequirePermission(Permission.TrainingWrite)
  @ApiOperation({ summary: '修改培训场次（已举办的不能改日期和培训对象）' })
  update(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: SessionDto) {
    return this.sessions.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission(Permission.TrainingWrite)
  @ApiOperation({ summary: '删除未举办的培训场次' })
  async remove(@Param('id', ParseIntPipe) id: number) {
    await this.sessions.remove(id);
  }

  @Post(':id/hold')
  @HttpCode(200)
  @RequirePermission(Permission.TrainingWrite)
  @ApiOperation({ summary: '标记为已举办：按培训当日名册确定并固定应到名单' })
  hold(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.sessions.hold(actor, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermission(Permission.TrainingWrite)
  @ApiOperation({ summary: '取消未举办的培训' })
  cancel(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: CancelSessionDto) {
    return this.sessions.cancel(actor, id, dto);
  }

  @Get(':id/attendance')
  @Header('Cache-Control', 'no-store')
  @RequirePermission(Permission.TrainingRead)
  @ApiOperation({ summary: '应到名单与出勤（手机号脱敏）：镇街专干只见本镇街，网格员只见本人' })
  listAttendance(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.attendance.list(actor, id);
  }

  @Put(':id/attendance')
  @Header('Cache-Control', 'no-store')
  @RequirePermission(Permission.TrainingWrite)
  @ApiOperation({ summary: '批量登记出勤' })
  setBulk(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: BulkAttendanceDto) {
    return this.attendance.setBulk(actor, id, dto);
  }

  @Put(':id/attendance/:workerId')
  @Header('Cache-Control', 'no-store')
  @RequirePermission(Permission.TrainingWrite)
  @ApiOperation({ summary: '登记一名网格员的出勤' })
  setOne(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Param('workerId', ParseIntPipe) workerId: number, @Body() dto: AttendanceDto) {
    return this.attendance.setOne(actor, id, workerId, dto);
  }

  @Post(':id/sign-in-sheet/preview')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @RequirePermission(Permission.TrainingWrite)
  @UseInterceptors(upload())
  @ApiConsumes('multipart/form-data')
  @ApiBody(IMPORT_SCHEMA())
  @ApiOperation({ summary: '签到表预览（xlsx：姓名＋手机号或网格员编号）：列出匹配结果与待处理行，不写入' })
  previewSheet(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @UploadedFile() file: { buffer: Buffer } | undefined, @Body() form: ImportFormDto) {
    return this.attendance.preview(actor, id, 'sheet', fileOf(file, '签到表'), form);
  }

  @Post(':id/sign-in-sheet/commit')
  @HttpCode(200)
  @RequirePermission(Permission.TrainingWrite)
  @UseInterceptors(upload())
  @ApiConsumes('multipart/form-data')
  @ApiBody(IMPORT_SCHEMA())
  @ApiOperation({ summary: '导入签到表：同一文件加处理意见；仍有未处理的行时不写入任何记录' })
  commitSheet(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @UploadedFile() file: { buffer: Buffer } | undefined, @Body() form: ImportFormDto) {
    return this.attendance.commit(actor, id, 'sheet', fileOf(file, '签到表'), form);
  }

  @Post(':id/online-attendance/preview')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @RequirePermission(Permission.TrainingWrite)
  @UseInterceptors(upload())
  @ApiConsumes('multipart/form-data')
  @ApiBody(IMPORT_SCHEMA({ minShare: { type: 'string', example: '0.8' }, lateGraceMinutes: { type: 'string', example: '10' } }))
  @ApiOperation({ summary: '线上参会记录预览（CSV/xlsx：昵称、入会、离会时间）：参会时长达到比例计出勤，不写入' })
  previewOnline(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @UploadedFile() file: { buffer: Buffer } | undefined, @Body() form: OnlineImportFormDto) {
    return this.attendance.preview(actor, id, 'online', fileOf(file, '参会记录'), form);
  }

  @Post(':id/online-attendance/commit')
  @HttpCode(200)
  @RequirePermission(Permission.TrainingWrite)
  @UseInterceptors(upload())
  @ApiConsumes('multipart/form-data')
  @ApiBody(IMPORT_SCHEMA({ minShare: { type: 'string', example: '0.8' }, lateGraceMinutes: { type: 'string', example: '10' } }))
  @ApiOperation({ summary: '导入线上参会记录：同一文件加处理意见；仍有未处理的行时不写入任何记录' })
  commitOnline(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @UploadedFile() file: { buffer: Buffer } | undefined, @Body() form: OnlineImportFormDto) {
    return this.attendance.commit(actor, id, 'online', fileOf(file, '参会记录'), form);
  }
}

@ApiTags('培训统计')
@Controller('trainings')
export class TrainingFiguresController {
  constructor(private readonly figures: TrainingFiguresService) {}

  @Get('figures')
  @RequirePermission(Permission.TrainingRead)
  @ApiOperation({ summary: '年度培训统计：场次数、全科网格员培训次数、出勤率（总、分场次、分镇街）、学时' })
  year(@CurrentActor() actor: Actor, @Query() q: RequiredYearQuery) {
    return this.figures.year(actor, q.year);
  }

  @Get('figures/workers')
  @Header('Cache-Control', 'no-store')
  @RequirePermission(Permission.TrainingRead)
  @ApiOperation({ summary: '网格员参训情况：应参训、参训场次、学时、出勤率（手机号脱敏）' })
  workers(@CurrentActor() actor: Actor, @Query() q: WorkerFiguresQuery) {
    return this.figures.workers(actor, q);
  }

  @Get('register')
  @AuditExport()
  @RequirePermission(Permission.TrainingRead)
  @ApiOperation({ summary: '导出年度培训台账 xlsx' })
  async register(@CurrentActor() actor: Actor, @Query() q: RequiredYearQuery, @Res({ passthrough: true }) res: Response) {
    return sendXlsx(res, await this.figures.register(actor, q.year), trainingRegisterFileName(q.year));
  }
}
