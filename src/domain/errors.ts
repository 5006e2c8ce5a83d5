// Errors with stable codes. The message always says what happened and what to do next.

export const ERROR_CODES = {
  E_USAGE: 'bad command-line usage',
  E_NOT_FOUND: 'a file, document, story or source does not exist',
  E_EMPTY_INPUT: 'the input holds no text',
  E_BINARY_INPUT: 'the input is binary, not text',
  E_TOO_LARGE: 'the input exceeds the size limit',
  E_ENCODING: 'the input could not be decoded',
  E_PARSE: 'the input could not be parsed',
  E_FETCH: 'a network fetch failed',
  E_TIMEOUT: 'an operation took too long',
  E_BLOCKED_ADDRESS: 'a URL resolves to a private or forbidden address',
  E_BAD_URL: 'a URL is malformed or uses a forbidden scheme',
  E_TOO_MANY_REDIRECTS: 'a redirect chain is too long',
  E_DATA: 'a data file (gazetteer, taxonomy, catalogue) is invalid',
  E_STORE: 'the database failed',
  E_CONFIG: 'a configuration value is invalid',
  E_STAGE: 'a pipeline stage failed',
  E_UNAUTHORIZED: 'a write needs a valid token',
  E_INTERNAL: 'an unexpected internal error',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class ReadoutError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ReadoutError';
    this.code = code;
    this.details = options?.details;
  }
}

export function isReadoutError(e: unknown): e is ReadoutError {
  return e instanceof ReadoutError;
}

/** Wrap anything thrown into a ReadoutError, keeping the original as cause. */
export function toReadoutError(e: unknown, fallback: ErrorCode = 'E_INTERNAL'): ReadoutError {
  if (e instanceof ReadoutError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new ReadoutError(fallback, message, { cause: e });
}
