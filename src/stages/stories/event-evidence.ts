// Which event a story is about, and how strongly a document reports it. Both sides may be
// ambiguous: a document can be nearly as much about the call it recalls as about the call it
// reports (WSJ on the Trump–Takaichi call, leading with the Xi–Trump call of the day before), and
// a story's documents vote for the event they describe, each with its own noise.
import { dayOf, signatureKey, type EventRelation, type EventSignature } from './main-event.js';

/** A document's say on what its story is about: an event, how firmly, and whether it is the document's main event. */
export interface Vote {
  /** Signature and date: votes with the same key are summed. */
  key: string;
  sig: EventSignature;
  weight: number;
  /** 1 when this is the document's main event (summed: how many documents have it as main). */
  main: number;
}

/** An event a story may be about, with its backing relative to the best-backed one (1). */
export interface MainCandidate {
  sig: EventSignature;
  share: number;
}

export interface StoryEvents {
  /** The event the story is named by (the best-backed one, in its most specific form). */
  main: EventSignature | null;
  /** The main event first (share 1), then other events backed nearly as well. */
  candidates: MainCandidate[];
}

export interface EvidenceOptions {
  /** How two events relate; events of different types must be 'unrelated' (as relateEvents has it). */
  relate: (a: EventSignature, b: EventSignature) => EventRelation;
  /** Events weighing (or backed) at least this share of the best are candidates too. */
  ambiguity: number;
  /** Share of full credit for a merely compatible event. */
  compatibleCredit: number;
  dateToleranceDays: number;
}

const EPS = 1e-9;
/** Votes compared with each other at most (the heaviest); a story rarely has more distinct ones. */
const MAX_VOTES = 64;

/** How far an event signature can be trusted: both sides named, and a date. */
export function confidence(sig: EventSignature): number {
  return (sig.participants.length >= 2 ? 0.6 : 0.2) + (sig.date ? 0.4 : 0);
}

/** How specifically a signature names an event (to name a story by its most specific form). */
function specificity(sig: EventSignature): number {
  return confidence(sig) + (sig.mode === null ? 0 : 0.1);
}

/** An event's weight relative to the document's main event (1 for the main event). */
export function prominence(e: EventSignature, main: EventSignature): number {
  return main.weight > 0 ? Math.min(1, e.weight / main.weight) : 1;
}

/** A document's votes: its main event and every event weighing nearly as much, by confidence and prominence. */
export function documentVotes(events: EventSignature[], ambiguity: number): Vote[] {
  const main = events[0];
  if (!main) return [];
  const out: Vote[] = [];
  for (const e of events) {
    if (e.weight < ambiguity * main.weight) continue;
    out.push({ key: `${signatureKey(e)}|${e.date ?? ''}`, sig: e, weight: confidence(e) * prominence(e, main), main: e === main ? 1 : 0 });
  }
  return out;
}

function credit(rel: EventRelation, compatibleCredit: number): number {
  return rel === 'same' ? 1 : rel === 'compatible' ? compatibleCredit : 0;
}

/**
 * The event most of a story's documents report: each candidate is backed by every vote that is
 * the same event (fully) or a compatible one (in part), so noisy main events of single documents
 * ("Taiwan" as a party to the call) do not outvote the event they all describe. The best-backed
 * candidate is then named by its most specific form (both parties, a date, a mode). Unrelated
 * events backed nearly as well stay candidates (a story of one report of two calls).
 * `votes` must come in a stable order (by key) for the result not to depend on arrival order.
 */
