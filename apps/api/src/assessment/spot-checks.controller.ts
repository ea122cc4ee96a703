import { Body, Controller, Get, Header, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Permission } from '@app/domain';
import { CurrentActor, RequirePermission } from '../auth/auth.decorators';
import { CreateSpotCheckDto, RectificationQuery, RectificationReturnDto, RectificationStepDto, SpotCheckQuery } from './dto/assessment.dto';
import { SpotChecksService } from './spot-checks.service';

@ApiTags('日抽查')
@Controller('spot-checks')
export class SpotChecksController {
  constructor(private readonly checks: SpotChecksService) {}

  @Post()
  @RequirePermission(Permission.SpotCheckWrite)
  @ApiOperation({ summary: '登记一次抽查：逐项合格/不合格、扣分、问题描述，需要时提出整改要求和期限' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateSpotCheckDto) {
    return this.checks.create(actor, dto);
  }

  @Get()
  @Header('Cache-Control', 'no-store')
  @RequirePermission(Permission.SpotCheckRead)
  @ApiOperation({ summary: '抽查记录，按镇街、月份、网格员、抽查人筛选（镇街专干只见本镇街，网格员只见本人）' })
  list(@CurrentActor() actor: Actor, @Query() q: SpotCheckQuery) {
    return this.checks.list(actor, q);
  }

  @Get(':id')
  @Header('Cache-Control', 'no-store')
  @RequirePermission(Permission.SpotCheckRead)
  get(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.checks.get(actor, id);
  }
}

@ApiTags('日抽查')
@Controller('rectifications')
export class RectificationsController {
  constructor(private readonly checks: SpotChecksService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @RequirePermission(Permission.SpotCheckRead)
  @ApiOperation({ summary: '整改清单，按镇街、状态、是否逾期筛选' })
  list(@CurrentActor() actor: Actor, @Query() q: RectificationQuery) {
    return this.checks.rectifications(actor, q);
  }

  @Get('overdue')
  @Header('Cache-Control', 'no-store')
  @RequirePermission(Permission.SpotCheckRead)
  @ApiOperation({ summary: '逾期未销号的整改（按期限先后）' })
  overdue(@CurrentActor() actor: Actor, @Query() q: RectificationQuery) {
    return this.checks.rectifications(actor, { ...q, overdueOnly: true });
  }

  @Get(':id')
  @Header('Cache-Control', 'no-store')
  @RequirePermission(Permission.SpotCheckRead)
  @ApiOperation({ summary: '整改详情及每一步的经办人和时间' })
  get(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.checks.rectification(actor, id);
  }

  @Post(':id/report')
  @RequirePermission(Permission.RectificationReport)
  @ApiOperation({ summary: '镇街上报整改完成（只能是本镇街的整改）' })
  report(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: RectificationStepDto) {
    return this.checks.step(actor, id, 'report', dto);
  }

  @Post(':id/verify')
  @RequirePermission(Permission.RectificationVerify)
  @ApiOperation({ summary: '中心核实销号' })
  verify(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: RectificationStepDto) {
    return this.checks.step(actor, id, 'verify', dto);
  }

  @Post(':id/return')
  @RequirePermission(Permission.RectificationVerify)
  @ApiOperation({ summary: '中心退回重新整改（须说明原因，可给新的期限）' })
  sendBack(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: RectificationReturnDto) {
    return this.checks.step(actor, id, 'return', dto);
  }
}
