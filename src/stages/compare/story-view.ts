// A story's documents prepared once for all comparison features: sources resolved, sentences cut.
import type { SourceKind } from '../../domain/index.js';
import type { StoryItem } from '../stories/index.js';
import { sourceIdOf } from '../stories/index.js';

export interface SourceInfo {
  id: string;
  name: string;
  kind: SourceKind | null;
  country: string | null;
}

/** An entry of the source catalogue (data/sources.yaml), as far as the comparer needs it. */
export interface CatalogueSource {
  id: string;
  name: string;
  kind: SourceKind;
  country: string;
  /** Actor id of the outlet or office in the gazetteer, for `via` fields. */
  actor?: string | undefined;
  aliases?: string[] | undefined;
}

export interface SentenceView {
  index: number;
  start: number;
  end: number;
  text: string;
}

export interface DocView {
  item: StoryItem;
  id: string;
  source: SourceInfo;
  time: number;
  sentences: SentenceView[];
}

export function sentenceViews(item: StoryItem): SentenceView[] {
  const text = item.document.text;
  return item.analysis.sentences.map((s) => ({ index: s.index, start: s.start, end: s.end, text: text.slice(s.start, s.end) }));
}

export function buildViews(items: StoryItem[], catalogue: CatalogueSource[]): DocView[] {
  const byId = new Map(catalogue.map((c) => [c.id, c]));
  return items.map((item) => {
    const id = sourceIdOf(item);
    const cat = byId.get(id);
    const source: SourceInfo = item.source
      ? { id, name: item.source.name, kind: item.source.kind, country: item.source.country || null }
      : cat
        ? { id, name: cat.name, kind: cat.kind, country: cat.country || null }
        : { id, name: item.document.siteName ?? id, kind: null, country: null };
    const published = item.document.publishedAt ?? item.document.fetchedAt;
    const time = Date.parse(published);
    return { item, id: item.document.id, source, time: Number.isNaN(time) ? 0 : time, sentences: sentenceViews(item) };
  }).sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function sentenceOf(view: DocView, offset: number): SentenceView | null {
  for (const s of view.sentences) if (offset >= s.start && offset < s.end) return s;
  return null;
}

/** Countries of the story's main-event participants, from the analyses' actor records. */
export function participantCountries(actorIds: string[], views: DocView[]): string[] {
  const out = new Set<string>();
  for (const id of actorIds) {
    for (const v of views) {
      const a = v.item.analysis.actors.find((x) => x.id === id);
      if (a?.country) { out.add(a.country); break; }
    }
  }
  return [...out].sort();
}

export function describeSource(s: SourceInfo): string {
  const bits = [s.kind, s.country].filter((x): x is string => !!x);
  return bits.length > 0 ? `${s.id} (${bits.join(', ')})` : s.id;
}
