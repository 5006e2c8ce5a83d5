// Local-file ingest into SQLite through the real, built application (extract → analyse → link
// syndication → store → regroup stories): documents per second and the exact peak memory of the
// process while ingesting 10,000 documents. The ingest runs in a child process on dist/, into a
// fresh database each round; on a shared machine one run's speed varies by a fifth, so the
// median of several rounds is reported with the range.
//   node --import tsx bench/bench-ingest.ts [--docs 10000] [--rounds 3] [--threads N (default: one per core)]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSyntheticCorpus } from './synthetic-corpus.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface BenchIngestResult {
  documents: number;
  seconds: number;
  cpuSeconds: number;
  documentsPerSecond: number;
  documentsPerCpuSecond: number;
  /** Ingest only, before stories are regrouped at the end. */
  ingestSeconds: number;
  peakRssMB: number;
  summary: { seen: number; stored: number; duplicates: number; updated: number; failed: number };
  stories: number;
}

/** The median round (by documents per second) and every round's rate and peak memory. */
export interface BenchIngestRounds extends BenchIngestResult {
  rounds: { documentsPerSecond: number; peakRssMB: number; seconds: number }[];
}

function yamlString(s: string): string {
  return JSON.stringify(s);
}

/** Writes the synthetic corpus as Markdown files with front matter, as a user's folder would be. */
function writeCorpus(dir: string, count: number): void {
  const corpus = createSyntheticCorpus({ seed: 7 });
  let n = 0;
  for (const s of corpus.documents(0, count)) {
    const d = s.document;
    const sub = join(dir, String(Math.floor(n / 1000)).padStart(3, '0'));
    if (n % 1000 === 0) mkdirSync(sub, { recursive: true });
    const front = [
      '---',
      `title: ${yamlString(d.title)}`,
      ...(d.sourceId ? [`source: ${d.sourceId}`] : []),
      ...(d.url ? [`url: ${d.url}`] : []),
      ...(d.publishedAt ? [`published: ${d.publishedAt}`] : []),
      'lang: en',
      '---',
      '',
    ].join('\n');
    writeFileSync(join(sub, `${String(n).padStart(6, '0')}.md`), `${front}${d.text}\n`);
    n++;
  }
}

export async function benchIngest(count = 10_000, threads?: number, rounds = 1): Promise<BenchIngestRounds> {
  const dir = mkdtempSync(join(tmpdir(), 'readout-bench-ingest-'));
  try {
    const corpusDir = join(dir, 'corpus');
    writeCorpus(corpusDir, count);
    if (!existsSync(join(ROOT, 'dist/app/index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
    const results: BenchIngestResult[] = [];
    for (let round = 0; round < rounds; round++) {
      rmSync(join(dir, 'db'), { recursive: true, force: true });
      mkdirSync(join(dir, 'db'));
      results.push(ingestOnce(join(dir, 'db', 'bench.db'), corpusDir, count, threads));
    }
    const sorted = [...results].sort((a, b) => a.documentsPerSecond - b.documentsPerSecond);
    return {
      ...sorted[Math.floor((sorted.length - 1) / 2)]!,
      // Peak memory is the worst round's, not the median's.
      peakRssMB: Math.max(...results.map((r) => r.peakRssMB)),
      rounds: results.map((r) => ({ documentsPerSecond: r.documentsPerSecond, peakRssMB: r.peakRssMB, seconds: r.seconds })),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function ingestOnce(db: string, corpusDir: string, count: number, threads: number | undefined): BenchIngestResult {
  // A fresh process per run: its peak RSS is the ingest's alone.
  const r = spawnSync(process.execPath, [join(ROOT, 'bench/ingest-run.mjs'), db, corpusDir, ...(threads === undefined ? [] : [String(threads)])], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, BENCH_INGEST_COUNT: String(count) }, maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`ingest child failed (${r.status ?? r.signal}): ${r.stderr.slice(-2000)}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
    seconds: number; ingestSeconds: number; cpuSeconds: number; peakRssMB: number; summary: BenchIngestResult['summary']; stories: number;
  };
  return {
    documents: count,
    seconds: Math.round(out.seconds * 100) / 100,
    cpuSeconds: Math.round(out.cpuSeconds * 100) / 100,
    documentsPerSecond: Math.round(count / out.seconds),
    documentsPerCpuSecond: Math.round(count / out.cpuSeconds),
    ingestSeconds: Math.round(out.ingestSeconds * 100) / 100,
    peakRssMB: out.peakRssMB,
    summary: out.summary,
    stories: out.stories,
  };
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--docs');
  const count = i > 0 ? Number(process.argv[i + 1]) : 10_000;
  const t = process.argv.indexOf('--threads');
  const n = process.argv.indexOf('--rounds');
  const r = await benchIngest(count, t > 0 ? Number(process.argv[t + 1]) : undefined, n > 0 ? Number(process.argv[n + 1]) : 3);
  const rates = r.rounds.map((x) => x.documentsPerSecond);
  console.table([
    {
      metric: `local-file ingest into SQLite (incl. regroup), median of ${r.rounds.length}`,
      value: `${r.documentsPerSecond} docs/s (${r.documentsPerCpuSecond} per CPU-s); rounds ${rates.join(', ')}`,
      goal: '≥ 500 docs/s',
    },
    { metric: 'ingest before regroup', value: `${r.ingestSeconds} s for ${r.documents} docs`, goal: '' },
    { metric: `peak RSS while ingesting ${r.documents} (worst round)`, value: `${r.peakRssMB} MB`, goal: '< 500 MB' },
    { metric: 'stored / failed / stories', value: `${r.summary.stored} / ${r.summary.failed} / ${r.stories}`, goal: '' },
  ]);
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results/bench-ingest.json'), `${JSON.stringify({ date: new Date().toISOString(), ...r }, null, 2)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
