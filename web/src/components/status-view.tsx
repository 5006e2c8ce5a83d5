import type { ReactNode } from 'react';
import type { Loadable } from '../api-client.ts';

/** Renders loading and error states of a Loadable, or its data through `children`. */
export function StatusView<T>({ value, children }: { value: Loadable<T>; children: (data: T) => ReactNode }) {
  if (value.state === 'loading') return <p role="status">Loading…</p>;
  if (value.state === 'error') {
    return <p role="alert" className="error">{value.error.code}: {value.error.message}</p>;
  }
  return <>{children(value.data)}</>;
}
