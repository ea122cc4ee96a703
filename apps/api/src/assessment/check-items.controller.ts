import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '@app/domain';
import { RequirePermission } from '../auth/auth.decorators';
import { CheckItemQuery, CreateCheckItemDto, UpdateCheckItemDto } from './dto/assessment.dto';
import { CheckItemsService } from './check-items.service';

@ApiTags('日抽查')
@Controller('check-items')
export class CheckItemsController {
  constructor(private readonly items: CheckItemsService) {}

  @Get()
  @RequirePermission(Permission.SpotCheckRead)
  @ApiOperation({ summary: '检查项目录（默认只列启用的）' })
  list(@Query() q: CheckItemQuery) {
    return this.items.list(q.includeInactive ?? false);
  }

  @Post()
  @RequirePermission(Permission.AssessmentConfigure)
  @ApiOperation({ summary: '新增检查项' })
  create(@Body() dto: CreateCheckItemDto) {
    return this.items.create(dto);
  }

  @Patch(':id')
  @RequirePermission(Permission.AssessmentConfigure)
  @ApiOperation({ summary: '修改检查项（名称、扣分范围、启用/停用、排序；编码不变）' })
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateCheckItemDto) {
    return this.items.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission(Permission.AssessmentConfigure)
  @ApiOperation({ summary: '删除未使用过的检查项（已使用的只能停用）' })
  async remove(@Param('id', ParseIntPipe) id: number) {
    await this.items.remove(id);
  }
}
