// Fetches from the readout HTTP API on the same origin. Writes carry the CSRF token from
// /api/session (double-submit with its HttpOnly cookie) or, when the server has one, a bearer token.
import { useEffect, useState } from 'react';
import type { ApiErrorBody } from './api-types.ts';

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, message: string, status: number) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

async function failure(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as ApiErrorBody;
    return new ApiError(body.error.code, body.error.message, res.status);
  } catch {
    return new ApiError('E_INTERNAL', `HTTP ${res.status}`, res.status);
  }
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin', ...(signal ? { signal } : {}) });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

export async function postJson<T>(path: string, body: unknown, opts: { bearer?: string | null } = {}): Promise<T> {
  const session = await getJson<{ csrfToken: string; tokenRequired: boolean }>('/api/session');
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': session.csrfToken };
  if (opts.bearer) headers['Authorization'] = `Bearer ${opts.bearer}`;
  const res = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body), credentials: 'same-origin' });
  if (!res.ok && res.status !== 422) throw await failure(res);
  return (await res.json()) as T;
}

export type Loadable<T> = { state: 'loading' } | { state: 'error'; error: ApiError } | { state: 'ready'; data: T };

/** Loads `path` (null: nothing to load) and reloads when it changes. */
export function useApi<T>(path: string | null): Loadable<T> {
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading' });
  useEffect(() => {
    if (path === null) return undefined;
    const ctrl = new AbortController();
    setResult({ state: 'loading' });
    getJson<T>(path, ctrl.signal).then(
      (data) => setResult({ state: 'ready', data }),
      (e: unknown) => {
        if (ctrl.signal.aborted) return;
        setResult({ state: 'error', error: e instanceof ApiError ? e : new ApiError('E_FETCH', String(e), 0) });
      },
    );
    return () => ctrl.abort();
  }, [path]);
  return result;
}
