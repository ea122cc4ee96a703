import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Permission } from '@app/domain';
import { CurrentActor, RequirePermission } from '../auth/auth.decorators';
import { CreateOrgUnitDto, OrgUnitQuery, UpdateOrgUnitDto } from './dto/org-unit.dto';
import { OrgUnitsService } from './org-units.service';

@ApiTags('组织架构')
@Controller('org-units')
export class OrgUnitsController {
  constructor(private readonly units: OrgUnitsService) {}

  @Get('tree')
  @RequirePermission(Permission.OrgRead)
  @ApiOperation({ summary: '组织树（区—镇街—社区村—网格），含各级网格员人数' })
  tree(@CurrentActor() actor: Actor) {
    return this.units.tree(actor);
  }

  @Get()
  @RequirePermission(Permission.OrgRead)
  @ApiOperation({ summary: '单位列表' })
  list(@CurrentActor() actor: Actor, @Query() q: OrgUnitQuery) {
    return this.units.list(actor, q);
  }

  @Get(':id')
  @RequirePermission(Permission.OrgRead)
  get(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.units.get(actor, id);
  }

  @Post()
  @RequirePermission(Permission.OrgWrite)
  @ApiOperation({ summary: '新建单位：层级由上级决定' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateOrgUnitDto) {
    return this.units.create(actor, dto);
  }

  @Patch(':id')
  @RequirePermission(Permission.OrgWrite)
  update(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: UpdateOrgUnitDto) {
    return this.units.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission(Permission.OrgWrite)
  @ApiOperation({ summary: '删除单位：仍有下级单位或网格员时返回 409' })
  async remove(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number): Promise<void> {
    await this.units.remove(actor, id);
  }
}
