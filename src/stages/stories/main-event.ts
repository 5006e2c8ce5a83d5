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
  /** Day number of `date`, when already computed (saves parsing it at every comparison). */
  day?: number | null;
}

/**
 * same: one event. compatible: could be one event, on weaker evidence (a mention that leaves the
 * mode unsaid, or names one party only and is dated a few days off). conflict: a look-alike.
 */
export type EventRelation = 'same' | 'compatible' | 'conflict' | 'unrelated';

/** Priorities used to pick the main event; the defaults favour meetings, calls and visits. */
export interface EventRanking {
  typeWeight: Partial<Record<PloverType, number>>;
  modeWeight: Record<string, number>;
  /**
   * Added to an event in proportion to the share of its parties named in the headline: a headline
   * says what a report is about better than its first sentence, which often recalls an earlier event.
   */
  headlineWeight?: number;
  /**
   * An event dated more than this many days before publication is background, not the news; so
   * is one dated after the day following publication (a plan, a deadline, an effective date).
   */
  backgroundDays?: number;
  /** Weight multiplier of a background or planned event. */
  backgroundFactor?: number;
  /**
   * Event types that happen once and are over (a call, a meeting, a visit): a story about one
   * takes the reports around it, not follow-ups weeks later, which are a story of their own.
   */
  encounterTypes?: PloverType[];
}

export const DEFAULT_EVENT_RANKING: EventRanking = {
  typeWeight: { CONSULT: 3, AGREE: 1.5, SANCTION: 1.5, THREATEN: 1.2, ACCUSE: 1.2, REJECT: 1, PROTEST: 1, COERCE: 1.2 },
  modeWeight: { phone: 2, visit: 2, meeting: 2, summit: 2, talks: 1.5, multilateral: 1, 'third-party': 0.5, invite: 0, accept: 0 },
  headlineWeight: 3,
  backgroundDays: 5,
  backgroundFactor: 0.5,
  encounterTypes: ['CONSULT'],
};

/** What the ranking may know about the document besides its analysis. */
export interface EventContext {
  /** The document's title. */
  headline?: string;
  /** Publication date (ISO); events well before it are background. */
  published?: string | null;
}

const DAY_MS = 86_400_000;

export function dayNumber(isoDate: string): number | null {
  const t = Date.parse(isoDate.length === 10 ? `${isoDate}T00:00:00Z` : isoDate);
  return Number.isNaN(t) ? null : Math.floor(t / DAY_MS);
}

/** The last day of the period an ISO date names: "2025-10" → 31 Oct 2025, "2025" → 31 Dec 2025. */
export function lastDayNumber(isoDate: string): number | null {
  const m = /^(\d{4})(?:-(\d{2}))?$/.exec(isoDate);
  if (!m) return dayNumber(isoDate);
  const year = Number(m[1]);
  const month = m[2] ? Number(m[2]) : 12;
  // Day 0 of the next month is the last day of this one.
  return Math.floor(Date.UTC(year, month, 0) / DAY_MS);
}

/** Lower-cased word tokens, for matching names in a headline (no stop-word or CJK handling needed). */
function words(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);
}

