// PLOVER-typed events from the trigger patterns of data/events.yaml: type, mode, CAMEO root and
// Goldstein value from the pattern; actors from the clause left of the trigger, recipients from the
// right (or after "with"); the date from the nearest date expression (resolved against the
// document date). Negated triggers ("did not agree") do not fire.
import type { DiplomaticEvent } from '../../domain/index.js';
import type { CueFile, EventPattern } from '../../knowledge/index.js';
import { resolveBack, lastBefore } from './attribution-finder.js';
import { createDateResolver, type ResolvedDate } from './date-resolver.js';
import type { DocContext, ResolvedMention } from './document-context.js';
import { PhraseTrie } from './phrase-trie.js';

export interface EventCoderOptions {
  events: readonly EventPattern[];
  cues: CueFile;
}

const NEGATORS = new Set(['not', "n't", 'never', 'no', 'without', 'refused', 'declined', 'failed']);
const CLAUSE_BREAK = new Set([';', ':', '\u2014', '(', ')', 'but', 'while', 'whereas', 'although', 'that', 'which', 'who', 'where', 'when']);
const GROUP_JOIN = new Set(['and', ',', '&', 'or']);
const OBJECT_PRONOUNS = new Set(['him', 'her', 'them']);
const FIRST_PERSON_OBJECTS = new Set(['me', 'us']);
// Where a recipient cannot be any more: time and place adjuncts ("met … in Busan", "on the sidelines").
const ADJUNCTS = new Set(['in', 'at', 'during', 'amid', 'after', 'before', 'since', 'until', 'over', 'sidelines']);
/** Words that open a comma-enclosed adjunct between a subject and its verb ("Trump, shortly after …, spoke"). */
const PARENTHETICAL_OPENERS = new Set([...ADJUNCTS, 'shortly', 'just', 'hours', 'days', 'minutes', 'soon', 'later', 'earlier', 'according', 'speaking', 'following', 'fresh']);
const SUBJECT_PRONOUNS = new Set(['he', 'she', 'they', 'i', 'we']);

