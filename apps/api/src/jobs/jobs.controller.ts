import { Controller, Get, HttpCode, Param, ParseEnumPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, JobName, Permission, QueueName } from '@app/domain';
import { RequirePermission } from '../auth/auth.decorators';
import { JobQueuesService as JobQueues } from '@app/domain/jobs/job-queues.service';

@ApiTags('后台任务')
@Controller('jobs')
export class JobsController {
  constructor(private readonly queues: JobQueues) {}

  @Post('ping')
  @HttpCode(202)
  @RequirePermission(Permission.JobsRun)
  @ApiOperation({ summary: '向后台任务队列发送一次连通性检查' })
  async ping() {
    const job = await this.queues.enqueue(JobName.SystemPing, { requestedAt: new Date().toISOString() });
    return { queue: QueueName.System, id: job.id };
  }

  @Get(':queue/:id')
  @RequirePermission(Permission.JobsRun)
  @ApiOperation({ summary: '后台任务状态' })
  async status(@Param('queue', new ParseEnumPipe(QueueName)) queue: QueueName, @Param('id') id: string) {
    const status = await this.queues.status(queue, id);
    if (!status) throw DomainError.notFound('任务', id);
    return status;
  }
}
