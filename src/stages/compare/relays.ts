// Who relays whom: a document rests on a primary source when it credits it ("according to
// Xinhua", "Xinhua reported", a "(Xinhua)" dateline), when its quotes or claims come `via` it, or
// when it shares long passages with an earlier document of a government, state-media or wire source.
import type { Relay, SourceKind } from '../../domain/index.js';
import { shingleHashes } from '../stories/text-features.js';
import type { CompareCues } from './compare-lexicon.js';
import { normaliseQuote } from './contradictions.js';
import type { CatalogueSource, DocView, SourceInfo } from './story-view.js';

export interface RelayOptions {
  cues: CompareCues;
  catalogue: CatalogueSource[];
  passageShingle: number;
  minSharedShingles: number;
  primaryKinds: SourceKind[];
  pressKinds: SourceKind[];
}

export interface RelayShare {
  /** The primary source relayed. */
  from: string;
  /** Documents of press-like sources (other than `from`) that relay it. */
  count: number;
  /** All documents of press-like sources other than `from`. */
  of: number;
  share: number;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface NamedSource { id: string; names: string[] }

const NAME_SUFFIXES = /\s+(news agency|news service|news|agency|wire)$/i;

/** Names by which a source can be credited in text: its name, aliases, and the name without "News Agency". */
function namesOf(id: string, name: string, aliases: string[] = []): string[] {
  const out = new Set<string>([name, ...aliases]);
  const short = name.replace(NAME_SUFFIXES, '');
  if (short.length >= 3) out.add(short);
  const bare = short.replace(/^the\s+/i, '');
  if (bare.length >= 3) out.add(bare);
  if (/^[a-z]+$/.test(id) && id.length >= 3) out.add(id);
  return [...out].filter((n) => n.length >= 2);
}

const alt = (list: string[]): string => list.map((x) => escapeRegExp(x).replace(/\s+/g, '\\s+')).join('|');

/** Finds credited sources in a text: one scan for every known name, then a look at each hit's surroundings. */
function creditFinder(named: NamedSource[], cues: CompareCues): (text: string) => Set<string> {
  const byName = new Map<string, string>();
  for (const n of named) for (const name of n.names) if (!byName.has(name.toLowerCase())) byName.set(name.toLowerCase(), n.id);
  const names = [...byName.keys()].sort((a, b) => b.length - a.length);
  if (names.length === 0) return () => new Set();
  const nameRe = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alt(names)})(?![\\p{L}\\p{N}])`, 'giu');
  // "according to [the state news agency] Xinhua", "according to a readout published by Xinhua"
  const beforeRe = new RegExp(`(?<![\\p{L}])(?:${alt(cues.sourcing.before)})\\s+(?:[\\p{L}'’-]+\\s+){0,5}$`, 'iu');
  // "Xinhua['s account] reported"
  const afterRe = new RegExp(`^(?:'s|’s)?\\s+(?:[\\p{L}-]+\\s+){0,2}?(?:${alt(cues.sourcing.after)})(?![\\p{L}])`, 'iu');
  // "BEIJING, Nov. 24 (Xinhua) --"
  const datelineRe = /^\)\s*(?:--|—|–|-)/;
  return (text) => {
    const out = new Set<string>();
    for (const m of text.matchAll(nameRe)) {
      const id = byName.get(m[0].toLowerCase().replace(/\s+/g, ' '));
      if (!id || out.has(id)) continue;
      const start = m.index;
      const end = start + m[0].length;
      const after = text.slice(end, end + 60);
      if ((text[start - 1] === '(' && datelineRe.test(after))
        || beforeRe.test(text.slice(Math.max(0, start - 80), start))
        || afterRe.test(after)) out.add(id);
    }
    return out;
  };
}

