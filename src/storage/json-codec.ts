// JSON travels as a string into both databases; PostgreSQL's driver hands JSONB back parsed,
// SQLite hands back the string.
import type { JsonCodec } from './store-dialect.js';

export const jsonCodec: JsonCodec = {
  encode: (value) => JSON.stringify(value),
  decode: (raw) => (typeof raw === 'string' ? JSON.parse(raw) : raw),
};
