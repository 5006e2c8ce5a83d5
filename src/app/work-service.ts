// Background work: `readout worker` takes ingest jobs from the shared queue; `readout ingest --watch`
// polls the catalogue's feeds on their adaptive schedule. Both stop cleanly when the signal aborts.
import type { Clock, Fetcher, IngestSummary, Store } from '../domain/index.js';
import { toReadoutError } from '../domain/index.js';
import { createFeedPoller } from '../stages/ingest/index.js';
import { openQueue } from '../queue/index.js';

interface Deps {
  getStore: () => Promise<Store>;
  getFetcher: (allowPrivateNetwork: boolean) => Fetcher;
  clock: Clock;
  /** Ingest one file, folder or URL through the normal pipeline. */
  ingestOne: (spec: string) => Promise<IngestSummary>;
}

export const INGEST_JOB = 'ingest';

export function createWorkService(deps: Deps) {
  /** Keys make the same work run once: a key is never queued twice. */
  async function enqueue(db: string, jobs: { spec: string; key: string }[]): Promise<{ enqueued: number; skipped: number }> {
    const queue = await openQueue(db);
    let enqueued = 0;
    let skipped = 0;
    try {
      for (const { spec, key } of jobs) {
        const r = await queue.enqueue({ kind: INGEST_JOB, key: `${INGEST_JOB}:${key}`, payload: { spec } });
        if (r.enqueued) enqueued++;
        else skipped++;
      }
    } finally {
      await queue.close();
    }
    return { enqueued, skipped };
  }

  async function runWorker(opts: { db: string; concurrency: number; signal: AbortSignal; log: (line: string) => void; untilIdle: boolean }): Promise<void> {
    const queue = await openQueue(opts.db);
    try {
      opts.log(`readout: worker started (concurrency ${opts.concurrency}); stop with Ctrl-C or SIGTERM`);
      await queue.work(
        async (job) => {
          if (job.kind !== INGEST_JOB) throw new Error(`unknown job kind "${job.kind}"`);
          const spec = (job.payload as { spec?: unknown }).spec;
          if (typeof spec !== 'string') throw new Error('ingest job without a spec');
          const s = await deps.ingestOne(spec);
          opts.log(`readout: ${spec}: stored ${s.stored}, updated ${s.updated}, duplicates ${s.duplicates}, failed ${s.failed}`);
        },
        { concurrency: opts.concurrency, signal: opts.signal, stopWhenIdle: opts.untilIdle },
      );
      opts.log('readout: worker stopped');
    } finally {
      await queue.close();
    }
  }

  async function watch(opts: { signal: AbortSignal; summary: IngestSummary; onLog?: (line: string) => void }): Promise<void> {
    const store = await deps.getStore();
    const poller = createFeedPoller({
      fetcher: deps.getFetcher(false),
      store,
      clock: deps.clock,
      feeds: (await store.listSources()).flatMap((src) => src.feeds.map((url) => ({ url, sourceId: src.id }))),
      onItem: async (item) => {
        if (opts.signal.aborted || !item.url) return false;
        try {
          const s = await deps.ingestOne(item.url);
          opts.summary.seen += s.seen;
          opts.summary.stored += s.stored;
          opts.summary.updated += s.updated;
          opts.summary.duplicates += s.duplicates;
          opts.summary.failed += s.failed;
          return s.stored + s.updated > 0;
        } catch (e) {
          opts.summary.failed++;
          opts.onLog?.(`readout: error: ${item.url}: ${toReadoutError(e).message}`);
          return false;
        }
      },
    });
    await poller.watch(opts.signal);
  }

  return { enqueue, runWorker, watch };
}
