// What the story list shows at a glance: who covered it, how differently, about what.
import type { Source, SourceKind, StorySummary } from '../domain/index.js';
import { sourceEmphasis, type DocumentIssues } from '../stages/compare/index.js';

/** What a story summary needs of each document: kept while grouping, so no document is read again. */
export interface SummaryInput {
  sourceId: string;
  source: Source | null;
  issues: DocumentIssues;
}

/** Mean pairwise half-L1 distance between the sources' issue shares: 0 = identical emphasis, 1 = disjoint. */
export function emphasisDivergence(emphasis: Record<string, Record<string, number>>): number {
  const vectors = Object.values(emphasis);
  if (vectors.length < 2) return 0;
  let total = 0;
  let pairs = 0;
  for (let i = 0; i < vectors.length; i++) {
    for (let j = i + 1; j < vectors.length; j++) {
      const a = vectors[i]!;
      const b = vectors[j]!;
      let d = 0;
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) d += Math.abs((a[k] ?? 0) - (b[k] ?? 0));
      total += d / 2;
      pairs++;
    }
  }
  return Math.round((total / pairs) * 1000) / 1000;
}

export function summariseStory(items: readonly SummaryInput[]): StorySummary {
  const sources = new Map<string, StorySummary['sources'][number]>();
  for (const it of items) {
    const id = it.sourceId;
    if (!sources.has(id)) {
      sources.set(id, { id, name: it.source?.name ?? id, kind: (it.source?.kind ?? null) as SourceKind | null, country: it.source?.country ?? null });
    }
  }
  const weights = new Map<string, number>();
  for (const it of items) for (const i of it.issues) weights.set(i.id, (weights.get(i.id) ?? 0) + i.weight);
  const sum = [...weights.values()].reduce((a, b) => a + b, 0) || 1;
  const issues = [...weights.entries()]
    .map(([id, w]) => ({ id, weight: Math.round((w / sum) * 1000) / 1000 }))
    .sort((a, b) => b.weight - a.weight)
    .slice(0, 8);
  return { sources: [...sources.values()], divergence: emphasisDivergence(sourceEmphasis(items)), issues };
}
