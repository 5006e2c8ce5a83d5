// Runs one stage (usually a chain) over many inputs with bounded concurrency. Each input yields a
// result with its own report; a failure is recorded and the batch goes on.
import { toReadoutError, type ReportEntry } from '../domain/index.js';
import { createReporter, type Stage } from './stage.js';

export interface BatchInput<I> {
  /** What the input is, for logs and failure records (a path or URL). */
  key: string;
  input: I | (() => Promise<I>);
}

export type BatchResult<O> =
  | { key: string; ok: true; value: O; report: ReportEntry[] }
  | { key: string; ok: false; error: { code: string; message: string; stage: string }; report: ReportEntry[] };

export interface BatchOptions<O> {
  concurrency?: number;
  /**
   * Hand results over in input order, whatever order they finish in (a result waits for the
   * ones before it). What consumes them then sees the same sequence at any concurrency.
   */
  ordered?: boolean;
  signal?: AbortSignal;
  onResult: (result: BatchResult<O>) => void | Promise<void>;
}

export async function runBatch<I, O>(
  inputs: Iterable<BatchInput<I>> | AsyncIterable<BatchInput<I>>,
  pipeline: Stage<I, O>,
  options: BatchOptions<O>,
): Promise<{ ok: number; failed: number; aborted: boolean }> {
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const iterator = (Symbol.asyncIterator in inputs
    ? (inputs as AsyncIterable<BatchInput<I>>)[Symbol.asyncIterator]()
    : (inputs as Iterable<BatchInput<I>>)[Symbol.iterator]()) as AsyncIterator<BatchInput<I>> | Iterator<BatchInput<I>>;
  let ok = 0;
  let failed = 0;
  let aborted = false;

  // Ordered delivery: result n is handed over once result n-1 has been.
  let delivered: Promise<void> = Promise.resolve();

  const runOne = async (item: BatchInput<I>, turn: Promise<void>): Promise<void> => {
    // The reporter stamps entries with the stage currently running; a chain reports under its name.
    const report = createReporter(() => pipeline.name);
    let result: BatchResult<O>;
    try {
      const input = typeof item.input === 'function' ? await (item.input as () => Promise<I>)() : item.input;
      const value = await pipeline.run(input, report);
      result = { key: item.key, ok: true, value, report: [...report.entries] };
      ok++;
    } catch (e) {
      const err = toReadoutError(e, 'E_STAGE');
      const entries = [...report.entries, { stage: pipeline.name, level: 'error' as const, code: err.code, message: err.message }];
      result = { key: item.key, ok: false, error: { code: err.code, message: err.message, stage: pipeline.name }, report: entries };
      failed++;
    }
    await turn;
    await options.onResult(result);
  };

  const worker = async (): Promise<void> => {
    for (;;) {
      if (options.signal?.aborted) {
        aborted = true;
        return;
      }
      const next = await iterator.next();
      if (next.done) return;
      if (options.ordered) {
        const previous = delivered;
        let release: () => void = () => undefined;
        delivered = new Promise<void>((r) => { release = r; });
        await runOne(next.value, previous).finally(release);
      } else {
        await runOne(next.value, Promise.resolve());
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  return { ok, failed, aborted };
}
