// Maps the stable error codes of src/domain/errors.ts onto HTTP statuses and one JSON error shape,
// so API clients branch on `error.code`, never on message text.
import type { ErrorCode } from '../domain/index.js';
import { ReadoutError, toReadoutError } from '../domain/index.js';

export type ErrorStatus = 400 | 401 | 403 | 404 | 413 | 415 | 421 | 422 | 500 | 502 | 503 | 504;

const STATUS_BY_CODE: Record<ErrorCode, ErrorStatus> = {
  E_USAGE: 400,
  E_NOT_FOUND: 404,
  E_EMPTY_INPUT: 422,
  E_BINARY_INPUT: 415,
  E_TOO_LARGE: 413,
  E_ENCODING: 422,
  E_PARSE: 422,
  E_FETCH: 502,
  E_TIMEOUT: 504,
  E_BLOCKED_ADDRESS: 403,
  E_BAD_URL: 400,
  E_TOO_MANY_REDIRECTS: 502,
  E_DATA: 500,
  E_STORE: 500,
  E_CONFIG: 500,
  E_STAGE: 500,
  E_UNAUTHORIZED: 401,
  E_INTERNAL: 500,
};

export function statusForCode(code: ErrorCode): ErrorStatus {
  return STATUS_BY_CODE[code];
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/** The body and status for anything thrown by a handler. Internal errors hide their message. */
export function errorResponseFor(e: unknown): { status: ErrorStatus; body: ErrorBody } {
  const err = e instanceof ReadoutError ? e : toReadoutError(e);
  const status = err.details?.['httpStatus'] === 403 ? 403 : statusForCode(err.code);
  // An unexpected error's message may carry paths or SQL; say only what to do.
  const message = err.code === 'E_INTERNAL' && !(e instanceof ReadoutError)
    ? 'unexpected server error; see the server log and report it'
    : err.message;
  return { status, body: { error: { code: err.code, message } } };
}

/** A refusal of a write for a reason other than a missing token (cross-origin, CSRF). */
export function forbidden(message: string): ReadoutError {
  return new ReadoutError('E_UNAUTHORIZED', message, { details: { httpStatus: 403 } });
}
