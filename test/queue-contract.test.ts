// One contract suite for the WorkQueue, run unchanged against the SQLite lease table and
// graphile-worker on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueue } from '../src/queue/index.js';
import type { Job, WorkQueue } from '../src/queue/index.js';
import { PG_URL, SKIP_PG, dropSchemas, freshSchemaName, requirePg, tempDir } from './helpers/db.js';

interface QueueTarget {
  open(): Promise<WorkQueue>;
  teardown(): Promise<void>;
}

const POLL = 100;

function runUntilIdle(q: WorkQueue, handler: (job: Job) => Promise<void>, concurrency = 4): Promise<void> {
  return q.work(handler, { concurrency, signal: new AbortController().signal, pollIntervalMs: POLL, stopWhenIdle: true });
}

export function queueContract(name: string, setup: () => Promise<QueueTarget>): void {
  describe(`WorkQueue contract: ${name}`, () => {
    let target: QueueTarget;
    let q: WorkQueue;

    beforeAll(async () => {
      target = await setup();
      q = await target.open();
    });
    afterAll(async () => {
      await q?.close();
      await target?.teardown();
    });

    it('enqueues a key once, ever', async () => {
      expect(q.dialect).toBe(name);
      expect(await q.stats()).toEqual({ pending: 0, running: 0, done: 0, failed: 0, dead: 0 });
      expect(await q.enqueue({ kind: 'k', key: 'once', payload: { n: 1 } })).toEqual({ enqueued: true });
      expect(await q.enqueue({ kind: 'k', key: 'once', payload: { n: 2 } })).toEqual({ enqueued: false });
      const seen: unknown[] = [];
      await runUntilIdle(q, async (job) => { seen.push(job.payload); });
      expect(seen).toEqual([{ n: 1 }]);
      // Done work is not enqueued again.
      expect(await q.enqueue({ kind: 'k', key: 'once', payload: { n: 3 } })).toEqual({ enqueued: false });
      expect(await q.stats()).toMatchObject({ pending: 0, running: 0, done: 1 });
    });

    it('runs every job exactly once, in parallel up to the concurrency, with its payload intact', async () => {
      const payload = { text: '习近平 «Taiwan» 🇺🇸', nested: { list: [1, 2.5, null, true] } };
      for (let i = 0; i < 30; i++) {
        expect((await q.enqueue({ kind: 'store', key: `many-${i}`, payload: { ...payload, i } })).enqueued).toBe(true);
      }
      const runs = new Map<string, number>();
      let active = 0;
      let peak = 0;
      await runUntilIdle(q, async (job) => {
        active++;
        peak = Math.max(peak, active);
        runs.set(job.key, (runs.get(job.key) ?? 0) + 1);
        expect(job.kind).toBe('store');
        expect(job.attempt).toBe(1);
        expect(job.payload).toEqual({ ...payload, i: Number(job.key.slice(5)) });
        await new Promise((r) => setTimeout(r, 20));
        active--;
      }, 3);
      expect(runs.size).toBe(30);
      expect([...runs.values()].every((n) => n === 1)).toBe(true);
      expect(peak).toBeGreaterThan(1);
      expect(peak).toBeLessThanOrEqual(3);
      expect(await q.stats()).toMatchObject({ pending: 0, running: 0, done: 31, failed: 0, dead: 0 });
    });

    it('retries a failed job with backoff, then succeeds', async () => {
      await q.enqueue({ kind: 'flaky', key: 'flaky-1', payload: null, maxAttempts: 3 });
      const attempts: number[] = [];
      await runUntilIdle(q, async (job) => {
        attempts.push(job.attempt);
        if (job.attempt === 1) {
          // While it waits for its retry it counts as failed.
          setTimeout(() => void q.stats().then((s) => failedSeen.push(s.failed)), 300);
          throw new Error('transient');
        }
      });
      expect(attempts).toEqual([1, 2]);
      expect(failedSeen[0]).toBe(1);
      expect(await q.stats()).toMatchObject({ done: 32, failed: 0, dead: 0 });
    });
    const failedSeen: number[] = [];

    it('keeps permanently failed jobs as dead letters', async () => {
      await q.enqueue({ kind: 'doomed', key: 'doomed-1', payload: { why: 'test' }, maxAttempts: 1 });
      let calls = 0;
      await runUntilIdle(q, async () => {
        calls++;
        throw new Error('cannot parse this input');
      });
      expect(calls).toBe(1);
      expect(await q.stats()).toMatchObject({ pending: 0, running: 0, failed: 0, dead: 1 });
      const dead = await q.deadLetters();
      expect(dead).toHaveLength(1);
      expect(dead[0]).toMatchObject({ kind: 'doomed', key: 'doomed-1', attempts: 1 });
      expect(dead[0]?.lastError).toContain('cannot parse this input');
      expect((await q.enqueue({ kind: 'doomed', key: 'doomed-1', payload: null })).enqueued).toBe(false);
    });

    it('does not run a job before its runAt', async () => {
      const runAt = new Date(Date.now() + 1200);
      await q.enqueue({ kind: 'later', key: 'later-1', payload: null, runAt });
      expect(await q.stats()).toMatchObject({ pending: 1 });
      let ranAt = 0;
      await runUntilIdle(q, async () => { ranAt = Date.now(); });
      expect(ranAt).toBeGreaterThanOrEqual(runAt.getTime() - 100);
    });

    it('stops on abort after letting the running job finish', async () => {
      await q.enqueue({ kind: 'slow', key: 'slow-1', payload: null });
      await q.enqueue({ kind: 'slow', key: 'slow-2', payload: null, runAt: new Date(Date.now() + 60_000) });
      const ctrl = new AbortController();
      let finished = false;
      const working = q.work(async () => {
        ctrl.abort();
        await new Promise((r) => setTimeout(r, 300));
        finished = true;
      }, { concurrency: 2, signal: ctrl.signal, pollIntervalMs: POLL });
      await working;
      expect(finished).toBe(true);
      const s = await q.stats();
      expect(s).toMatchObject({ running: 0, pending: 1 });
      expect(s.done).toBe(34);
    });

    it('shares one queue between two open handles', async () => {
      const other = await target.open();
      try {
        for (let i = 0; i < 20; i++) await (i % 2 === 0 ? q : other).enqueue({ kind: 'pair', key: `pair-${i}`, payload: i });
        const seen: string[] = [];
        const h = async (job: Job) => { seen.push(job.key); await new Promise((r) => setTimeout(r, 5)); };
        const ctrl = new AbortController();
        const a = q.work(h, { concurrency: 2, signal: ctrl.signal, pollIntervalMs: POLL });
        const b = other.work(h, { concurrency: 2, signal: ctrl.signal, pollIntervalMs: POLL });
        const deadline = Date.now() + 20_000;
        while (seen.length < 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        ctrl.abort();
        await Promise.all([a, b]);
        expect(seen.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `pair-${i}`).sort());
      } finally {
        await other.close();
      }
    });
  });
}

const dir = tempDir('queue-contract');
queueContract('sqlite', async () => ({
  open: () => openQueue(dir.file('queue.db'), { leaseMs: 2000 }),
  teardown: async () => dir.remove(),
}));

describe.skipIf(SKIP_PG)('PostgreSQL queue (set READOUT_SKIP_PG=1 to skip on purpose)', () => {
  queueContract('postgres', async () => {
    await requirePg();
    const schema = freshSchemaName('queue');
    return {
      open: () => openQueue(PG_URL, { schema, leaseMs: 2000 }),
      teardown: () => dropSchemas([schema, `${schema}_worker`]),
    };
  });
});
