// What PostgreSQL contributes to the shared migration list (src/storage/migrations.ts).
import type { DialectDdl } from '../store-dialect.js';
import { installFullText } from './full-text.js';

export const postgresDdl: DialectDdl = {
  jsonType: 'jsonb',
  seqType: 'bigserial',
  installFullText,
  // The generated tsvector column is computed by PostgreSQL as the row is written, by whichever
  // connection writes it: several workers share that cost already.
  deferFullText: async () => undefined,
};
