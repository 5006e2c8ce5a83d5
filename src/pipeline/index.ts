export * from './stage.js';
export * from './run-batch.js';
