import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Permission } from '@app/domain';
import { CurrentActor, RequirePermission } from '../auth/auth.decorators';
import { CreateTicketDto, MaintenanceFiguresQuery, TicketQuery, UpdateTicketDto } from './maintenance.dto';
import { MaintenanceService } from './maintenance.service';

@ApiTags('系统运维')
@Controller()
export class MaintenanceController {
  constructor(private readonly maintenance: MaintenanceService) {}

  @Get('maintenance-tickets')
  @RequirePermission(Permission.MaintenanceRead)
  @ApiOperation({ summary: '运维工单列表' })
  list(@Query() q: TicketQuery) {
    return this.maintenance.list(q);
  }

  @Get('maintenance-figures')
  @RequirePermission(Permission.MaintenanceRead)
  @ApiOperation({ summary: '年度系统故障率（停机分钟/全年分钟）与运维响应时间（最长、P95、平均）' })
  figures(@Query() q: MaintenanceFiguresQuery) {
    return this.maintenance.figures(q.year);
  }

  @Post('maintenance-tickets')
  @RequirePermission(Permission.MaintenanceWrite)
  @ApiOperation({ summary: '登记运维工单（报障、响应、恢复时间，停机时长）' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateTicketDto) {
    return this.maintenance.create(actor, dto);
  }

  @Get('maintenance-tickets/:id')
  @RequirePermission(Permission.MaintenanceRead)
  get(@Param('id', ParseIntPipe) id: number) {
    return this.maintenance.get(id);
  }

  @Patch('maintenance-tickets/:id')
  @RequirePermission(Permission.MaintenanceWrite)
  @ApiOperation({ summary: '更新运维工单（记录响应、恢复）' })
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateTicketDto) {
    return this.maintenance.update(id, dto);
  }

  @Delete('maintenance-tickets/:id')
  @HttpCode(204)
  @RequirePermission(Permission.MaintenanceWrite)
  async remove(@Param('id', ParseIntPipe) id: number) {
    await this.maintenance.remove(id);
  }
}
