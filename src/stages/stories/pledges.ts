// Threads that outlast an event: a quantified pledge ("China buys 12 MMT of US soybeans") and the
// reports that follow it up weeks later (shipments, a new deadline, completion). A follow-up names
// the pledging party and what was pledged, or repeats the pledge itself.
import type { Analysis } from '../../domain/index.js';
import { isSalient, tokenize } from './text-features.js';

export interface Pledge {
  /** Country of the pledging actor (its id when the country is unknown). */
  country: string;
  action: string;
  unit: string;
  amount: number;
  /** Salient words of what was pledged, without actor names ("U.S. soybeans" → soybeans). */
  terms: string[];
}

/** The quantified commitments of a document: only those with an amount and a unit are specific enough to follow. */
export function pledgesOf(analysis: Pick<Analysis, 'actors' | 'commitments'>, stopwords: ReadonlySet<string>): Pledge[] {
  const countryOf = new Map(analysis.actors.map((a) => [a.id, a.country && a.country.length > 0 ? a.country : a.id]));
  // Names are who pledged or to whom, not what: "visit China" pledges no thing called China.
  const nameWords = new Set<string>();
  for (const a of analysis.actors) {
    for (const w of tokenize(a.name)) nameWords.add(w);
    for (const m of a.mentions) for (const w of tokenize(m.text)) nameWords.add(w);
  }
  const out: Pledge[] = [];
  const seen = new Set<string>();
  for (const c of analysis.commitments) {
    if (c.actor === null || c.amount === null || c.unit === null) continue;
    const country = countryOf.get(c.actor) ?? c.actor;
    const terms = [...new Set(tokenize(c.object).filter((t) => isSalient(t, stopwords) && !nameWords.has(t) && !/^\d+$/.test(t)))];
    const p: Pledge = { country, action: c.action, unit: c.unit, amount: c.amount, terms };
    const key = `${pledgeKey(p)}|${terms.join(' ')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}

/** Pledges with the same key are the same pledge, whatever words the object was given in. */
export function pledgeKey(p: Pledge): string {
  return `${p.country}|${p.action}|${p.unit}|${p.amount}`;
}

/**
 * Whether a text follows a pledge up: it names the pledging country and at least half of the
 * words of what was pledged (at least one).
 */
export function followsPledge(p: Pledge, hasCountry: (country: string) => boolean, hasTerm: (term: string) => boolean): boolean {
  if (p.terms.length === 0 || !hasCountry(p.country)) return false;
  let hits = 0;
  for (const t of p.terms) if (hasTerm(t)) hits++;
  return hits * 2 >= p.terms.length;
}

/** One side of a follow-up test: its pledges, and whether it names a country or a word. */
export interface PledgeSide {
  pledges: Iterable<Pledge>;
  hasCountry: (country: string) => boolean;
  hasTerm: (term: string) => boolean;
}

/**
 * Whether one side follows up a pledge of the other: it repeats the pledge (same party, action,
 * amount and unit), or names the pledging country and what was pledged.
 */
export function followsUp(a: PledgeSide, b: PledgeSide): boolean {
  const aKeys = new Set<string>();
  for (const p of a.pledges) aKeys.add(pledgeKey(p));
  for (const p of b.pledges) {
    if (aKeys.has(pledgeKey(p)) || followsPledge(p, a.hasCountry, a.hasTerm)) return true;
  }
  for (const p of a.pledges) if (followsPledge(p, b.hasCountry, b.hasTerm)) return true;
  return false;
}

/**
 * Which stories had a document with which pledge: by the pledge itself and by each word of
 * its object with the pledging country, so a follow-up finds the story whether it repeats the
 * pledge or only names what was pledged. Entries are never removed; callers check on use.
 */
export class PledgeIndex {
  private readonly stories = new Map<string, number[]>();
  private readonly words = new Set<string>();

  get size(): number {
    return this.stories.size;
  }

  add(story: number, pledges: Iterable<Pledge>): void {
    for (const p of pledges) {
      for (const key of [`p:${pledgeKey(p)}`, ...p.terms.map((t) => `w:${p.country}|${t}`)]) {
        const list = this.stories.get(key);
        if (!list) this.stories.set(key, [story]);
        else if (!list.includes(story)) list.push(story);
      }
      for (const t of p.terms) this.words.add(t);
    }
  }

  /** Stories with a pledge among `pledges`, or one whose object words are among `terms` with a pledging country among `countries`; ascending. */
  find(pledges: Iterable<Pledge>, terms: Iterable<string>, countries: Iterable<string>): number[] {
    const out = new Set<number>();
    const take = (key: string): void => {
      for (const i of this.stories.get(key) ?? []) out.add(i);
    };
    for (const p of pledges) take(`p:${pledgeKey(p)}`);
    const cs = [...countries];
    for (const t of terms) {
      if (!this.words.has(t)) continue;
      for (const c of cs) take(`w:${c}|${t}`);
    }
    return [...out].sort((a, b) => a - b);
  }
}