export function relays(views: DocView[], opt: RelayOptions): { relays: Relay[]; shares: RelayShare[]; reusedQuotes: { text: string; speaker: string | null; sources: string[] }[] } {
  const known = new Map<string, NamedSource>();
  for (const c of opt.catalogue) known.set(c.id, { id: c.id, names: namesOf(c.id, c.name, c.aliases) });
  for (const v of views) if (!known.has(v.source.id)) known.set(v.source.id, { id: v.source.id, names: namesOf(v.source.id, v.source.name) });
  const actorToSource = new Map<string, string>();
  for (const c of opt.catalogue) if (c.actor) actorToSource.set(c.actor, c.id);
  for (const id of known.keys()) if (!actorToSource.has(id)) actorToSource.set(id, id);
  const credits = creditFinder([...known.values()], opt.cues);

  // Shingles of primary documents, for shared long passages.
  const owners = new Map<number, number[]>();
  const shingles = views.map((v) => shingleHashes(v.item.document.text, opt.passageShingle));
  views.forEach((v, i) => {
    if (!v.source.kind || !opt.primaryKinds.includes(v.source.kind)) return;
    for (const h of shingles[i]!) {
      // Views are in time order: keep the first few documents of each passage, the originals.
      const list = owners.get(h);
      if (!list) owners.set(h, [i]);
      else if (list.length < 3) list.push(i);
    }
  });

  const edges = new Map<string, Relay>();
  const relayedBy = new Map<string, Set<string>>(); // primary → documents relaying it
  views.forEach((v, i) => {
    const from = new Set<string>();
    const text = v.item.document.text;
    for (const id of credits(text)) if (id !== v.source.id) from.add(id);
    for (const x of [...v.item.analysis.quotes, ...v.item.analysis.claims]) {
      const s = x.via ? actorToSource.get(x.via) ?? x.via : undefined;
      if (s && s !== v.source.id) from.add(s);
    }
    const shared = new Map<number, number>();
    for (const h of shingles[i]!) {
      for (const j of owners.get(h) ?? []) if (j !== i) shared.set(j, (shared.get(j) ?? 0) + 1);
    }
    for (const [j, n] of shared) {
      const o = views[j]!;
      if (n >= opt.minSharedShingles && o.source.id !== v.source.id && o.time <= v.time) from.add(o.source.id);
    }
    for (const f of from) {
      const key = `${f}→${v.source.id}`;
      const e = edges.get(key) ?? { from: f, to: v.source.id, count: 0, documentIds: [] };
      e.count++;
      e.documentIds.push(v.id);
      edges.set(key, e);
      relayedBy.set(f, (relayedBy.get(f) ?? new Set()).add(v.id));
    }
  });

  const shares: RelayShare[] = [];
  for (const [f, docs] of relayedBy) {
    const press = views.filter((v) => v.source.id !== f && v.source.kind !== null && opt.pressKinds.includes(v.source.kind));
    const count = press.filter((v) => docs.has(v.id)).length;
    if (press.length > 0) shares.push({ from: f, count, of: press.length, share: count / press.length });
  }
  shares.sort((a, b) => b.share - a.share || (a.from < b.from ? -1 : 1));

  // The same quote, word for word, in several sources.
  const quotes = new Map<string, { text: string; speaker: string | null; sources: Set<string> }>();
  for (const v of views) {
    for (const q of v.item.analysis.quotes) {
      const key = normaliseQuote(q.text);
      if (key.split(' ').length < 4) continue;
      const e = quotes.get(key) ?? { text: q.text, speaker: q.speaker, sources: new Set<string>() };
      e.sources.add(v.source.id);
      quotes.set(key, e);
    }
  }
  const reusedQuotes = [...quotes.values()].filter((q) => q.sources.size >= 2)
    .map((q) => ({ text: q.text, speaker: q.speaker, sources: [...q.sources].sort() }))
    .sort((a, b) => b.sources.length - a.sources.length || (a.text < b.text ? -1 : 1));

  const list = [...edges.values()].sort((a, b) => b.count - a.count || (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : 1));
  return { relays: list, shares, reusedQuotes };
}

/** Notes on participant countries whose readout publishers said nothing substantial in the story. */
export function readoutNotes(views: DocView[], participants: string[], cues: CompareCues, shares: RelayShare[], sources: SourceInfo[]): string[] {
  const notes: string[] = [];
  for (const country of participants) {
    const publishers = cues.readoutPublishers[country] ?? [];
    if (publishers.length === 0) continue;
    const docs = views.filter((v) => publishers.includes(v.source.id));
    const substantial = docs.filter((v) => v.sentences.length >= 3 && v.item.analysis.issues.length > 0);
    if (substantial.length > 0) continue;
    const own = sources.filter((s) => s.country === country && s.kind === 'government' && !publishers.includes(s.id)).map((s) => s.id);
    const top = shares[0];
    const what = docs.length === 0
      ? `No readout from ${publishers.join(' or ')} (${country}) in this story`
      : `${docs.map((d) => d.source.id).filter((x, i, a) => a.indexOf(x) === i).join(', ')} (${country}) gave no readout: only a confirmation without details`;
    const side = own.length > 0 ? `; the ${country} side is known from ${own.join(', ')}` : '';
    const relay = top && top.count > 0 ? `; ${top.count} of ${top.of} press and wire documents relay ${top.from}` : '';
    notes.push(`${what}${side}${relay}.`);
  }
  return notes;
}
