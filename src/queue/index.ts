// Public surface of the work queue.
export { openQueue } from './open-queue.js';
export type { OpenQueueOptions } from './open-queue.js';
export { retryDelayMs, DEFAULT_MAX_ATTEMPTS, DEFAULT_LEASE_MS } from './work-queue.js';
export type { Job, JobHandler, JobSpec, QueueStats, WorkOptions, WorkQueue } from './work-queue.js';
