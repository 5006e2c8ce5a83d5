// Public surface of the storage adapters.
export { openStore, parseDatabaseUrl } from './open-store.js';
export type { OpenStoreOptions, DatabaseTarget } from './open-store.js';
export { KyselyStore } from './kysely-store.js';
export { analysisDigest, serialiseAnalysis } from './analysis-serialiser.js';
export { MIGRATIONS } from './migrations.js';
