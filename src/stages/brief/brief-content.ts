// Chooses what a brief shows. Extractive only: every shown sentence is a sentence of a document,
// carried with its document id, sentence number and offsets so the renderer can cite it.
import type { Comparison, Story } from '../../domain/index.js';
import type { StoryItem } from '../stories/index.js';
import { sourceIdOf } from '../stories/index.js';

export interface Excerpt {
  text: string;
  documentId: string;
  source: string;
  title: string;
  url: string | null;
  sentence: number;
  start: number;
  end: number;
}

export interface BriefSide {
  country: string;
  sources: string[];
  stressed: { issue: string; share: number }[];
  excerpts: Excerpt[];
}

export interface BriefContent {
  title: string;
  start: string;
  end: string;
  sourceCount: number;
  documentCount: number;
  happened: Excerpt[];
  sides: BriefSide[];
  context: { title: string; start: string; excerpt: Excerpt | null }[];
  thirdParties: { name: string; excerpts: Excerpt[] }[];
  open: Excerpt[];
  disputes: { topic: string; excerpts: Excerpt[] }[];
}

const KIND_RANK: Record<string, number> = { government: 0, 'state-media': 1, wire: 2, press: 3, commentary: 4, other: 5 };

function kindRank(item: StoryItem): number {
  return KIND_RANK[item.source?.kind ?? 'other'] ?? 5;
}

export function excerpt(item: StoryItem, sentence: number): Excerpt | null {
  const s = item.analysis.sentences.find((x) => x.index === sentence);
  if (!s) return null;
  const text = item.document.text.slice(s.start, s.end).trim();
  if (!text) return null;
  return {
    text, documentId: item.document.id, source: sourceIdOf(item), title: item.document.title, url: item.document.url,
    sentence: s.index, start: s.start, end: s.end,
  };
}

function sentenceIndexAt(item: StoryItem, offset: number): number | null {
  const s = item.analysis.sentences.find((x) => offset >= x.start && offset < x.end);
  return s ? s.index : null;
}

function byAuthority(items: StoryItem[]): StoryItem[] {
  return [...items].sort((a, b) => kindRank(a) - kindRank(b)
    || (a.document.publishedAt ?? '').localeCompare(b.document.publishedAt ?? '') || a.document.id.localeCompare(b.document.id));
}

function push(list: Excerpt[], e: Excerpt | null, seen: Set<string>): void {
  if (!e) return;
  const key = `${e.documentId}#${e.sentence}`;
  const textKey = e.text.toLowerCase();
  if (seen.has(key) || seen.has(textKey)) return;
  seen.add(key);
  seen.add(textKey);
  list.push(e);
}

function countryOfActor(id: string, items: StoryItem[]): string | null {
  for (const it of items) {
    const a = it.analysis.actors.find((x) => x.id === id);
    if (a?.country) return a.country;
  }
  return null;
}

