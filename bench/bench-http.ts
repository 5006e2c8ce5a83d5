// HTTP load test of `readout serve` on loopback: requests/s and p99 latency of the story list and
// a story's comparison, with autocannon against a real server over a SQLite db holding samples/.
//   node --import tsx bench/bench-http.ts [--duration 10] [--connections 10]
// Results: a table on stdout and bench/results/bench-http.json. The load generator runs in this
// process too, so on a shared 2-core machine the numbers are a floor, not a ceiling.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ReadoutApp } from '../src/app/app-types.js';
import { startServer } from '../src/server/index.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The part of autocannon's result this bench reads (the package ships no types). */
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { average: number; p50: number; p90: number; p99: number; max: number };
  throughput: { average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
type Autocannon = (opts: { url: string; connections: number; duration: number; pipelining?: number; headers?: Record<string, string> }) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface HttpBenchRow {
  route: string;
  connections: number;
  durationS: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  non2xx: number;
  /** Mean time of the ReadoutApp call behind the route, without HTTP (one call at a time). */
  appCallMs: number;
}

export interface HttpBenchResult {
  app: 'real' | 'fake';
  documents: number;
  stories: number;
  rows: HttpBenchRow[];
  machine: { cpus: number; loadavg: number[]; node: string };
  at: string;
}

async function realAppWithSamples(dir: string): Promise<ReadoutApp> {
  const { openApp } = await import('../src/app/index.js');
  const app = await openApp({ db: join(dir, 'bench.db') });
  const summary = await app.ingest([join(ROOT, 'samples')]);
  if (summary.stored === 0) throw new Error(`ingesting samples/ stored nothing: ${JSON.stringify(summary)}`);
  return app;
}

export async function benchHttp(options: { duration?: number; connections?: number; allowFake?: boolean } = {}): Promise<HttpBenchResult> {
  const duration = options.duration ?? 10;
  const connections = options.connections ?? 10;
  const dir = mkdtempSync(join(tmpdir(), 'readout-bench-http-'));
  let app: ReadoutApp;
  let kind: 'real' | 'fake' = 'real';
  try {
    app = await realAppWithSamples(dir);
  } catch (e) {
    if (!options.allowFake) throw e;
    console.error(`bench-http: the real app is unavailable (${e instanceof Error ? e.message : String(e)}); measuring the server over the test fake instead`);
    const { createFakeApp } = await import('../test/helpers/fake-app.js');
    app = createFakeApp();
    kind = 'fake';
  }
  const server = await startServer(app, { host: '127.0.0.1', port: 0, webRoot: null });
  try {
    const stories = await app.listStories();
    const documents = (await app.listDocuments({ limit: 100_000 })).items.length;
    // The story with the most documents: the heaviest comparison.
    const busiest = [...stories].sort((a, b) => b.documentIds.length - a.documentIds.length)[0];
    if (busiest === undefined) throw new Error('no stories to compare: did the sample corpus load?');
    const routes: [label: string, path: string][] = [
      ['/api/stories', '/api/stories'],
      ['/api/stories/:id/comparison', `/api/stories/${encodeURIComponent(busiest.id)}/comparison`],
    ];
    const rows: HttpBenchRow[] = [];
    for (const [label, route] of routes) {
      // Time of the app call alone, to tell the server's overhead from the app's work.
      const t0 = performance.now();
      for (let i = 0; i < 20; i++) {
        if (route === '/api/stories') await app.listStories();
        else await app.compareStory(busiest.id);
      }
      const appMs = (performance.now() - t0) / 20;
      // Warm up caches and JIT, then measure.
      await autocannon({ url: `${server.url}${route}`, connections: 2, duration: 1 });
      const r = await autocannon({ url: `${server.url}${route}`, connections, duration });
      rows.push({
        route: label,
        connections, durationS: duration,
        requestsPerSecond: Math.round(r.requests.average),
        p50Ms: r.latency.p50, p99Ms: r.latency.p99, maxMs: r.latency.max,
        errors: r.errors + r.timeouts, non2xx: r.non2xx, appCallMs: Math.round(appMs * 100) / 100,
      });
    }
    return {
      app: kind, documents, stories: stories.length, rows,
      machine: { cpus: cpus().length, loadavg: loadavg().map((l) => Math.round(l * 100) / 100), node: process.version },
      at: new Date().toISOString(),
    };
  } finally {
    await server.close();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '10' }, 'allow-fake': { type: 'boolean', default: false } },
  });
  const result = await benchHttp({ duration: Number(values.duration), connections: Number(values.connections), allowFake: values['allow-fake'] });
  console.log(`readout serve over the ${result.app} app: ${result.documents} documents, ${result.stories} stories; ${result.machine.cpus} CPUs, load ${result.machine.loadavg.join(' ')}`);
  console.table(result.rows.map((r) => ({
    route: r.route, 'req/s': r.requestsPerSecond, 'p50 ms': r.p50Ms, 'p99 ms': r.p99Ms, 'max ms': r.maxMs, errors: r.errors, non2xx: r.non2xx, 'app call ms': r.appCallMs,
  })));
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  const out = join(ROOT, 'bench/results/bench-http.json');
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${out}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
