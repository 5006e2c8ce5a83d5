// Quality of story grouping and comparison on the sample corpus (samples/<event>/*.md):
// extract + analyze every document, group, and score B-cubed precision/recall against the gold
// `event` label; then check the comparison of the 24 Nov 2025 Xi–Trump call story.
//   node --import tsx bench/eval-stories.ts
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Comparison, Source, Story } from '../src/domain/index.js';
import { loadKnowledge } from '../src/knowledge/index.js';
import { createAnalyzer } from '../src/stages/analyze/index.js';
import { createComparer, loadCompareLexicon, type CatalogueSource } from '../src/stages/compare/index.js';
import { createExtractor } from '../src/stages/extract/index.js';
import { groupStories, loadStopwords, type StoryItem } from '../src/stages/stories/index.js';
import { bCubed, type BCubed } from './b-cubed.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const SAMPLES_DIR = join(ROOT, 'samples');
const CALL_LABEL = 'xi-trump-call-2025-11-24';

export interface LabelledItem extends StoryItem {
  file: string;
  gold: string;
}

export interface Check {
  check: string;
  ok: boolean;
  detail: string;
}

export interface EvalStoriesResult {
  documents: number;
  events: number;
  stories: number;
  score: BCubed;
  misgrouped: { file: string; documentId: string; gold: string; story: string; storyTitle: string; storyMajority: string }[];
  storyList: { id: string; title: string; documents: number; majority: string }[];
  checks: Check[];
  comparison: Comparison | null;
}

function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...markdownFiles(p));
    else if (name.endsWith('.md') && name.toLowerCase() !== 'readme.md') out.push(p);
  }
  return out;
}

/** Extracts and analyzes every sample document, with its catalogue source and gold label. */
export function loadSampleItems(dir: string = SAMPLES_DIR): { items: LabelledItem[]; catalogue: CatalogueSource[] } {
  const knowledge = loadKnowledge();
  const extract = createExtractor();
  const analyze = createAnalyzer(knowledge);
  const sources = new Map(knowledge.sources.map((s) => [s.id, s]));
  const items: LabelledItem[] = [];
  for (const file of markdownFiles(dir)) {
    const x = extract({ bytes: readFileSync(file), url: null, contentType: 'text/markdown', fileName: file, fetchedAt: '2026-01-01T00:00:00Z' });
    const hint = x.sourceHint;
    const entry = hint.id ? sources.get(hint.id) : undefined;
    const source: Source | null = entry
      ? { id: entry.id, name: entry.name, country: entry.country, kind: entry.kind, language: entry.language, feeds: entry.feeds }
      : hint.id
        ? { id: hint.id, name: hint.name ?? hint.id, country: hint.country ?? '', kind: hint.kind ?? 'other', language: x.document.lang ?? 'en', feeds: [] }
        : null;
    const document = { ...x.document, sourceId: x.document.sourceId ?? source?.id ?? null };
    const { analysis } = analyze(document);
    items.push({ document, analysis, source, file: relative(ROOT, file), gold: x.labels.event ?? relative(dir, file).split('/')[0] ?? 'unknown' });
  }
  const catalogue: CatalogueSource[] = knowledge.sources.map((s) => ({ id: s.id, name: s.name, kind: s.kind, country: s.country, actor: s.actor }));
  return { items, catalogue };
}

