// Scale benchmark for storage and the queue.
//
//   npm run bench:scale                  # throughput (1, 2, 4 workers) + size + latency at 100k
//   npm run bench:scale -- --max 20000   # a smaller ramp
//   npm run bench:scale -- --full        # also 1,000,000 documents (hours; ~see size per 1k docs)
//   options: --db sqlite|postgres|both (size/latency; default both), --jobs 2000 (throughput jobs
//            per run), --skip-throughput, --seed 1, --pg URL, --out FILE (under bench/results)
//
// Throughput: ingest-and-store through the queue on PostgreSQL: N jobs enqueued, then W worker
// processes (this file with --worker) rebuild each synthetic document from its index and call
// store.putDocument; measured from the moment every worker is consuming until the queue is drained.
// Size ramp: BULK LOADED with multi-row INSERTs (500 rows per statement, KyselyStore.bulkInsertDocuments),
// not through putDocument; full-text indexes are maintained during the load (generated tsvector
// and GIN on PostgreSQL, FTS5 triggers on SQLite). Latencies are p50/p95 over repeated calls.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openQueue } from '../src/queue/index.js';
import { openStore } from '../src/storage/index.js';
import type { KyselyStore } from '../src/storage/index.js';
import { createSyntheticCorpus, syntheticComparison } from './synthetic-corpus.js';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    worker: { type: 'boolean', default: false },
    schema: { type: 'string' },
    max: { type: 'string', default: '100000' },
    full: { type: 'boolean', default: false },
    db: { type: 'string', default: 'both' },
    jobs: { type: 'string', default: '2000' },
    'skip-throughput': { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    pg: { type: 'string', default: process.env.READOUT_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    concurrency: { type: 'string', default: '4' },
    out: { type: 'string', default: 'bench-scale.json' },
  },
});
const PG_URL = values.pg;
const SEED = Number(values.seed);

// ---------------------------------------------------------------- worker mode

async function workerMain(): Promise<void> {
  const schema = values.schema;
  if (schema === undefined) throw new Error('--schema is required in --worker mode');
  const store = await openStore(PG_URL, { schema, migrate: false, poolSize: 4 });
  const queue = await openQueue(PG_URL, { schema, poolSize: 4 });
  const corpus = createSyntheticCorpus({ seed: SEED });
  const ctrl = new AbortController();
  process.on('SIGTERM', () => ctrl.abort());
  const working = queue.work(async (job) => {
    const { index } = job.payload as { index: number };
    await store.putDocument({ document: corpus.documentAt(index).document, analysis: null, report: [] });
  }, { concurrency: Number(values.concurrency), signal: ctrl.signal, pollIntervalMs: 200 });
  process.stdout.write('ready\n');
  await working;
  await queue.close();
  await store.close();
}

// ---------------------------------------------------------------- helpers

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

async function timeIt(n: number, fn: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number; n: number }> {
  await fn(0); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: round(percentile(ms, 0.5)), p95: round(percentile(ms, 0.95)), n };
}

const round = (x: number) => Math.round(x * 100) / 100;

async function dropSchemas(schemas: string[]): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await c.end();
}

const schemaName = (tag: string) => `bench_${tag}_${process.pid}`;

// ---------------------------------------------------------------- throughput

interface ThroughputResult { workers: number; jobs: number; seconds: number; docsPerSecond: number; stored: number; duplicates: number }

async function throughput(workers: number, jobs: number): Promise<ThroughputResult> {
  const schema = schemaName(`tp${workers}`);
  await dropSchemas([schema, `${schema}_worker`]);
  const store = await openStore(PG_URL, { schema });
  const queue = await openQueue(PG_URL, { schema });
  for (let i = 0; i < jobs; i++) await queue.enqueue({ kind: 'synthetic', key: `syn:${i}`, payload: { index: i } });
  const children = Array.from({ length: workers }, () => spawn(process.execPath,
    ['--import', 'tsx', join(here, 'bench-scale.ts'), '--worker', '--schema', schema, '--seed', String(SEED), '--pg', PG_URL, '--concurrency', values.concurrency],
    { stdio: ['ignore', 'pipe', 'inherit'] }));
  await Promise.all(children.map((c) => new Promise<void>((res) => c.stdout.on('data', (b: Buffer) => { if (b.toString().includes('ready')) res(); }))));
  const t0 = performance.now();
  for (;;) {
    const s = await queue.stats();
    if (s.done + s.dead >= jobs) break;
    await sleep(100);
  }
  const seconds = (performance.now() - t0) / 1000;
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((res) => c.on('exit', res))));
  const stored = await store.countDocuments();
  await queue.close();
  await store.close();
  await dropSchemas([schema, `${schema}_worker`]);
  return { workers, jobs, seconds: round(seconds), docsPerSecond: round(jobs / seconds), stored, duplicates: jobs - stored };
}

// ---------------------------------------------------------------- size and latency

interface LatencyRow {
  db: string;
  documents: number;
  loadSeconds: number;
  bytes: number;
  bytesPer1000Docs: number;
  stories: number;
  listStories: { p50: number; p95: number; n: number };
  getComparison: { p50: number; p95: number; n: number };
  search: { p50: number; p95: number; n: number };
  searchRare: { p50: number; p95: number; n: number };
}

const QUERIES = ['soybean purchases', 'rare earths export controls', 'Taiwan', 'ceasefire', 'candid constructive',
  'fentanyl precursor chemicals', 'Xi Jinping Trump', 'maritime security South China Sea'];

