// Local-file ingest into SQLite through the real application (extract → analyse → store → regroup):
// documents per second and peak memory while ingesting 10,000 documents.
//   node --import tsx bench/bench-ingest.ts [--docs 10000] [--threads N (default: one per core)]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApp } from '../src/app/index.js';
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

export async function benchIngest(count = 10_000, threads?: number): Promise<BenchIngestResult> {
  const dir = mkdtempSync(join(tmpdir(), 'readout-bench-ingest-'));
  try {
    const corpusDir = join(dir, 'corpus');
    writeCorpus(corpusDir, count);
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    const app = await openApp({ db: join(dir, 'bench.db') });
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let ingestDone = 0;
    const summary = await app.ingest([corpusDir], {
      ...(threads === undefined ? {} : { threads }),
      onProgress: (p) => {
        if (p.done === count) ingestDone = performance.now();
      },
    });
    const t1 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const stories = (await app.listStories({})).length;
    await app.close();
    const seconds = (t1 - t0) / 1000;
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    return {
      documents: count,
      seconds: Math.round(seconds * 100) / 100,
      cpuSeconds: Math.round(cpuSeconds * 100) / 100,
      documentsPerSecond: Math.round(count / seconds),
      documentsPerCpuSecond: Math.round(count / cpuSeconds),
      ingestSeconds: Math.round(((ingestDone || t1) - t0) / 10) / 100,
      peakRssMB: Math.round(peak / 1048576),
      summary,
      stories,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--docs');
  const count = i > 0 ? Number(process.argv[i + 1]) : 10_000;
  const t = process.argv.indexOf('--threads');
  const r = await benchIngest(count, t > 0 ? Number(process.argv[t + 1]) : undefined);
  console.table([
    { metric: 'local-file ingest into SQLite (incl. regroup)', value: `${r.documentsPerSecond} docs/s (${r.documentsPerCpuSecond} per CPU-s)`, goal: '≥ 500 docs/s' },
    { metric: 'ingest before regroup', value: `${r.ingestSeconds} s for ${r.documents} docs`, goal: '' },
    { metric: `peak RSS while ingesting ${r.documents}`, value: `${r.peakRssMB} MB`, goal: '< 500 MB' },
    { metric: 'stored / failed / stories', value: `${r.summary.stored} / ${r.summary.failed} / ${r.stories}`, goal: '' },
  ]);
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results/bench-ingest.json'), `${JSON.stringify({ date: new Date().toISOString(), ...r }, null, 2)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