export function briefContent(story: Story, comparison: Comparison, items: StoryItem[], context: { story: Story; items: StoryItem[] }[]): BriefContent {
  const wanted = new Set(story.documentIds);
  const docs = byAuthority(items.filter((i) => wanted.has(i.document.id)));
  const seen = new Set<string>();
  const participants = [...new Set(story.mainEvent.actors.map((a) => countryOfActor(a, docs)).filter((c): c is string => !!c))].sort();

  // What happened: the main event as told by the most authoritative source of each side, then one wire/press.
  const happened: Excerpt[] = [];
  const mainEvents = (it: StoryItem) => it.analysis.events.filter((e) => e.type === story.mainEvent.type && e.mode === story.mainEvent.mode);
  const tellers = new Set<string>();
  // Each side's own sources first; for everyone else, a wire before the press or a third government.
  const outsider = (it: StoryItem): number => (participants.includes(it.source?.country ?? '') ? 0 : it.source?.kind === 'wire' ? 1 : 2);
  for (const it of [...docs].sort((a, b) => outsider(a) - outsider(b))) {
    const e = mainEvents(it)[0];
    if (!e) continue;
    const country = it.source?.country ?? '';
    const group = participants.includes(country) ? country : 'other';
    if (tellers.has(group)) continue;
    tellers.add(group);
    push(happened, excerpt(it, e.sentence), seen);
    if (happened.length >= 3) break;
  }
  if (happened.length === 0) {
    const first = docs[0];
    if (first) push(happened, excerpt(first, 0), seen);
  }

  // Each side's version and what it stressed.
  const sides: BriefSide[] = [];
  for (const country of participants) {
    const own = docs.filter((d) => d.source?.country === country && (d.source.kind === 'government' || d.source.kind === 'state-media'));
    const stressedRow = comparison.emphasisByGroup[`country:${country}`] ?? {};
    const ownSources = [...new Set(own.map(sourceIdOf))];
    const row = ownSources.length > 0
      ? mergeRows(ownSources.map((s) => comparison.emphasis[s] ?? {}))
      : stressedRow;
    const stressed = Object.entries(row).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([issue, share]) => ({ issue, share }));
    const excerpts: Excerpt[] = [];
    for (const { issue } of stressed.slice(0, 4)) {
      for (const it of own) {
        const di = it.analysis.issues.find((i) => i.id === issue);
        const m = di?.mentions[0];
        if (!m) continue;
        const idx = sentenceIndexAt(it, m.start);
        if (idx === null) continue;
        const before = excerpts.length;
        push(excerpts, excerpt(it, idx), seen);
        if (excerpts.length > before) break;
      }
    }
    excerpts.sort((a, b) => (a.documentId < b.documentId ? -1 : a.documentId > b.documentId ? 1 : a.sentence - b.sentence));
    sides.push({ country, sources: ownSources, stressed, excerpts });
  }

  // Context: earlier stories of the same actors, newest first.
  const ctx = [...context].sort((a, b) => (a.story.start < b.story.start ? 1 : -1)).slice(0, 5).map((c) => {
    const cdocs = byAuthority(c.items.filter((i) => c.story.documentIds.includes(i.document.id)));
    let ex: Excerpt | null = null;
    for (const it of cdocs) {
      const e = it.analysis.events.find((x) => x.type === c.story.mainEvent.type && x.mode === c.story.mainEvent.mode);
      ex = excerpt(it, e ? e.sentence : 0);
      if (ex) break;
    }
    return { title: c.story.title, start: c.story.start, excerpt: ex };
  });

  // Third parties: actors of other countries, by how many documents mention them.
  const mainActors = new Set(story.mainEvent.actors);
  const counts = new Map<string, { name: string; docs: StoryItem[]; first: Map<string, number> }>();
  for (const it of docs) {
    for (const a of it.analysis.actors) {
      if (mainActors.has(a.id) || (a.country && participants.includes(a.country)) || a.type === 'unresolved') continue;
      if (a.type === 'organisation' && docs.some((d) => sourceIdOf(d) === a.id)) continue;
      const e = counts.get(a.id) ?? { name: a.name, docs: [] as StoryItem[], first: new Map<string, number>() };
      e.docs.push(it);
      const m = a.mentions[0];
      if (m) e.first.set(it.document.id, m.sentence);
      counts.set(a.id, e);
    }
  }
  const thirdParties = [...counts.values()].sort((a, b) => b.docs.length - a.docs.length || a.name.localeCompare(b.name)).slice(0, 4).map((t) => {
    const excerpts: Excerpt[] = [];
    for (const it of t.docs) {
      const idx = t.first.get(it.document.id);
      if (idx !== undefined) push(excerpts, excerpt(it, idx), seen);
      if (excerpts.length >= 2) break;
    }
    return { name: t.name, excerpts };
  }).filter((t) => t.excerpts.length > 0);

  // Open issues and commitments: pledges, invitations and their acceptance.
  // (shown even when quoted above: this list is what a reader comes back to)
  const open: Excerpt[] = [];
  const seenOpen = new Set<string>();
  for (const it of docs) {
    for (const c of it.analysis.commitments) push(open, excerpt(it, c.sentence), seenOpen);
    for (const e of it.analysis.events) {
      if ((e.type === 'CONSULT' && e.mode === 'invite') || (e.type === 'AGREE' && e.mode === 'accept') || e.type === 'AGREE') {
        push(open, excerpt(it, e.sentence), seenOpen);
      }
    }
  }

  const byDoc = new Map(docs.map((d) => [d.document.id, d]));
  const disputes = comparison.contradictions.map((c) => ({
    topic: c.topic,
    excerpts: c.sides.map((s) => {
      const it = byDoc.get(s.documentId);
      return it ? excerpt(it, s.sentence) : null;
    }).filter((e): e is Excerpt => e !== null),
  })).filter((d) => d.excerpts.length >= 2);

  return {
    title: story.title, start: story.start, end: story.end,
    sourceCount: new Set(docs.map(sourceIdOf)).size, documentCount: docs.length,
    happened, sides, context: ctx, thirdParties, open: open.slice(0, 8), disputes,
  };
}

function mergeRows(rows: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) for (const [k, v] of Object.entries(r)) out[k] = (out[k] ?? 0) + v / rows.length;
  return out;
}
