import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Permission } from '@app/domain';
import { CurrentActor, RequirePermission } from '../auth/auth.decorators';
import { CreateUserDto, ResetPasswordDto, RoleBindingDto, UpdateUserDto, UserQuery } from './dto/user.dto';
import { UsersService } from './users.service';

/** Accounts administration, for centre admins only (Permission.UsersManage). */
@ApiTags('用户管理')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @RequirePermission(Permission.UsersManage)
  @ApiOperation({ summary: '用户列表：按用户名或姓名、角色、镇街、是否停用筛选，分页' })
  list(@Query() q: UserQuery) {
    return this.users.list(q);
  }

  @Get(':id')
  @RequirePermission(Permission.UsersManage)
  get(@Param('id', ParseIntPipe) id: number) {
    return this.users.get(id);
  }

  @Post()
  @RequirePermission(Permission.UsersManage)
  @ApiOperation({ summary: '新建用户：角色及其绑定（镇街、部门、网格员）；不填密码时生成强密码并仅显示一次' })
  create(@Body() dto: CreateUserDto) {
    return this.users.create(dto);
  }

  @Patch(':id')
  @RequirePermission(Permission.UsersManage)
  @ApiOperation({ summary: '修改用户姓名' })
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateUserDto) {
    return this.users.update(id, dto);
  }

  @Put(':id/roles')
  @RequirePermission(Permission.UsersManage)
  @ApiOperation({ summary: '分配角色及绑定；角色变化时该用户的会话立即失效' })
  assignRoles(@Param('id', ParseIntPipe) id: number, @Body() dto: RoleBindingDto) {
    return this.users.assignRoles(id, dto);
  }

  @Post(':id/disable')
  @RequirePermission(Permission.UsersManage)
  @ApiOperation({ summary: '停用用户：其会话立即失效' })
  disable(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.users.disable(actor, id);
  }

  @Post(':id/enable')
  @RequirePermission(Permission.UsersManage)
  @ApiOperation({ summary: '启用用户（同时解除锁定）' })
  enable(@Param('id', ParseIntPipe) id: number) {
    return this.users.enable(id);
  }

  @Post(':id/unlock')
  @RequirePermission(Permission.UsersManage)
  @ApiOperation({ summary: '解除连续登录失败造成的锁定' })
  unlock(@Param('id', ParseIntPipe) id: number) {
    return this.users.unlock(id);
  }

  @Post(':id/reset-password')
  @RequirePermission(Permission.UsersManage)
  @ApiOperation({ summary: '重置密码：不填时生成强密码并仅显示一次；解除锁定，其会话立即失效' })
  resetPassword(@Param('id', ParseIntPipe) id: number, @Body() dto: ResetPasswordDto) {
    return this.users.resetPassword(id, dto.password);
  }
}