export function storyEvents(allVotes: Vote[], opt: EvidenceOptions): StoryEvents {
  // The comparison is quadratic: a story of thousands of reports is judged by its heaviest votes.
  const votes = allVotes.length <= MAX_VOTES ? allVotes
    : allVotes.map((v, i) => ({ v, i })).sort((a, b) => b.v.weight - a.v.weight || a.i - b.i).slice(0, MAX_VOTES)
      .sort((a, b) => a.i - b.i).map((x) => x.v);
  // Events of different types are unrelated (see relateEvents): each vote is compared only with
  // those of its type, in vote order, so every sum adds the same non-zero terms in the same order
  // as comparing all pairs would (adding a zero changes no sum) at a fraction of the comparisons.
  const ofType = new Map<string, Vote[]>();
  for (const v of votes) {
    const list = ofType.get(v.sig.type);
    if (list) list.push(v);
    else ofType.set(v.sig.type, [v]);
  }
  const support = votes.map((v) => {
    let sum = 0;
    for (const u of ofType.get(v.sig.type)!) sum += u.weight * (u === v ? 1 : credit(opt.relate(u.sig, v.sig), opt.compatibleCredit));
    return sum;
  });
  // Best backed; then the main event of more documents; then the better attested.
  const better = (i: number, j: number): boolean => support[i]! > support[j]! + EPS
    || (Math.abs(support[i]! - support[j]!) <= EPS && (votes[i]!.main > votes[j]!.main
      || (votes[i]!.main === votes[j]!.main && confidence(votes[i]!.sig) > confidence(votes[j]!.sig))));
  let top = -1;
  for (let i = 0; i < votes.length; i++) if (top < 0 || better(i, top)) top = i;
  if (top < 0) return { main: null, candidates: [] };
  let named = top;
  for (let i = 0; i < votes.length; i++) {
    if (i !== top && credit(opt.relate(votes[i]!.sig, votes[top]!.sig), 1) === 0) continue;
    const si = specificity(votes[i]!.sig);
    const sn = specificity(votes[named]!.sig);
    if (si > sn + EPS || (Math.abs(si - sn) <= EPS && better(i, named))) named = i;
  }
  const main = votes[named]!.sig;
  const candidates: MainCandidate[] = [{ sig: main, share: 1 }];
  const topSupport = support[top]!;
  for (let i = 0; i < votes.length; i++) {
    if (i === top || i === named || support[i]! < opt.ambiguity * topSupport) continue;
    if (credit(opt.relate(votes[i]!.sig, main), 1) > 0) continue;
    candidates.push({ sig: votes[i]!.sig, share: topSupport > 0 ? support[i]! / topSupport : 1 });
  }
  return { main, candidates };
}

/** What a document brings to the comparison: its main event, all its events, and its votes. */
export interface DocumentEvents {
  main: EventSignature;
  events: EventSignature[];
  votes: Vote[];
}

/**
 * How strongly a document reports a story's event, 0..1, or null when a look-alike rule keeps
 * them apart. The document's near-main events (its votes) meet the story's candidates; failing
 * that, any of its events meets the story's main event. Each pairing counts by agreement
 * (confidence, and half for a compatible event) and by prominence on both sides, so a passing
 * mention counts less. A near-main match lifts the look-alike rules: a report of two calls may
 * join the story of either.
 */
export function eventEvidence(doc: DocumentEvents, story: StoryEvents, opt: EvidenceOptions): number | null {
  const sm = story.main;
  if (!sm) return 0;
  const main = doc.main;
  let evidence = 0;
  let nearMain = false;
  for (const v of doc.votes) {
    for (const c of story.candidates) {
      const k = credit(opt.relate(v.sig, c.sig), opt.compatibleCredit);
      if (k === 0) continue;
      nearMain = true;
      evidence = Math.max(evidence, Math.min(confidence(v.sig), confidence(c.sig)) * k * prominence(v.sig, main) * c.share);
    }
  }
  if (nearMain) return evidence;
  for (const e of doc.events) {
    const k = credit(opt.relate(e, sm), opt.compatibleCredit);
    if (k > 0) evidence = Math.max(evidence, Math.min(confidence(e), confidence(sm)) * k * prominence(e, main));
  }
  const rel = opt.relate(main, sm);
  // A document mainly about a look-alike event (same leaders another day, another leader the
  // next day) never joins, even if it mentions this story's event in passing.
  if (rel === 'conflict') return null;
  // Two well-attested events with no party in common are different events, whatever the words.
  // Nor are two well-attested events of different kinds on different dates.
  if (rel === 'unrelated' && confidence(main) >= 1 && confidence(sm) >= 1
    && (!main.participants.some((p) => sm.participants.includes(p)) || !datesWithin(main, sm, opt.dateToleranceDays))) return null;
  return evidence;
}

function datesWithin(a: EventSignature, b: EventSignature, days: number): boolean {
  const da = dayOf(a);
  const db = dayOf(b);
  return da === null || db === null || Math.abs(da - db) <= days;
}
