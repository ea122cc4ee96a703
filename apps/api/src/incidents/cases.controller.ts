import { Body, Controller, Get, Header, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Permission } from '@app/domain';
import { IsIn, IsOptional } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import type { CaseExtensionStatus } from '@app/domain/incidents/incident-case.entity';
import { CurrentActor, RequirePermission } from '../auth/auth.decorators';
import { FieldLabel } from '../common/field-label.decorator';
import { PageQuery } from '../common/pagination.dto';
import { CasesService } from './cases.service';
import { CallbackDto, CaseActionDto, CaseQuery, ExtensionDecisionDto, ExtensionRequestDto, ReportCaseDto } from './dto/case.dto';

export class ExtensionQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['pending', 'approved', 'refused', 'lapsed'] })
  @FieldLabel('状态')
  @IsOptional()
  @IsIn(['pending', 'approved', 'refused', 'lapsed'])
  status?: CaseExtensionStatus;
}

@ApiTags('网格事件')
@Controller()
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post('cases')
  @RequirePermission(Permission.CaseReport)
  @ApiOperation({ summary: '上报事件或服务事项（网格员上报本人网格；中心、镇街代为登记须选网格）' })
  report(@CurrentActor() actor: Actor, @Body() dto: ReportCaseDto) {
    return this.cases.report(actor, dto);
  }

  @Get('cases')
  @RequirePermission(Permission.CaseRead)
  @ApiOperation({ summary: '案件列表：按状态、类型、类别、镇街、承办部门、超期、上报日期筛选，分页' })
  list(@CurrentActor() actor: Actor, @Query() q: CaseQuery) {
    return this.cases.list(actor, q);
  }

  @Get('case-extensions')
  @RequirePermission(Permission.CaseRead)
  @ApiOperation({ summary: '延期申请列表（默认全部状态）' })
  extensions(@CurrentActor() actor: Actor, @Query() q: ExtensionQuery) {
    return this.cases.extensions(actor, q.status, q);
  }

  @Get('cases/:id')
  @Header('Cache-Control', 'no-store')
  @RequirePermission(Permission.CaseRead)
  @ApiOperation({ summary: '案件详情：流转记录、督办、延期、回访，以及当前用户可执行的操作' })
  get(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.cases.get(actor, id);
  }

  /**
   * Every action of the closed loop. The route asks only for case.read: which role may take which action on
   * which case is the transition table's decision (403 otherwise), checked under the row lock.
   */
  @Post('cases/:id/actions')
  @HttpCode(200)
  @RequirePermission(Permission.CaseRead)
  @ApiOperation({ summary: '办理案件：受理、派遣、签收、反馈、核查、返工、结案、延期等；版本号不符返回 409' })
  act(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: CaseActionDto) {
    return this.cases.act(actor, id, dto);
  }

  @Post('cases/:id/extension-requests')
  @HttpCode(200)
  @RequirePermission(Permission.CaseHandle)
  @ApiOperation({ summary: '承办单位申请延期（工作日）' })
  requestExtension(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: ExtensionRequestDto) {
    return this.cases.act(actor, id, { action: 'request_extension', expectedVersion: dto.expectedVersion, extraWorkingDays: dto.extraWorkingDays, remark: dto.reason });
  }

  @Post('cases/:id/extension-requests/decision')
  @HttpCode(200)
  @RequirePermission(Permission.CaseManage)
  @ApiOperation({ summary: '中心审批延期申请：批准（可少于申请天数）或驳回' })
  decideExtension(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: ExtensionDecisionDto) {
    return this.cases.act(actor, id, {
      action: dto.approve ? 'approve_extension' : 'refuse_extension',
      expectedVersion: dto.expectedVersion,
      extraWorkingDays: dto.approve ? dto.extraWorkingDays : undefined,
      remark: dto.remark,
    });
  }

  @Post('cases/:id/callbacks')
  @RequirePermission(Permission.CaseManage)
  @ApiOperation({ summary: '登记结案回访：满意、基本满意、不满意、未接通' })
  callback(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: CallbackDto) {
    return this.cases.callback(actor, id, dto);
  }
}
