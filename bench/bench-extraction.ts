// Extraction speed on the readability test pages: pages per second on one core.
// Run: node --import tsx bench/bench-extraction.ts
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createExtractor } from '../src/stages/extract/index.js';

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

export async function benchExtraction(rounds = 3, dir = PAGES): Promise<BenchRow[]> {
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

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!existsSync(PAGES)) {
    console.log(`bench-extraction: ${PAGES} is absent; nothing to measure (place ../shared/data beside the repo).`);
    process.exit(0);
  }
  const rows = await benchExtraction();
  console.table(rows.map((r) => ({
    ...r, seconds: r.seconds.toFixed(2), cpuSeconds: r.cpuSeconds.toFixed(2), pagesPerSecond: r.pagesPerSecond.toFixed(1),
    pagesPerCpuSecond: r.pagesPerCpuSecond.toFixed(1), megabytesPerSecond: r.megabytesPerSecond.toFixed(2),
  })));
  const best = Math.max(...rows.map((r) => r.pagesPerCpuSecond));
  const load = (await import('node:os')).loadavg()[0] ?? 0;
  console.log(`load average ${load.toFixed(1)} on ${(await import('node:os')).cpus().length} cores while measuring`);
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'bench-extraction.json'), JSON.stringify({ bestPagesPerSecond: best, rows }, null, 2));
  console.log(`best ${best.toFixed(1)} pages per CPU-second (one core); goal >= 50 → ${best >= 50 ? 'met' : 'NOT met'}; wrote bench/results/bench-extraction.json`);
}
