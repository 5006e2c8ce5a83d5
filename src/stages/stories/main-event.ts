// The event a document is about, and whether two documents are about the same one.
// Participants are compared by country (Xi, "Beijing" and "China" are all CHN) so that a
// Xi–Trump call and a Trump–Takaichi call a day later never look alike.
import type { Analysis, DiplomaticEvent, PloverType } from '../../domain/index.js';

export interface EventSignature {
  type: PloverType;
  mode: string | null;
  /** Sorted country codes of the actors and recipients (actor id when the country is unknown). */
  participants: string[];
  /** Actor ids, actors first then recipients, people before organisations and countries. */
  actors: string[];
  date: string | null;
  /** How strongly the document is about this event (occurrences, position, type). */
  weight: number;
  /** First sentence where the event occurs. */
  sentence: number;
}

export type EventRelation = 'same' | 'conflict' | 'unrelated';

/** Priorities used to pick the main event; the defaults favour meetings, calls and visits. */
export interface EventRanking {
  typeWeight: Partial<Record<PloverType, number>>;
  modeWeight: Record<string, number>;
}

export const DEFAULT_EVENT_RANKING: EventRanking = {
  typeWeight: { CONSULT: 3, AGREE: 1.5, SANCTION: 1.5, THREATEN: 1.2, ACCUSE: 1.2, REJECT: 1, PROTEST: 1, COERCE: 1.2 },
  modeWeight: { phone: 2, visit: 2, meeting: 2, summit: 2, talks: 1.5, multilateral: 1, 'third-party': 0.5, invite: 0, accept: 0 },
};

const DAY_MS = 86_400_000;

export function dayNumber(isoDate: string): number | null {
  const t = Date.parse(isoDate.length === 10 ? `${isoDate}T00:00:00Z` : isoDate);
  return Number.isNaN(t) ? null : Math.floor(t / DAY_MS);
}

/** Countries of the participants; an actor the document never mentions (a resolved "I") adds nothing. */
function participantKey(ids: string[], countryOf: Map<string, string | null>): string[] {
  const out = new Set<string>();
  for (const id of ids) {
    if (!countryOf.has(id)) continue;
    const c = countryOf.get(id);
    out.add(c && c.length > 0 ? c : id);
  }
  return [...out].sort();
}

export function signatureKey(s: Pick<EventSignature, 'type' | 'mode' | 'participants'>, withDate?: string | null): string {
  const base = `${s.type}|${s.mode ?? ''}|${s.participants.join('+')}`;
  return withDate === undefined ? base : `${base}|${withDate ?? ''}`;
}

function subsetOf(a: string[], b: string[]): boolean {
  return a.every((x) => b.includes(x));
}

function participantsMatch(a: string[], b: string[]): boolean {
  if (a.length === 0 || b.length === 0) return true;
  return subsetOf(a, b) || subsetOf(b, a);
}

function datesMatch(a: string | null, b: string | null, toleranceDays: number): boolean {
  if (a === null || b === null) return true;
  const da = dayNumber(a);
  const db = dayNumber(b);
  if (da === null || db === null) return true;
  return Math.abs(da - db) <= toleranceDays;
}

/**
 * Same event: same type and mode, compatible participants, compatible dates.
 * Conflict: same type and mode but different participants (both sides named) or different dates —
 * the look-alikes (same leaders on another date, another leader the next day).
 */
export function relateEvents(a: EventSignature, b: EventSignature, toleranceDays: number): EventRelation {
  if (a.type !== b.type || a.mode !== b.mode) return 'unrelated';
  const pm = participantsMatch(a.participants, b.participants);
  const dm = datesMatch(a.date, b.date, toleranceDays);
  if (pm && dm) return 'same';
  if (!pm && (a.participants.length < 2 || b.participants.length < 2)) return 'unrelated';
  return 'conflict';
}

