// At most N concurrent tasks per host, FIFO per host. Owned by one fetcher or poller, never global.

export interface HostLimiter {
  run<T>(host: string, task: () => Promise<T>): Promise<T>;
  /** Tasks currently running for a host (for tests and diagnostics). */
  active(host: string): number;
}

export function createHostLimiter(perHost: number): HostLimiter {
  const state = new Map<string, { active: number; queue: (() => void)[] }>();
  const slot = (host: string): { active: number; queue: (() => void)[] } => {
    let s = state.get(host);
    if (!s) { s = { active: 0, queue: [] }; state.set(host, s); }
    return s;
  };
  return {
    async run<T>(host: string, task: () => Promise<T>): Promise<T> {
      const s = slot(host);
      if (s.active >= perHost) await new Promise<void>((resolve) => s.queue.push(resolve));
      s.active++;
      try {
        return await task();
      } finally {
        s.active--;
        const next = s.queue.shift();
        if (next) next();
        else if (s.active === 0) state.delete(host);
      }
    },
    active: (host) => state.get(host)?.active ?? 0,
  };
}
