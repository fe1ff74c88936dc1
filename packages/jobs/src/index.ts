export { createJobQueue, type JobQueue, type JobQueueOptions, type JobDefinition, type JobHandler, type JobInfo, type SendOptions, type FailedJob } from './job-queue.ts';
