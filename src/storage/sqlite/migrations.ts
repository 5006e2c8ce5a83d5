// What SQLite contributes to the shared migration list (src/storage/migrations.ts).
import type { DialectDdl } from '../store-dialect.js';
import { deferFullText, installFullText } from './full-text.js';

export const sqliteDdl: DialectDdl = {
  jsonType: 'text',
  // INTEGER PRIMARY KEY aliases the rowid, which FTS5 external content needs to stay stable.
  seqType: 'integer',
  installFullText,
  deferFullText,
};
