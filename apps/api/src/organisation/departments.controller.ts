import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Actor, DomainError, Permission, seesEverything } from '@app/domain';
import { queryOne, queryRows } from '@app/domain/database/sql';
import { CurrentActor, RequirePermission } from '../auth/auth.decorators';
import { CreateDepartmentDto } from './dto/org-unit.dto';

@ApiTags('组织架构')
@Controller('departments')
export class DepartmentsController {
  constructor(private readonly db: DataSource) {}

  @Get()
  @RequirePermission(Permission.OrgRead)
  @ApiOperation({ summary: '职能部门列表' })
  list() {
    return queryRows(this.db, `SELECT id, code, name FROM department ORDER BY code`);
  }

  @Post()
  @RequirePermission(Permission.OrgWrite)
  @ApiOperation({ summary: '新建职能部门' })
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateDepartmentDto) {
    if (!seesEverything(actor)) throw DomainError.forbidden('只有中心可以维护职能部门');
    if (await queryOne(this.db, `SELECT 1 FROM department WHERE code = $1`, [dto.code])) throw DomainError.conflict(`部门编码已存在：${dto.code}`);
    return queryOne(this.db, `INSERT INTO department (code, name) VALUES ($1, $2) RETURNING id, code, name`, [dto.code, dto.name.trim()]);
  }
}
