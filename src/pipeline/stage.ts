// A stage is a named, versioned function from a typed input to a typed output. It reports
// diagnostics through a Reporter instead of throwing for recoverable problems, so one odd document
// never stops a batch; it throws (preferably a ReadoutError) when it cannot produce an output.
import type { ReportEntry, ReportLevel } from '../domain/index.js';

export interface Reporter {
  readonly entries: readonly ReportEntry[];
  add(level: ReportLevel, code: string, message: string): void;
  /** Entries that another component already produced for this document (e.g. an extractor's report). */
  merge(entries: readonly ReportEntry[]): void;
}

export interface Stage<I, O> {
  readonly name: string;
  readonly version: string;
  run(input: I, report: Reporter): O | Promise<O>;
}

export function createReporter(stageName: () => string): Reporter {
  const entries: ReportEntry[] = [];
  return {
    entries,
    add(level, code, message) {
      entries.push({ stage: stageName(), level, code, message });
    },
    merge(more) {
      entries.push(...more);
    },
  };
}

/** Compose stages left to right; the composite's name lists its parts. */
export function chain<A, B, C>(first: Stage<A, B>, second: Stage<B, C>): Stage<A, C> {
  return {
    name: `${first.name}>${second.name}`,
    version: `${first.version}+${second.version}`,
    async run(input, report) {
      const mid = await first.run(input, report);
      return second.run(mid, report);
    },
  };
}

/** Wrap a plain function as a stage. */
export function stage<I, O>(name: string, version: string, run: (input: I, report: Reporter) => O | Promise<O>): Stage<I, O> {
  return { name, version, run };
}