/** What makes two events of one sentence the same event. */
interface EventKey {
  type: string;
  mode: string | null;
  actors: readonly string[];
  recipients: readonly string[];
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Equal as the key "type|mode|actor,actor|recipient,recipient" would be, without building it:
 * actor ids never hold "," or "|" (gazetteer ids are kebab-case, unresolved ones are slugs), and a
 * null mode reads as "null" there.
 */
function sameEventKey(a: EventKey, b: EventKey): boolean {
  return a.type === b.type && (a.mode === b.mode || String(a.mode) === String(b.mode))
    && sameIds(a.actors, b.actors) && sameIds(a.recipients, b.recipients);
}

export function createEventCoder(options: EventCoderOptions): (ctx: DocContext, mentions: readonly ResolvedMention[]) => DiplomaticEvent[] {
  const triggers = new PhraseTrie<EventPattern>('lower');
  const conditions = new PhraseTrie<string>('lower');
  for (const p of options.events) {
    for (const t of p.triggers) triggers.add(t, p);
    for (const r of p.requires) conditions.add(r, r.toLowerCase());
    for (const r of p.excludes) conditions.add(r, r.toLowerCase());
  }
  const resolveDates = createDateResolver();
  const hypothetical = new PhraseTrie<true>('lower');
  for (const h of options.cues.hypotheticals) hypothetical.add(h, true);
  // The condition phrases of each pattern as the `conditions` trie reports them (lowercased).
  const conditionKeys = new Map<EventPattern, { requires: string[]; excludes: string[] }>();
  for (const p of options.events) {
    conditionKeys.set(p, { requires: p.requires.map((r) => r.toLowerCase()), excludes: p.excludes.map((r) => r.toLowerCase()) });
  }

  return function code(ctx, mentions): DiplomaticEvent[] {
    const tokens = ctx.tokens;
    const events: DiplomaticEvent[] = [];
    const mentionAtStart = new Map<number, ResolvedMention>();
    const bySentence = new Map<number, ResolvedMention[]>();
    for (const m of mentions) {
      mentionAtStart.set(m.tokenStart, m);
      const list = bySentence.get(m.sentence);
      if (list) list.push(m);
      else bySentence.set(m.sentence, [m]);
    }

    // Token range of the sentence being coded; the helpers below (defined once per document, not
    // per sentence) read it.
    let from = 0;
    let to = 0;
    for (let si = 0; si < ctx.sentenceTokens.length; si++) {
      const range = ctx.sentenceTokens[si]!;
      from = range.from;
      to = range.to;
      const sent = ctx.sentences[si]!;
      const matches = triggers.scan(tokens, from, to);
      if (matches.length === 0) continue;
      const sentenceEventsFrom = events.length;
      // Phrases present in the sentence, for requires/excludes: found on first need (few patterns
      // have conditions).
      let present: Set<string> | null = null;
      const hypo = hypothetical.anyIn(tokens, from, to);
      let dates: ResolvedDate[] | null = null;
      // Events already coded in this sentence, by type, mode and participants.
      const seen: EventKey[] = [];
      const sentMentions = bySentence.get(si) ?? [];

      for (let mi = 0; mi < matches.length; mi++) {
        const m = matches[mi]!;
        // Negation right before the trigger.
        let negated = false;
        for (let k = Math.max(from, m.start - 2); k < m.start; k++) if (NEGATORS.has(tokens[k]!.lower)) negated = true;
        if (negated) continue;
        for (const p of m.values) {
          const keys = conditionKeys.get(p)!;
          if (keys.requires.length > 0 || keys.excludes.length > 0) {
            if (present === null) {
              present = new Set<string>();
              for (let k = from; k < to; k++) conditions.addAllAt(tokens, k, to, present);
            }
            const found = present;
            if (keys.requires.length > 0 && !keys.requires.some((r) => found.has(r))) continue;
            if (keys.excludes.some((r) => found.has(r))) continue;
          }
          if (p.followedByActor && !mentionAtStart.has(m.end) && !OBJECT_PRONOUNS.has(tokens[m.end]?.lower ?? '')) continue;
          // Subject side: the group of actors nearest left of the trigger within the clause; a verb
          // coordinated with an earlier trigger ("called Trump and invited him") shares its subject.
          const prevEvent = events.length > 0 && events[events.length - 1]!.sentence === si ? events[events.length - 1]! : null;
          const coordinated = prevEvent !== null && m.start > from && (tokens[m.start - 1]!.lower === 'and' || tokens[m.start - 1]!.lower === 'also');
          let actors = coordinated && prevEvent.actors.length > 0 ? [...prevEvent.actors] : groupLeft(m.start);
          let recipients: string[] = [];
          // Passive or nominal with an agent: "visits by Secretary Yellen", "was invited by Xi".
          const byAgent = tokens[m.end]?.lower === 'by' && mentionAtStart.has(m.end + 1);
          if (byAgent) {
            const agents = groupRight(m.end + 1);
            if (actors.length > 0 && p.recipient !== 'none') recipients = actors;
            actors = agents;
          } else if (p.recipient === 'object') recipients = groupRight(m.end);
          else if (p.recipient === 'with' && !byAgent) {
            let w = -1;
            for (let k = m.start; k < Math.min(to, m.end + 6); k++) if (tokens[k]!.lower === 'with' || tokens[k]!.lower === 'between') w = k;
            // "X and Y agreed": both are on the subject side.
            recipients = w >= 0 ? groupRight(w + 1) : groupRight(m.end);
          }
          // "The two leaders discussed …": the participants of the latest meeting or call.
          if (actors.length === 0 && recipients.length === 0 && pairLeft(m.start)) {
            let last: DiplomaticEvent | undefined;
            for (let x = events.length - 1; x >= 0 && x >= events.length - 50; x--) {
              const e = events[x]!;
              if (e.type === 'CONSULT' && e.actors.length + e.recipients.length >= 2) {
                last = e;
                break;
              }
            }
            if (last) actors = [...last.actors, ...last.recipients];
          }
          recipients = recipients.filter((r) => !actors.includes(r));
          const key: EventKey = { type: p.type, mode: p.mode, actors, recipients };
          if (seen.some((s) => sameEventKey(s, key))) continue;
          // One event per type and mode per sentence unless the participants differ.
          let sameType: DiplomaticEvent | undefined;
          for (let x = sentenceEventsFrom; x < events.length; x++) if (events[x]!.type === p.type && events[x]!.mode === p.mode) sameType = events[x];
          // ("Trump, after a call with Xi, spoke with Takaichi" is two calls: same caller, other recipients.)
          const otherRecipients = sameType !== undefined && recipients.length > 0 && sameType.recipients.length > 0
            && !recipients.some((r) => sameType!.recipients.includes(r));
          if (sameType && !otherRecipients && (actors.length === 0 || sameType.actors.join(',') === actors.join(','))) {
            if (sameType.recipients.length === 0) sameType.recipients = recipients;
            continue;
          }
          seen.push(key);
          if (dates === null) dates = ctx.refDate ? resolveDates(ctx.text, sent.start, sent.end, ctx.refDate, tokens, from, to) : [];
          const trigStart = tokens[m.start]!.start;
          let date: string | null = null;
          let bestD = Infinity;
          const nextTrig = mi + 1 < matches.length ? tokens[matches[mi + 1]!.start]!.start : sent.end;
          const prevTrig = mi > 0 ? tokens[matches[mi - 1]!.end - 1]!.end : sent.start;
          for (const d of dates) {
            // A date belongs to the trigger whose clause holds it: after it and before the next
            // trigger (its complement: "visit Beijing in April"), else before it.
            // An invitation takes the date of the visit it proposes.
            if (d.start >= trigStart && d.start >= nextTrig && p.mode !== 'invite') continue;
            if (d.start < trigStart && d.start < prevTrig) continue;
            if (p.mode === 'invite' && d.start < trigStart && dates.some((x) => x.start >= trigStart)) continue;
            const dist = d.start >= trigStart ? d.start - trigStart : (trigStart - d.end) * 1.5;
            if (dist < bestD) {
              bestD = dist;
              date = d.date;
            }
          }
          const spanMentions = sentMentions.filter((x) => actors.includes(x.actorId) || recipients.includes(x.actorId));
          let start = trigStart;
          let end = tokens[m.end - 1]!.end;
          for (const x of spanMentions) {
            if (x.start < start && trigStart - x.start < 300) start = x.start;
            if (x.end > end && x.start - end < 300) end = x.end;
          }
          const context = [...p.context];
          if (hypo) context.push('hypothetical');
          events.push({
            type: p.type, mode: p.mode, context, cameo: p.cameo, goldstein: p.goldstein, actors, recipients, date,
            start, end, text: ctx.text.slice(start, end), sentence: si,
          });
        }
      }
    }
    return events;

    function pairLeft(trig: number): boolean {
      for (let k = Math.max(from, trig - 5); k < trig - 1; k++) {
        const a = tokens[k]!.lower;
        const b = tokens[k + 1]!.lower;
        if ((a === 'two' || a === 'both') && (b === 'leaders' || b === 'sides' || b === 'presidents' || b === 'countries' || b === 'governments')) return true;
      }
      return false;
    }

    function isBreak(k: number): boolean {
      const t = tokens[k]!;
      return CLAUSE_BREAK.has(t.lower);
    }

    function groupLeft(trig: number): string[] {
      const out: string[] = [];
      let k = trig - 1;
      // "Trump, shortly after a call with Xi, spoke with Takaichi": the subject stands before a
      // comma-enclosed adjunct, not inside it.
      if (k > from && tokens[k]!.text === ',') {
        for (let j = k - 1; j > from; j--) {
          if (tokens[j]!.text !== ',') continue;
          if (PARENTHETICAL_OPENERS.has(tokens[j + 1]!.lower)) k = j - 1;
          break;
        }
      }
      let lastEnd = -1;
      while (k >= from) {
        if (isBreak(k) && out.length === 0) break;
        const mm = findMentionEndingAt(k + 1);
        if (mm) {
          if (mm.media && out.length === 0 && trig - mm.tokenEnd > 4) {
            k = mm.tokenStart - 1;
            continue;
          }
          if (out.length === 0 || (lastEnd >= 0 && onlyJoins(mm.tokenEnd, lastEnd))) {
            // skip possessives: "China's commerce ministry" keeps the ministry only when it was found
            if (!out.includes(mm.actorId)) out.unshift(mm.actorId);
            lastEnd = mm.tokenStart;
            k = mm.tokenStart - 1;
            continue;
          }
          break;
        }
        if (out.length === 0 && SUBJECT_PRONOUNS.has(tokens[k]!.lower)) {
          // "I"/"we" are the author, whom the text does not name.
          if (tokens[k]!.lower === 'i' || tokens[k]!.lower === 'we') break;
          const r = resolveBack(ctx, mentions, k, tokens[k]!.lower === 'they' ? 'group' : 'person');
          if (r) out.push(r.id);
          break;
        }
        if (out.length > 0 && !GROUP_JOIN.has(tokens[k]!.lower)) break;
        k--;
      }
      return out;
    }

    function groupRight(after: number): string[] {
      const out: string[] = [];
      let k = after;
      let expectJoin = false;
      let sawObject = false;
      while (k < to) {
        const t = tokens[k]!;
        if (isBreak(k) || t.text === '.') break;
        // "invited him to visit Beijing": once the object is found, an infinitive starts another clause.
        if (t.lower === 'to' && (out.length > 0 || sawObject) && tokens[k + 1]?.kind === 'word' && !tokens[k + 1]!.upper && !mentionAtStart.has(k + 1)) break;
        if (FIRST_PERSON_OBJECTS.has(t.lower) && out.length === 0) {
          sawObject = true;
          k++;
          continue;
        }
        if (ADJUNCTS.has(t.lower) && out.length === 0 && k > after) break;
        const mm = mentionAtStart.get(k);
        if (mm) {
          if (expectJoin) break;
          if (!out.includes(mm.actorId)) out.push(mm.actorId);
          k = mm.tokenEnd;
          expectJoin = true;
          continue;
        }
        if (OBJECT_PRONOUNS.has(t.lower) && out.length === 0) {
          const r = resolveBack(ctx, mentions, k, t.lower === 'them' ? 'group' : 'person');
          // "invited him": the person is not the subject itself
          if (r) out.push(r.id);
          k++;
          expectJoin = true;
          continue;
        }
        if (expectJoin) {
          if (GROUP_JOIN.has(t.lower)) {
            // "Trump and Putin" continues the group; "Trump and invited him" ends it.
            if (!mentionAtStart.has(k + 1)) break;
            expectJoin = false;
            k++;
            continue;
          }
          if (t.lower === "'s") {
            k++;
            continue;
          }
          break;
        }
        if (k - after > 8) break;
        k++;
      }
      return out;
    }

    function onlyJoins(a: number, b: number): boolean {
      for (let k = a; k < b; k++) if (!GROUP_JOIN.has(tokens[k]!.lower)) return false;
      return true;
    }

    function findMentionEndingAt(endTok: number): ResolvedMention | undefined {
      const idx = lastBefore(mentions, endTok);
      const m = idx >= 0 ? mentions[idx] : undefined;
      return m && m.tokenEnd === endTok ? m : undefined;
    }
  };
}
