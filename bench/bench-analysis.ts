// Speed and memory of the analysis engine on synthetic ~600-word news documents assembled from
// the golden fixtures' sentences (seeded, so every run sees the same documents).
//   node --import tsx bench/bench-analysis.ts [--docs N] [--heap-docs N] [--warmup N]
// Heap is sampled every tenth of the heap run; with --expose-gc (node --expose-gc --import tsx …)
// a collection runs before each sample, so the numbers show retained memory.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Document } from '../src/domain/index.js';
import { loadKnowledge } from '../src/knowledge/index.js';
import { createAnalyzer } from '../src/stages/analyze/index.js';
import { loadGoldenCases } from '../src/stages/analyze/golden-scorer.js';
import { tokenize } from '../src/stages/analyze/tokenizer.js';
import { seededRandom } from './seeded-random.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface BenchAnalysisResult {
  documents: number;
  wordsPerDocument: number;
  seconds: number;
  cpuSeconds: number;
  /** Wall-clock rates. */
  documentsPerSecond: number;
  tokensPerSecond: number;
  /** Rates per CPU second of this process (one core): robust to other load on the machine. */
  documentsPerCpuSecond: number;
  tokensPerCpuSecond: number;
  /** Mean extracted items per document, to show the work is real. */
  perDocument: { actors: number; quotes: number; claims: number; events: number; commitments: number };
  heap: { documents: number; gcExposed: boolean; samples: { documents: number; heapUsedMB: number }[]; growthMB: number };
  node: string;
}

const mulberry32 = seededRandom;

/** A generator of synthetic documents of about `words` words from the fixtures' paragraphs. */
export function createDocumentGenerator(words = 600, seed = 42): (i: number) => Document {
  const pieces = loadGoldenCases().map((c) => c.text.replace(/\s*\n\s*/g, ' ').trim()).filter((t) => /^[\x00-\u024f\u2018-\u201d]+$/.test(t));
  const rand = mulberry32(seed);
  return (i: number): Document => {
    const paras: string[] = [];
    let count = 0;
    let para: string[] = [];
    while (count < words) {
      const p = pieces[Math.floor(rand() * pieces.length)]!;
      para.push(p);
      count += p.split(/\s+/).length;
      if (para.length >= 3 || count >= words) {
        paras.push(para.join(' '));
        para = [];
      }
    }
    const day = 1 + (i % 28);
    return {
      id: `bench-${i}`, url: null, canonicalUrl: null, sourceId: null, title: `Synthetic ${i}`, byline: null,
      publishedAt: `2025-11-${day < 10 ? `0${day}` : day}T09:00:00Z`, modifiedAt: null, lang: 'en', siteName: null,
      text: paras.join('\n\n'), contentHash: `bench-${i}`, fetchedAt: '2025-11-28T00:00:00Z', extractor: { name: 'bench', version: '1' },
    };
  };
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

export async function benchAnalysis(options: { docs?: number; heapDocs?: number; warmup?: number } = {}): Promise<BenchAnalysisResult> {
  const docs = options.docs ?? 2000;
  const heapDocs = options.heapDocs ?? 100_000;
  // The optimising compiler needs a few hundred documents to settle (it compiles on other threads,
  // whose CPU time counts too): with fewer, the timed run measures compilation as well.
  const warmup = options.warmup ?? 500;
  const analyze = createAnalyzer(loadKnowledge());
  const generate = createDocumentGenerator();
  // Pre-generate the timed documents so generation is not measured.
  const batch = Array.from({ length: Math.min(docs, 500) }, (_, i) => generate(i));
  let tokens = 0;
  let words = 0;
  for (const d of batch) {
    tokens += tokenize(d.text).length;
    words += d.text.split(/\s+/).length;
  }
  for (let i = 0; i < warmup; i++) analyze(batch[i % batch.length]!);
  const totals = { actors: 0, quotes: 0, claims: 0, events: 0, commitments: 0 };
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  for (let i = 0; i < docs; i++) {
    const { analysis } = analyze(batch[i % batch.length]!);
    totals.actors += analysis.actors.length;
    totals.quotes += analysis.quotes.length;
    totals.claims += analysis.claims.length;
    totals.events += analysis.events.length;
    totals.commitments += analysis.commitments.length;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(c0);
  // CPU seconds of this process: on a shared machine wall time also counts other processes' load.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const tokensPerDoc = tokens / batch.length;

  const g = globalThis as { gc?: () => void };
  const samples: { documents: number; heapUsedMB: number }[] = [];
  const every = Math.max(1, Math.floor(heapDocs / 10));
  const sample = (n: number): void => {
    g.gc?.();
    samples.push({ documents: n, heapUsedMB: Math.round((process.memoryUsage().heapUsed / 1048576) * 10) / 10 });
  };
  sample(0);
  for (let i = 1; i <= heapDocs; i++) {
    analyze(generate(i)); // fresh documents: nothing may accumulate across them
    if (i % every === 0) sample(i);
  }
  const first = samples[1] ?? samples[0]!;
  const last = samples[samples.length - 1]!;
  return {
    documents: docs, wordsPerDocument: Math.round(words / batch.length), seconds, cpuSeconds,
    documentsPerSecond: docs / seconds, tokensPerSecond: (docs * tokensPerDoc) / seconds,
    documentsPerCpuSecond: docs / cpuSeconds, tokensPerCpuSecond: (docs * tokensPerDoc) / cpuSeconds,
    perDocument: {
      actors: totals.actors / docs, quotes: totals.quotes / docs, claims: totals.claims / docs, events: totals.events / docs, commitments: totals.commitments / docs,
    },
    heap: { documents: heapDocs, gcExposed: typeof g.gc === 'function', samples, growthMB: Math.round((last.heapUsedMB - first.heapUsedMB) * 10) / 10 },
    node: process.version,
  };
}

async function main(): Promise<void> {
  const r = await benchAnalysis({ docs: arg('--docs', 2000), heapDocs: arg('--heap-docs', 100_000), warmup: arg('--warmup', 500) });
  console.log(`analysis engine, ${r.documents} synthetic documents of ~${r.wordsPerDocument} words, one core (${r.node})`);
  console.log(`  documents/s   ${r.documentsPerSecond.toFixed(0)} wall, ${r.documentsPerCpuSecond.toFixed(0)} per CPU second`);
  console.log(`  tokens/s      ${r.tokensPerSecond.toFixed(0)} wall, ${r.tokensPerCpuSecond.toFixed(0)} per CPU second`);
  console.log(`  per document  actors ${r.perDocument.actors.toFixed(1)}, quotes ${r.perDocument.quotes.toFixed(1)}, claims ${r.perDocument.claims.toFixed(1)}, events ${r.perDocument.events.toFixed(1)}, commitments ${r.perDocument.commitments.toFixed(1)}`);
  console.log(`heap over ${r.heap.documents} documents (gc ${r.heap.gcExposed ? 'forced before each sample' : 'not exposed: run with --expose-gc for retained heap'})`);
  console.log('  documents   heapUsed MB');
  for (const s of r.heap.samples) console.log(`  ${String(s.documents).padStart(9)}   ${s.heapUsedMB.toFixed(1).padStart(8)}`);
  console.log(`  growth after the first sample: ${r.heap.growthMB} MB`);
  const out = join(ROOT, 'bench/results/bench-analysis.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(r, null, 2));
  console.log(`wrote ${out}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
