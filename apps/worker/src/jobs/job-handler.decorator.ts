import { SetMetadata } from '@nestjs/common';
import type { JobName } from '@app/domain';

export const JOB_HANDLER = 'worker:job-handler';

/** Marks a provider method as the handler of one job of the catalogue. Exactly one per job name. */
export const JobHandler = (name: JobName): MethodDecorator => SetMetadata(JOB_HANDLER, name);