function containsRun(haystack: string[], needle: string[]): boolean {
  if (needle.length === 0 || needle.length > haystack.length) return false;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Actor ids named in a headline, by their name or any surface form the document uses for them. */
export function headlineActors(analysis: Pick<Analysis, 'actors'>, headline: string): Set<string> {
  const out = new Set<string>();
  const title = words(headline);
  if (title.length === 0) return out;
  for (const a of analysis.actors) {
    const forms = new Set([a.name, ...a.mentions.map((m) => m.text)]);
    // Headlines name people by one part of their name ("Takaichi", "Xi").
    if (a.type === 'person') for (const part of words(a.name)) forms.add(part);
    for (const form of forms) {
      const w = words(form);
      // One-letter forms ("U", from "U.S.") would match anywhere.
      if (w.join('').length > 1 && containsRun(title, w)) {
        out.add(a.id);
        break;
      }
    }
  }
  return out;
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
  // Plain loops: this runs for every pair of events compared while grouping.
  for (let i = 0; i < a.length; i++) {
    let found = false;
    for (let j = 0; j < b.length && !found; j++) found = a[i] === b[j];
    if (!found) return false;
  }
  return true;
}

function participantsMatch(a: string[], b: string[]): boolean {
  if (a.length === 0 || b.length === 0) return true;
  return subsetOf(a, b) || subsetOf(b, a);
}

/** The day number of a signature's date (cached on signatures made by eventSignatures). */
export function dayOf(s: EventSignature): number | null {
  if (s.day !== undefined) return s.day;
  return s.date === null ? null : dayNumber(s.date);
}

function datesMatch(a: EventSignature, b: EventSignature, toleranceDays: number): boolean {
  if (a.date === null || b.date === null) return true;
  const da = dayOf(a);
  const db = dayOf(b);
  if (da === null || db === null) return true;
  return Math.abs(da - db) <= toleranceDays;
}

/**
 * Same event: same type and mode, compatible participants, compatible dates.
 * Conflict: same type and mode but different participants (both sides named) or different dates —
 * the look-alikes (same leaders on another date, another leader the next day).
 * Compatible (only when `oneSidedToleranceDays` is given): a mention that names one party only
 * ("Takaichi, during a phone call this week") and is dated within that many days, or one whose
 * mode is unsaid ("Trump and Takaichi spoke on Tuesday") — too weakly identified to prove another
 * event, and not enough to prove the same one.
 */
export function relateEvents(a: EventSignature, b: EventSignature, toleranceDays: number, oneSidedToleranceDays?: number): EventRelation {
  const loose = oneSidedToleranceDays !== undefined;
  if (a.type !== b.type) return 'unrelated';
  const pm = participantsMatch(a.participants, b.participants);
  const dm = datesMatch(a, b, toleranceDays);
  if (a.mode !== b.mode) {
    return loose && (a.mode === null || b.mode === null) && pm && dm ? 'compatible' : 'unrelated';
  }
  if (pm && dm) return 'same';
  const oneSided = a.participants.length < 2 || b.participants.length < 2;
  if (!pm && oneSided) return 'unrelated';
  if (loose && pm && oneSided && datesMatch(a, b, oneSidedToleranceDays)) return 'compatible';
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
export function eventSignatures(analysis: Analysis, ranking: EventRanking = DEFAULT_EVENT_RANKING, context: EventContext = {}): EventSignature[] {
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
  const named = context.headline ? headlineActors(analysis, context.headline) : null;
  const publishedDay = context.published ? dayNumber(context.published) : null;
  const backgroundDays = ranking.backgroundDays ?? Infinity;
  const out: EventSignature[] = kept.map((g) => {
    let date: string | null = null;
    let best = 0;
    for (const [d, n] of [...g.dates].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (n > best) { best = n; date = d; }
    let weight = g.count
      + (ranking.typeWeight[g.type] ?? 0.5)
      + (g.mode === null ? 0 : ranking.modeWeight[g.mode] ?? 0.5)
      + (g.sentence <= 1 ? 2 : g.sentence <= 3 ? 1 : 0)
      + (g.participants.length >= 2 ? 1 : 0);
    if (named && named.size > 0 && g.participants.length > 0) {
      // A party counts as named when one of this event's own actors is in the headline: "China"
      // in a headline about a Trump–Takaichi call names the topic, not Xi's call.
      let covered = 0;
      for (const p of g.participants) {
        if (g.actors.some((a) => named.has(a) && participantKey([a], countryOf)[0] === p)) covered++;
      }
      weight += (ranking.headlineWeight ?? 0) * (covered / g.participants.length);
    }
    if (publishedDay !== null && date !== null) {
      const first = dayNumber(date);
      const last = lastDayNumber(date);
      const past = last !== null && publishedDay - last > backgroundDays;
      const planned = first !== null && first - publishedDay > 1;
      if (past || planned) weight *= ranking.backgroundFactor ?? 1;
    }
    return { type: g.type, mode: g.mode, participants: g.participants, actors: g.actors, date, weight, sentence: g.sentence, day: date === null ? null : dayNumber(date) };
  });
  // On a tie, the later event is the news ("talks on Tuesday, a day after Trump spoke with Xi").
  return out.sort((a, b) => b.weight - a.weight || laterFirst(a.date, b.date) || a.sentence - b.sentence);
}

function laterFirst(a: string | null, b: string | null): number {
  const da = a === null ? null : lastDayNumber(a);
  const db = b === null ? null : lastDayNumber(b);
  if (da === null || db === null || da === db) return 0;
  return db - da;
}

/** The event a document is mainly about, or null when it reports none. */
export function mainEventOf(analysis: Analysis, ranking: EventRanking = DEFAULT_EVENT_RANKING, context: EventContext = {}): EventSignature | null {
  return eventSignatures(analysis, ranking, context)[0] ?? null;
}