async function rampAndMeasure(db: 'sqlite' | 'postgres', checkpoints: number[]): Promise<LatencyRow[]> {
  const corpus = createSyntheticCorpus({ seed: SEED });
  const schema = schemaName(`size_${db}`);
  const dir = join(tmpdir(), `readout-bench-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  let store: KyselyStore;
  if (db === 'postgres') {
    await dropSchemas([schema]);
    store = await openStore(PG_URL, { schema });
  } else {
    store = await openStore(join(dir, 'bench.db'));
  }
  const rows: LatencyRow[] = [];
  let loaded = 0;
  let loadMs = 0;
  const BATCH = 2000;
  try {
    for (const target of checkpoints) {
      while (loaded < target) {
        const to = Math.min(target, loaded + BATCH);
        const docs = [...corpus.documents(loaded, to)].map((d) => d.document);
        const t = performance.now();
        await store.bulkInsertDocuments(docs);
        // Indexed for search as an ingest does when it has written (SQLite defers it to then).
        await store.indexPendingText();
        loadMs += performance.now() - t;
        loaded = to;
        if (loaded % 20_000 === 0) process.stderr.write(`  ${db}: ${loaded} documents loaded (${round(loadMs / 1000)} s in INSERTs)\n`);
      }
      // Stories for everything loaded so far, plus one 200-document story with its comparison.
      const stories = [...corpus.stories(0, loaded)];
      const bigIds = Array.from({ length: 200 }, (_, k) => `syn-${SEED}-${Math.floor((k * loaded) / 200)}`);
      const big = { ...stories[0]!, id: 'story-bench-200', title: 'A 200-document story', documentIds: bigIds };
      await store.replaceStories([...stories, big]);
      await store.saveComparison(big.id, syntheticComparison(big, bigIds, SEED));
      await store.analyze();
      const bytes = await store.sizeBytes();
      const listStories = await timeIt(50, () => store.listStories({ limit: 50 }));
      const getComparison = await timeIt(50, () => store.getComparison(big.id));
      const search = await timeIt(40, (i) => store.search(QUERIES[i % QUERIES.length]!, { limit: 20 }));
      const searchRare = await timeIt(20, (i) => store.search(`lithium magnet ${i % 2 === 0 ? 'Erdogan' : 'Lula'}`, { limit: 20 }));
      const row: LatencyRow = {
        db, documents: loaded, loadSeconds: round(loadMs / 1000), bytes, bytesPer1000Docs: Math.round((bytes / loaded) * 1000),
        stories: stories.length + 1, listStories, getComparison, search, searchRare,
      };
      process.stderr.write(`  ${db} @ ${loaded}: ${JSON.stringify(row)}\n`);
      rows.push(row);
    }
  } finally {
    await store.close();
    if (db === 'postgres') await dropSchemas([schema]);
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const max = Math.max(1000, Number(values.max));
  const checkpoints = values.full ? [Math.min(max, 100_000), 1_000_000] : [max];
  const dbs: ('sqlite' | 'postgres')[] = values.db === 'both' ? ['sqlite', 'postgres'] : [values.db as 'sqlite' | 'postgres'];
  const result: Record<string, unknown> = {
    when: new Date().toISOString(),
    machine: { node: process.version, cpus: (await import('node:os')).cpus().length, loadavg: (await import('node:os')).loadavg() },
    seed: SEED,
    method: {
      throughput: 'PostgreSQL; queue (graphile-worker) + putDocument in W worker processes, each with --concurrency slots; timed from all workers ready to queue drained',
      sizeRamp: 'bulk load with multi-row INSERT (500 rows/statement) via KyselyStore.bulkInsertDocuments; full-text indexes maintained during load',
      latency: 'p50/p95 in ms; listStories limit 50; getComparison of a stored 200-document story; search limit 20 over common (search) and rare (searchRare) terms',
    },
  };

  if (!values['skip-throughput']) {
    const jobs = Number(values.jobs);
    const tp: ThroughputResult[] = [];
    for (const w of [1, 2, 4]) {
      process.stderr.write(`throughput with ${w} worker process(es), ${jobs} jobs…\n`);
      tp.push(await throughput(w, jobs));
    }
    result.throughput = tp;
    console.log('\nIngest-and-store throughput (PostgreSQL, queue + putDocument)');
    console.table(tp);
  }

  const lat: LatencyRow[] = [];
  for (const db of dbs) {
    process.stderr.write(`size ramp on ${db} to ${checkpoints.join(', ')} documents…\n`);
    lat.push(...await rampAndMeasure(db, checkpoints));
  }
  result.scale = lat;
  console.log('\nStore size and read latency (ms)');
  console.table(lat.map((r) => ({
    db: r.db, docs: r.documents, 'load s': r.loadSeconds, 'MB': round(r.bytes / 1e6), 'KB/1k docs': Math.round(r.bytesPer1000Docs / 1000),
    'listStories p50/p95': `${r.listStories.p50}/${r.listStories.p95}`,
    'getComparison p50/p95': `${r.getComparison.p50}/${r.getComparison.p95}`,
    'search p50/p95': `${r.search.p50}/${r.search.p95}`,
    'search rare p50/p95': `${r.searchRare.p50}/${r.searchRare.p95}`,
  })));
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', values.out), JSON.stringify(result, null, 2) + '\n');
  console.log(`wrote ${join('bench', 'results', values.out)}`);
}

if (values.worker) {
  workerMain().then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
} else {
  main().then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
}
