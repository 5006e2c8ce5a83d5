// JSON travels as a string into both databases; PostgreSQL's driver hands JSONB back parsed,
// SQLite hands back the string.
import type { RawBuilder } from 'kysely';
import type { JsonCodec } from './store-dialect.js';

/** The JSON codec of a dialect that decodes UTF-8 bytes into its JSON column type with `fromUtf8`. */
export function jsonCodec(fromUtf8: (bytes: Buffer) => RawBuilder<unknown>): JsonCodec {
  return {
    encode: (value) => JSON.stringify(value),
    decode: (raw) => (typeof raw === 'string' ? JSON.parse(raw) : raw),
    // Drivers bind a Buffer as a blob / bytea; this one shares the bytes' memory.
    fromUtf8: (bytes) => fromUtf8(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
  };
}
