// A pool of worker threads that extract and analyse documents, so a large ingest uses every core:
// the main thread keeps reading inputs, linking syndication and writing the store while the
// threads do the CPU-heavy part. Each thread loads the knowledge files once.
import type { Worker } from 'node:worker_threads';
import { ReadoutError } from '../domain/index.js';
import type { AnalyzeInput } from './app-types.js';
import type { PreparedInput } from './document-analysis.js';
import type { CatalogueEntry } from './source-resolver.js';
import type { ResourceLimits } from 'node:worker_threads';
import { ANALYSIS_THREAD_LIMITS, startAnalysisThread } from './analysis-thread.js';

export interface AnalysisWorkerSetup {
  dataDir: string | undefined;
  maxBytes: number;
  catalogue: CatalogueEntry[];
  /** Story grouping's stop words: each document's grouping record is made on the thread. */
  stopwords: string[];
}

export interface AnalysisJob {
  id: number;
  input: AnalyzeInput;
  /** ISO time the input was fetched: its fetchedAt, and "now" for year-less datelines. */
  now: string;
}

export type AnalysisJobReply =
  | { id: number; ok: true; value: PreparedInput }
  | { id: number; ok: false; error: { code: string; message: string } };

export interface AnalysisPool {
  readonly size: number;
  run(input: AnalyzeInput, now: string): Promise<PreparedInput>;
  close(): Promise<void>;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  busy: number;
}

// From TypeScript sources (tests, `node --import tsx`) the thread's entry is the .ts file.
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './analysis-worker.ts' : './analysis-worker.js', import.meta.url);

/** `limits`: the threads' resource limits (ANALYSIS_THREAD_LIMITS, or TEXT_ANALYSIS_THREAD_LIMITS for a batch without web pages). */
export function createAnalysisPool(size: number, setup: AnalysisWorkerSetup, limits: ResourceLimits = ANALYSIS_THREAD_LIMITS): AnalysisPool {
  let nextId = 1;
  const waiting = new Map<number, { resolve: (v: PreparedInput) => void; reject: (e: Error) => void; slot: Slot }>();
  const spawn = (): Worker => startAnalysisThread(WORKER_URL, setup, limits);

  const fail = (slot: Slot, error: Error): void => {
    for (const [id, w] of waiting) {
      if (w.slot !== slot) continue;
      waiting.delete(id);
      w.reject(error);
    }
  };

  const slots: Slot[] = Array.from({ length: size }, () => {
    const worker = spawn();
    let markReady: () => void = () => undefined;
    let markFailed: (e: Error) => void = () => undefined;
    const slot: Slot = {
      worker,
      ready: new Promise<void>((res, rej) => { markReady = res; markFailed = rej; }),
      busy: 0,
    };
    worker.on('message', (msg: AnalysisJobReply | { ready: true }) => {
      if ('ready' in msg) { markReady(); return; }
      const w = waiting.get(msg.id);
      if (!w) return;
      waiting.delete(msg.id);
      slot.busy--;
      if (msg.ok) w.resolve(msg.value);
      else w.reject(new ReadoutError(msg.error.code as 'E_STAGE', msg.error.message));
    });
    const died = (e: Error): void => {
      const err = new ReadoutError('E_STAGE', `an analysis thread stopped: ${e.message}; the document was not analysed, run the ingest again to retry it`);
      markFailed(err);
      fail(slot, err);
    };
    worker.on('error', died);
    worker.on('exit', (code) => { if (code !== 0) died(new Error(`exit code ${code}`)); });
    // A failed start is reported through the jobs that wait for it.
    slot.ready.catch(() => undefined);
    return slot;
  });

  return {
    size,
    async run(input, now) {
      // The least busy thread takes the job; it queues there if all are busy.
      const slot = slots.reduce((a, b) => (b.busy < a.busy ? b : a));
      slot.busy++;
      await slot.ready;
      const id = nextId++;
      return new Promise<PreparedInput>((resolve, reject) => {
        waiting.set(id, { resolve, reject, slot });
        const job: AnalysisJob = { id, input, now };
        slot.worker.postMessage(job);
      });
    },
    async close() {
      await Promise.all(slots.map((s) => s.worker.terminate()));
      for (const s of slots) fail(s, new ReadoutError('E_STAGE', 'the analysis threads were closed'));
    },
  };
}
