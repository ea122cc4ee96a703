import { Body, Controller, Get, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Permission } from '@app/domain';
import { CurrentActor, RequirePermission } from '../auth/auth.decorators';
import { CreateSurveyDto, SurveyQuery } from './dto/survey.dto';
import { SurveysService } from './surveys.service';

@ApiTags('满意度测评')
@Controller('satisfaction-surveys')
export class SurveysController {
  constructor(private readonly surveys: SurveysService) {}

  @Get()
  @RequirePermission(Permission.CaseRead)
  @ApiOperation({ summary: '服务对象满意度测评列表（仅中心）' })
  list(@CurrentActor() actor: Actor, @Query() q: SurveyQuery) {
    return this.surveys.list(actor, q);
  }

  @Post()
  @RequirePermission(Permission.CaseManage)
  @ApiOperation({ summary: '登记一轮服务对象（镇街、职能部门）满意度测评及答卷' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateSurveyDto) {
    return this.surveys.create(actor, dto);
  }

  @Get(':id')
  @RequirePermission(Permission.CaseRead)
  get(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.surveys.get(actor, id);
  }
}
