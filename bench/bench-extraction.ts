// Extraction speed on the readability test pages: pages per second on one core, measured on an
// analysis thread as ingest runs extraction (its young generation is sized for page DOMs).
// Run: node --import tsx bench/bench-extraction.ts [--rounds N] [--compare]
// CPU-seconds still vary with what else runs on the machine (shared cores, caches): --compare also
// times the HTML path against the reference path (stock Readability over the whole DOM, as before
// the source was slimmed) in alternating rounds, which gives a ratio that load hardly moves.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { startAnalysisThread } from '../src/app/analysis-thread.js';
import { createExtractor } from '../src/stages/extract/index.js';
import { decodeBytes } from '../src/stages/extract/encoding.js';
import { extractHtml } from '../src/stages/extract/html-extractor.js';

const here = dirname(fileURLToPath(import.meta.url));
const PAGES = resolve(here, '../../shared/data/readability-test-pages');

export interface BenchRow {
  round: number;
  pages: number;
  bytes: number;
  seconds: number;
  /** CPU seconds of this process (user + system): the machine may be shared, so this is the per-core figure. */
  cpuSeconds: number;
  pagesPerSecond: number;
  pagesPerCpuSecond: number;
  megabytesPerSecond: number;
}

const cpuSecondsNow = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};

/** HTML extraction (decoded text in, extractHtml out) on the fast and on the reference path, alternating rounds. */
export function compareHtmlPaths(rounds = 5, dir = PAGES): { fast: number[]; reference: number[] } {
  const sources = readdirSync(dir).filter((p) => existsSync(join(dir, p, 'source.html'))).sort()
    .map((p) => decodeBytes(readFileSync(join(dir, p, 'source.html')), { contentType: 'text/html' }).text);
  const options = { baseUrl: 'http://fakehost/test/page.html', now: new Date('2026-01-01T00:00:00Z') };
  const out = { fast: [] as number[], reference: [] as number[] };
  for (let round = 0; round <= rounds; round++) {
    for (const path of ['fast', 'reference'] as const) {
      const c0 = cpuSecondsNow();
      for (const source of sources) extractHtml(source, { ...options, reference: path === 'reference' });
      // Round 0 warms up both paths.
      if (round > 0) out[path].push(sources.length / (cpuSecondsNow() - c0));
    }
  }
  return out;
}

export async function benchExtraction(rounds = 5, dir = PAGES): Promise<BenchRow[]> {
  const inputs = readdirSync(dir).filter((p) => existsSync(join(dir, p, 'source.html'))).sort().map((p) => readFileSync(join(dir, p, 'source.html')));
  const extract = createExtractor();
  const run = (): void => {
    for (const bytes of inputs) {
      extract({ bytes, url: 'http://fakehost/test/page.html', contentType: 'text/html', fileName: 'source.html', fetchedAt: '2026-01-01T00:00:00.000Z' });
    }
  };
  run(); // warm-up: JIT and lazy module initialisation
  const bytes = inputs.reduce((n, b) => n + b.length, 0);
  const rows: BenchRow[] = [];
  for (let round = 1; round <= rounds; round++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    run();
    const cpu = process.cpuUsage(c0);
    const seconds = (performance.now() - t0) / 1000;
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    rows.push({
      round, pages: inputs.length, bytes, seconds, cpuSeconds,
      pagesPerSecond: inputs.length / seconds, pagesPerCpuSecond: inputs.length / cpuSeconds, megabytesPerSecond: bytes / 1e6 / seconds,
    });
  }
  return rows;
}

/** benchExtraction on an analysis thread, under the limits ingest runs its extraction with. */
export function benchOnAnalysisThread(rounds: number): Promise<BenchRow[]> {
  const thread = startAnalysisThread(new URL(import.meta.url), { benchExtractionRounds: rounds });
  return new Promise<BenchRow[]>((resolveRows, reject) => {
    thread.once('message', (rows: BenchRow[]) => {
      void thread.terminate();
      resolveRows(rows);
    });
    thread.once('error', reject);
  });
}

const threadRounds = (workerData as { benchExtractionRounds?: number } | null)?.benchExtractionRounds;
if (!isMainThread && threadRounds !== undefined) parentPort?.postMessage(await benchExtraction(threadRounds));

if (isMainThread && process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!existsSync(PAGES)) {
    console.log(`bench-extraction: ${PAGES} is absent; nothing to measure (place ../shared/data beside the repo).`);
    process.exit(0);
  }
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const rounds = Math.max(1, Number(arg('--rounds') ?? 5) || 5);
  // Where ingest extracts pages: on an analysis thread (see ANALYSIS_THREAD_LIMITS).
  const rows = await benchOnAnalysisThread(rounds);
  console.table(rows.map((r) => ({
    ...r, seconds: r.seconds.toFixed(2), cpuSeconds: r.cpuSeconds.toFixed(2), pagesPerSecond: r.pagesPerSecond.toFixed(1),
    pagesPerCpuSecond: r.pagesPerCpuSecond.toFixed(1), megabytesPerSecond: r.megabytesPerSecond.toFixed(2),
  })));
  const best = Math.max(...rows.map((r) => r.pagesPerCpuSecond));
  const sorted = rows.map((r) => r.pagesPerCpuSecond).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  let comparison: { fastMedian: number; referenceMedian: number; speedup: number } | null = null;
  if (process.argv.includes('--compare')) {
    const { fast, reference } = compareHtmlPaths(rounds);
    const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    comparison = { fastMedian: med(fast), referenceMedian: med(reference), speedup: med(fast) / med(reference) };
    console.log(`HTML path, pages per CPU-second (median of ${rounds}): fast ${comparison.fastMedian.toFixed(1)}, reference ${comparison.referenceMedian.toFixed(1)} → ${comparison.speedup.toFixed(2)}× faster`);
  }
  const load = (await import('node:os')).loadavg()[0] ?? 0;
  console.log(`load average ${load.toFixed(1)} on ${(await import('node:os')).cpus().length} cores while measuring`);
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'bench-extraction.json'), JSON.stringify({ bestPagesPerSecond: best, medianPagesPerSecond: median, rows, comparison }, null, 2));
  console.log(`best ${best.toFixed(1)}, median ${median.toFixed(1)} pages per CPU-second (one core); goal >= 50 → ${best >= 50 ? 'met' : 'NOT met'}; wrote bench/results/bench-extraction.json`);
}
