export { JobQueuesService as JobQueues } from '@app/domain/jobs/job-queues.service';
