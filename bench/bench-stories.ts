// Speed of story grouping and comparison.
//   node --import tsx bench/bench-stories.ts [count]
// Goals: group 100,000 synthetic StoryItems in ≤ 60 s on one core; compare a 200-document story in ≤ 200 ms.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Story } from '../src/domain/index.js';
import { createComparer, loadCompareLexicon } from '../src/stages/compare/index.js';
import { groupStories, loadStopwords, type StoryItem } from '../src/stages/stories/index.js';
import { bCubed } from './b-cubed.js';
import { syntheticStoryItems } from './synthetic-story-items.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;

export interface BenchRow {
  bench: string;
  n: number;
  ms: number;
  /** CPU time (user + system) of this process: what the goal means on a machine shared with other work. */
  cpuMs: number;
  goalMs: number;
  ok: boolean;
  note: string;
}

/** A 200-document story with credits, shared passages, quotes and claims, like a busy real one. */
function bigStory(n: number): { story: Story; items: StoryItem[] } {
  const { items } = syntheticStoryItems(n, 7, n);
  const primaries = ['Xinhua', 'Reuters', 'the White House'];
  const passage = 'the two leaders agreed that their teams would keep working on the outstanding trade questions and meet again before the end of the year';
  items.forEach((it, i) => {
    const credit = i % 3 === 0 ? ` according to ${primaries[i % primaries.length]}, ${passage}.` : i % 5 === 0 ? ` Xinhua reported that "${passage}".` : '';
    const extra = ` China bought ${10 + (i % 4)} million tons of soybeans this year. At the request of the US side the call took place.`;
    const doc = it.document;
    const base = doc.text.length;
    doc.text = `${doc.text}${credit}${extra}`;
    it.analysis.sentences.push({ start: base + 1, end: doc.text.length, index: it.analysis.sentences.length, paragraph: 1 });
    const s = it.analysis.sentences.length - 1;
    it.analysis.claims.push({ text: doc.text.slice(base + 1), holder: null, holderName: null, via: i % 7 === 0 ? 'xinhua' : null, modality: 'reported', issues: ['trade'], start: base + 1, end: doc.text.length, sentence: s });
    if (credit) it.analysis.quotes.push({ speaker: 'x', speakerName: 'X', cue: 'said', text: passage, direct: true, via: null, start: base + 1, end: base + 1 + passage.length, sentence: s });
  });
  const first = items[0]!;
  const story: Story = {
    id: 'story-bench', title: 'bench', start: first.document.publishedAt!, end: first.document.publishedAt!,
    mainEvent: { type: 'CONSULT', mode: first.analysis.events[0]?.mode ?? 'phone', actors: first.analysis.events[0]?.actors ?? [], date: null },
    documentIds: items.map((i) => i.document.id), links: [], provenance: { stage: 'bench', version: '1', inputHash: '' },
  };
  return { story, items };
}

export async function benchStories(count = 100_000): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const stopwords = loadStopwords();

  const t0 = performance.now();
  const { items, gold } = syntheticStoryItems(count);
  const genMs = performance.now() - t0;
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  const stories = groupStories(items, { stopwords });
  const groupMs = performance.now() - t1;
  const groupCpu = cpuMs(process.cpuUsage(c1));
  const predicted = new Map<string, string>();
  for (const s of stories) for (const id of s.documentIds) predicted.set(id, s.id);
  const q = bCubed(predicted, gold);
  rows.push({
    bench: 'group synthetic StoryItems', n: items.length, ms: Math.round(groupMs), cpuMs: Math.round(groupCpu), goalMs: 60_000, ok: Math.min(groupMs, groupCpu) <= 60_000,
    note: `${stories.length} stories for ${new Set(gold.values()).size} events; B-cubed P ${q.precision.toFixed(3)} R ${q.recall.toFixed(3)}; ${Math.round(items.length / (groupMs / 1000))} docs/s; generation ${Math.round(genMs)} ms; rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`,
  });

  const { story, items: big } = bigStory(200);
  const compare = createComparer({ stopwords, lexicon: loadCompareLexicon() });
  compare(story, big); // warm-up (regex compilation, JIT)
  const times: number[] = [];
  const cpus: number[] = [];
  let last = compare(story, big);
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    last = compare(story, big);
    times.push(performance.now() - t);
    cpus.push(cpuMs(process.cpuUsage(c)));
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const wall = median(times);
  const cpu = median(cpus);
  rows.push({
    bench: 'compare a story', n: big.length, ms: Math.round(wall * 10) / 10, cpuMs: Math.round(cpu * 10) / 10, goalMs: 200, ok: Math.min(wall, cpu) <= 200,
    note: `median of 5; ${last.relays.length} relay edges, ${last.unique.length} unique claims, ${last.contradictions.length} contradictions`,
  });
  return rows;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 100_000);
  const rows = await benchStories(count);
  console.table(rows.map((r) => ({ bench: r.bench, n: r.n, 'wall ms': r.ms, 'cpu ms': r.cpuMs, 'goal ms': r.goalMs, ok: r.ok ? 'yes' : 'NO', note: r.note })));
  console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores (wall times suffer when the machine is shared)`);
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  const out = join(ROOT, 'bench/results/bench-stories.json');
  writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, loadavg: loadavg(), rows }, null, 2)}\n`);
  console.log(`wrote ${out}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