interface Group {
  type: PloverType;
  mode: string | null;
  participants: string[];
  actors: string[];
  dates: Map<string, number>;
  count: number;
  sentence: number;
}

function addEvent(groups: Map<string, Group>, e: DiplomaticEvent, participants: string[], actors: string[]): void {
  const key = signatureKey({ type: e.type, mode: e.mode, participants }, e.date);
  let g = groups.get(key);
  if (!g) {
    g = { type: e.type, mode: e.mode, participants, actors: [], dates: new Map(), count: 0, sentence: e.sentence };
    groups.set(key, g);
  }
  g.count++;
  g.sentence = Math.min(g.sentence, e.sentence);
  if (e.date) g.dates.set(e.date, (g.dates.get(e.date) ?? 0) + 1);
  for (const a of actors) if (!g.actors.includes(a)) g.actors.push(a);
}

/**
 * The distinct events of a document, merged: an undated or narrower mention ("Xi said on the
 * call") folds into the one dated event it is compatible with.
 */
export function eventSignatures(analysis: Analysis, ranking: EventRanking = DEFAULT_EVENT_RANKING): EventSignature[] {
  const countryOf = new Map<string, string | null>();
  const typeOf = new Map<string, string>();
  for (const a of analysis.actors) {
    countryOf.set(a.id, a.country);
    typeOf.set(a.id, a.type);
  }
  const groups = new Map<string, Group>();
  for (const e of analysis.events) {
    let ids = [...e.actors, ...e.recipients];
    // With a person among the participants, a country named beside them is more often the topic
    // ("raised Taiwan in talks with Trump") than a party to the event: keep people and offices.
    if (ids.some((id) => typeOf.get(id) === 'person')) ids = ids.filter((id) => typeOf.get(id) !== 'country');
    if (ids.length === 0) continue;
    const actors = [...ids].sort((x, y) => (typeOf.get(x) === 'person' ? 0 : 1) - (typeOf.get(y) === 'person' ? 0 : 1));
    addEvent(groups, e, participantKey(ids, countryOf), actors);
  }
  // Fold undated and narrower groups into a unique compatible dated/wider group.
  const list = [...groups.values()].sort((a, b) => b.participants.length - a.participants.length || b.dates.size - a.dates.size);
  const kept: Group[] = [];
  for (const g of list) {
    const targets = kept.filter((k) => k.type === g.type && k.mode === g.mode
      && subsetOf(g.participants, k.participants)
      && (g.dates.size === 0 || [...g.dates.keys()].every((d) => k.dates.has(d))));
    const target = targets.length === 1 ? targets[0] : undefined;
    if (target) {
      target.count += g.count;
      target.sentence = Math.min(target.sentence, g.sentence);
      for (const [d, n] of g.dates) target.dates.set(d, (target.dates.get(d) ?? 0) + n);
      for (const a of g.actors) if (!target.actors.includes(a)) target.actors.push(a);
    } else {
      kept.push(g);
    }
  }
  const out: EventSignature[] = kept.map((g) => {
    let date: string | null = null;
    let best = 0;
    for (const [d, n] of [...g.dates].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (n > best) { best = n; date = d; }
    const weight = g.count
      + (ranking.typeWeight[g.type] ?? 0.5)
      + (g.mode === null ? 0 : ranking.modeWeight[g.mode] ?? 0.5)
      + (g.sentence <= 1 ? 2 : g.sentence <= 3 ? 1 : 0)
      + (g.participants.length >= 2 ? 1 : 0);
    return { type: g.type, mode: g.mode, participants: g.participants, actors: g.actors, date, weight, sentence: g.sentence };
  });
  return out.sort((a, b) => b.weight - a.weight || a.sentence - b.sentence);
}

/** The event a document is mainly about, or null when it reports none. */
export function mainEventOf(analysis: Analysis, ranking: EventRanking = DEFAULT_EVENT_RANKING): EventSignature | null {
  return eventSignatures(analysis, ranking)[0] ?? null;
}