function majorityLabel(story: Story, goldOf: Map<string, string>): string {
  const counts = new Map<string, number>();
  for (const id of story.documentIds) {
    const g = goldOf.get(id) ?? '?';
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? '?';
}

function topIssues(row: Record<string, number> | undefined, n: number): string[] {
  return Object.entries(row ?? {}).sort((a, b) => b[1] - a[1]).slice(0, n).map(([k]) => k);
}

function mergeRows(rows: (Record<string, number> | undefined)[]): Record<string, number> {
  const out: Record<string, number> = {};
  const present = rows.filter((r): r is Record<string, number> => !!r);
  for (const r of present) for (const [k, v] of Object.entries(r)) out[k] = (out[k] ?? 0) + v / present.length;
  return out;
}

/** The checks on the 24 Nov call story's comparison (shared with test/compare-sample-corpus.test.ts). */
export function callChecks(story: Story | undefined, c: Comparison | null, items: StoryItem[]): Check[] {
  if (!story || !c) return [{ check: '24 Nov call story found', ok: false, detail: 'no story holds the 24 Nov call documents' }];
  const checks: Check[] = [];
  const us = mergeRows([c.emphasis['trump-truth-social'], c.emphasis['white-house']]);
  const usIssues = ['trade', 'agriculture', 'fentanyl', 'ukraine-war', 'summitry'];
  const usMissing = usIssues.filter((i) => !(us[i] && us[i] > 0));
  checks.push({ check: 'US side stresses trade, agriculture, fentanyl, ukraine-war, summitry', ok: usMissing.length === 0, detail: usMissing.length ? `missing: ${usMissing.join(', ')}; US row ${JSON.stringify(us)}` : `top: ${topIssues(us, 5).join(', ')}` });
  const cn = mergeRows([c.emphasis['china-mfa'], c.emphasis.xinhua]);
  const cnTop = topIssues(cn, 2);
  checks.push({ check: 'Chinese side leads with taiwan and history', ok: cnTop.includes('taiwan') && topIssues(cn, 3).includes('history'), detail: `top: ${topIssues(cn, 4).join(', ')}` });
  checks.push({ check: 'US side stresses taiwan less than the Chinese side', ok: (us.taiwan ?? 0) < (cn.taiwan ?? 0), detail: `taiwan US ${(us.taiwan ?? 0).toFixed(2)} vs CN ${(cn.taiwan ?? 0).toFixed(2)}` });
  const xs = c.relayShares?.find((s) => s.from === 'xinhua');
  checks.push({ check: 'most press relays xinhua', ok: !!xs && xs.share > 0.5, detail: xs ? `${xs.count} of ${xs.of} press/wire documents` : 'xinhua relayed by none' });
  const ini = c.contradictions.find((x) => x.kind === 'initiator');
  checks.push({ check: 'contradiction over who initiated the call', ok: !!ini && new Set(ini.sides.map((s) => s.value)).size >= 2, detail: ini ? ini.sides.map((s) => `${s.source}: ${s.value}`).join('; ') : 'not found' });
  const docs = items.filter((i) => story.documentIds.includes(i.document.id));
  const invite = docs.flatMap((d) => d.analysis.events.filter((e) => e.type === 'CONSULT' && e.mode === 'invite').map((e) => `${d.document.id}#${e.sentence}`));
  const accept = docs.flatMap((d) => d.analysis.events.filter((e) => e.type === 'AGREE' && e.mode === 'accept').map((e) => `${d.document.id}#${e.sentence}`));
  checks.push({ check: 'April invitation (CONSULT invite) appears', ok: invite.length > 0, detail: invite.slice(0, 3).join(', ') || 'none' });
  checks.push({ check: 'acceptance (AGREE accept) appears', ok: accept.length > 0, detail: accept.slice(0, 3).join(', ') || 'none' });
  checks.push({ check: 'no-readout note for the White House', ok: (c.notes ?? []).some((n) => n.includes('white-house')), detail: (c.notes ?? []).join(' ') || 'no notes' });
  return checks;
}

export async function evalStories(dir: string = SAMPLES_DIR): Promise<EvalStoriesResult> {
  const { items, catalogue } = loadSampleItems(dir);
  const stopwords = loadStopwords();
  const stories = groupStories(items, { stopwords });
  const goldOf = new Map(items.map((i) => [i.document.id, i.gold]));
  const predicted = new Map<string, string>();
  for (const s of stories) for (const id of s.documentIds) predicted.set(id, s.id);
  const score = bCubed(predicted, goldOf);
  const majority = new Map(stories.map((s) => [s.id, majorityLabel(s, goldOf)]));
  // The story each gold event mostly went to; a document elsewhere is mis-grouped too.
  const home = new Map<string, string>();
  for (const label of new Set(goldOf.values())) {
    const counts = new Map<string, number>();
    for (const i of items) if (i.gold === label) counts.set(predicted.get(i.document.id)!, (counts.get(predicted.get(i.document.id)!) ?? 0) + 1);
    home.set(label, [...counts].sort((a, b) => b[1] - a[1])[0]![0]);
  }
  const title = new Map(stories.map((s) => [s.id, s.title]));
  const misgrouped = items.filter((i) => home.get(i.gold) !== predicted.get(i.document.id) || majority.get(predicted.get(i.document.id)!) !== i.gold)
    .map((i) => {
      const sid = predicted.get(i.document.id)!;
      return { file: i.file, documentId: i.document.id, gold: i.gold, story: sid, storyTitle: title.get(sid) ?? '', storyMajority: majority.get(sid) ?? '' };
    });
  const callStory = stories.find((s) => s.id === home.get(CALL_LABEL));
  const comparison = callStory ? createComparer({ stopwords, catalogue, lexicon: loadCompareLexicon() })(callStory, items) : null;
  return {
    documents: items.length,
    events: new Set(goldOf.values()).size,
    stories: stories.length,
    score,
    misgrouped,
    storyList: stories.map((s) => ({ id: s.id, title: s.title, documents: s.documentIds.length, majority: majority.get(s.id) ?? '' })),
    checks: callChecks(callStory, comparison, items),
    comparison,
  };
}

async function main(): Promise<void> {
  const r = await evalStories();
  console.log(`${r.documents} documents, ${r.events} gold events, ${r.stories} stories`);
  console.table([{ metric: 'B-cubed', precision: r.score.precision.toFixed(3), recall: r.score.recall.toFixed(3), f1: r.score.f1.toFixed(3), goal: '≥ 0.95 each' }]);
  console.table(r.storyList);
  if (r.misgrouped.length > 0) console.table(r.misgrouped.map((m) => ({ file: m.file, gold: m.gold, story: m.storyTitle, majority: m.storyMajority })));
  else console.log('no mis-grouped documents');
  console.table(r.checks.map((c) => ({ check: c.check, ok: c.ok ? 'yes' : 'NO', detail: c.detail.slice(0, 110) })));
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  const out = join(ROOT, 'bench/results/eval-stories.json');
  writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), ...r }, null, 2)}\n`);
  console.log(`wrote ${out}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
