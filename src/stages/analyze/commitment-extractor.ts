// Pledges: "<actor> will|agreed to|pledged to <action> <object> <amount unit> <period>", with the
// words of data/commitments.yaml. One sentence can hold several commitments (one per amount, one
// per pledge). Imperative list items after a colon ("…commitments to: Halt the flow…") are
// pledges too, by the actor of the previous pledge.
import type { Commitment } from '../../domain/index.js';
import type { CommitmentFile } from '../../knowledge/index.js';
import type { DocContext, ResolvedMention } from './document-context.js';
import { PhraseTrie } from './phrase-trie.js';
import type { Token } from './tokenizer.js';

export interface CommitmentExtractorOptions {
  commitments: CommitmentFile;
}

interface UnitInfo {
  unit: string;
  factor: number;
}

interface Amount {
  value: number;
  unit: string | null;
  /** Token range of the amount expression. */
  from: number;
  to: number;
}

const DATEISH = new Set([
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'year', 'years', 'month', 'months', 'week', 'weeks', 'day', 'days', 'quarter', 'today', 'tomorrow', 'now',
]);
const CURRENCY = new Map([['$', 'USD'], ['US$', 'USD'], ['\u20ac', 'EUR'], ['\u00a5', 'CNY'], ['\u00a3', 'GBP']]);
const DETERMINERS = new Set(['the', 'its', 'their', 'all', 'of', 'a', 'an', 'at', 'least', 'up', 'to', 'about', 'approximately', 'some', 'any']);
const STRIP_MARKERS = new Set(['in', 'during']);
const NUMBER_WORDS = new Map([['one', 1], ['two', 2], ['three', 3], ['four', 4], ['five', 5], ['six', 6], ['seven', 7], ['eight', 8], ['nine', 9], ['ten', 10], ['twelve', 12]]);

/** Hard-wrapped text inside a field: one space between words. */
function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** `text.slice(start, end).trimEnd().endsWith(':')` without copying the sentence (\s is trim's whitespace). */
function endsWithColon(text: string, start: number, end: number): boolean {
  let k = end - 1;
  while (k >= start && /\s/.test(text[k]!)) k--;
  return k >= start && text.charCodeAt(k) === 58;
}

function parseNumber(t: Token): number | null {
  if (t.kind === 'number') {
    const v = Number(t.text.replace(/,/g, ''));
    return Number.isFinite(v) ? v : null;
  }
  return null;
}

export function createCommitmentExtractor(options: CommitmentExtractorOptions): (ctx: DocContext, mentions: readonly ResolvedMention[]) => Commitment[] {
  const data = options.commitments;
  const pledges = new PhraseTrie<string>('lower');
  for (const p of data.pledges) pledges.add(p, p);
  const actions = new PhraseTrie<string>('lower');
  for (const a of data.actions) for (const f of a.forms) actions.add(f, a.action);
  const units = new PhraseTrie<UnitInfo>('lower');
  for (const u of data.units) for (const f of u.forms) units.add(f, { unit: u.unit, factor: u.factor });
  const periods = new PhraseTrie<string>('lower');
  for (const p of data.periodMarkers) periods.add(p, p.toLowerCase());
  const fillers = new PhraseTrie<string>('lower');
  for (const f of data.fillers) fillers.add(f, f);

  return function extract(ctx, mentions): Commitment[] {
    const tokens = ctx.tokens;
    const out: Commitment[] = [];
    let lastActor: string | null = null;
    let prevImplicit = false;
    const bySentence = new Map<number, ResolvedMention[]>();
    for (const m of mentions) {
      const list = bySentence.get(m.sentence);
      if (list) list.push(m);
      else bySentence.set(m.sentence, [m]);
    }

    for (let si = 0; si < ctx.sentenceTokens.length; si++) {
      const { from, to } = ctx.sentenceTokens[si]!;
      if (to <= from) continue;
      const sent = ctx.sentences[si]!;
      const sentMentions = bySentence.get(si) ?? [];
      // Pledge positions (token index after the pledge phrase) with the actor left of each.
      const starts: { at: number; pledgeStart: number; actor: string | null }[] = [];
      const prevSent = si > 0 ? ctx.sentences[si - 1]! : null;
      const afterColon = prevSent !== null && endsWithColon(ctx.text, prevSent.start, prevSent.end);
      let first = from;
      while (first < to && tokens[first]!.kind === 'punct') first++;
      const lead = first < to && tokens[first]!.upper ? actions.longestAt(tokens, first, to) : null;
      let implicit = false;
      if (lead && (afterColon || prevImplicit)) {
        starts.push({ at: first, pledgeStart: first, actor: lastActor });
        implicit = true;
      }
      let i = from;
      while (i < to) {
        const p = pledges.longestAt(tokens, i, to);
        if (!p) {
          i++;
          continue;
        }
        // The action must follow the pledge (after fillers and an adverb or two).
        let k = p.end;
        for (let guard = 0; guard < 3 && k < to; guard++) {
          const f = fillers.longestAt(tokens, k, to);
          if (f) k = f.end;
          else break;
        }
        {
          // The subject of any pledge is remembered for list items that follow ("… commitments:").
          let subj: string | null = null;
          for (const m of sentMentions) if (m.tokenEnd <= p.start && p.start - m.tokenEnd <= 6) subj = m.actorId;
          if (subj) lastActor = subj;
        }
        if (k < to && actions.longestAt(tokens, k, to)) {
          let actor: string | null = null;
          for (const m of sentMentions) if (m.tokenEnd <= p.start && p.start - m.tokenEnd <= 6) actor = m.actorId;
          // "… and will maintain": a coordinated pledge keeps the subject of the one before.
          const coordinated = p.start > from && (tokens[p.start - 1]!.lower === 'and' || tokens[p.start - 1]!.text === ',');
          if (!actor && (p.start - from <= 3 || coordinated)) actor = starts.length > 0 ? starts[starts.length - 1]!.actor : lastActor;
          starts.push({ at: k, pledgeStart: p.start, actor });
        }
        i = p.end;
      }
      prevImplicit = implicit;
      for (let s = 0; s < starts.length; s++) {
        const st = starts[s]!;
        const segEnd = s + 1 < starts.length ? starts[s + 1]!.pledgeStart : to;
        if (st.actor) lastActor = st.actor;
        out.push(...commitmentsOf(ctx, si, st.at, segEnd, st.actor, sent.end));
      }
    }
    return out;

    function commitmentsOf(ctx: DocContext, si: number, at: number, segEnd: number, actor: string | null, sentEnd: number): Commitment[] {
      const found: Commitment[] = [];
      // Walk the segment: actions, amounts and periods in order.
      let action: string | null = null;
      let actionEnd = at;
      let object: string | null = null;
      const amounts: Amount[] = [];
      const items: { action: string; actionEnd: number; amount: Amount | null; start: number }[] = [];
      let k = at;
      while (k < segEnd) {
        const a = actions.longestAt(tokens, k, segEnd);
        if (a && (action === null || amounts.length > 0 || tokens[k - 1]?.lower === 'and' || tokens[k - 1]?.lower === 'also')) {
          action = a.values[0]!;
          actionEnd = a.end;
          k = a.end;
          continue;
        }
        const amt = amountAt(k, segEnd);
        if (amt && action) {
          amounts.push(amt);
          items.push({ action, actionEnd, amount: amt, start: amt.from });
          k = amt.to;
          continue;
        }
        k++;
      }
      if (items.length === 0 && action) items.push({ action: action ?? '', actionEnd, amount: null, start: actionEnd });
      const first = items[0];
      if (!first) return found;
      for (let n = 0; n < items.length; n++) {
        const it = items[n]!;
        const limit = n + 1 < items.length ? items[n + 1]!.start : segEnd;
        const objStart = it.amount ? it.amount.to : it.actionEnd;
        let obj: string | null = null;
        let scan = objStart;
        if (it.amount) {
          // Object between the action and the amount ("lower the tariffs on … by removing 10 points"),
          // else after "of" ("12 MMT (MMT) of U.S. soybeans").
          const between = objectUntil(it.actionEnd, it.amount.from);
          if (between.text) obj = between.text;
          else {
            while (scan < limit && (tokens[scan]!.text === '(' || tokens[scan]!.text === ')' || (tokens[scan - 1]?.text === '(' && tokens[scan]!.kind === 'word'))) scan++;
            if (tokens[scan]?.lower === 'of') obj = objectUntil(scan + 1, limit).text;
          }
        } else {
          obj = objectUntil(it.actionEnd, limit).text;
        }
        if (!obj) obj = object;
        else object = obj;
        const period = periodFrom(it.amount ? it.amount.to : it.actionEnd, limit);
        const startTok = it.amount ? Math.min(it.amount.from, it.actionEnd - 1) : it.actionEnd - 1;
        let startChar = tokens[Math.max(at, n === 0 ? at : startTok)]!.start;
        if (n === 0) startChar = tokens[at]!.start;
        let endTok = limit - 1;
        while (endTok > startTok && tokens[endTok]!.kind === 'punct') endTok--;
        const endChar = Math.min(sentEnd, tokens[Math.max(endTok, at)]!.end);
        found.push({
          actor, action: it.action, object: obj ?? '', amount: it.amount?.value ?? null, unit: it.amount?.unit ?? null, period,
          start: startChar, end: Math.max(startChar, endChar), text: ctx.text.slice(startChar, Math.max(startChar, endChar)), sentence: si,
        });
      }
      return found;
    }

    function amountAt(k: number, limit: number): Amount | null {
      const t = tokens[k]!;
      let currency: string | null = null;
      let n = k;
      if (CURRENCY.has(t.text) && tokens[k + 1]?.kind === 'number') {
        currency = CURRENCY.get(t.text)!;
        n = k + 1;
      }
      const tn = tokens[n];
      if (!tn || tn.kind !== 'number') return null;
      // A year or a day of a date is not an amount.
      const v = parseNumber(tn);
      if (v === null) return null;
      const prev = tokens[k - 1];
      if (prev && DATEISH.has(prev.lower)) return null;
      // "500 Boeing aircraft": one proper noun may sit between the number and its unit.
      let u = units.longestAt(tokens, n + 1, limit);
      if (!u && tokens[n + 1]?.upper && tokens[n + 1]?.kind === 'word') u = units.longestAt(tokens, n + 2, limit);
      if (!u && !currency) return null;
      let unit = u ? u.values[0]!.unit : null;
      const end = Math.min(u ? u.end : n + 1, limit);
      if (u && u.values[0]!.factor !== 1 && currency) unit = `${currency}-${unit}`;
      else if (currency && !u) unit = currency;
      if (unit === 'years') return null;
      const value = v;
      return { value, unit, from: k, to: end };
    }

    function objectUntil(start: number, limit: number): { text: string | null; end: number } {
      let s = start;
      for (;;) {
        while (s < limit && (DETERMINERS.has(tokens[s]!.lower) || tokens[s]!.kind === 'punct')) s++;
        // A period right after the action ("suspend for one year, starting on …, the rule") is skipped.
        const p = s < limit ? periods.longestAt(tokens, s, limit) : null;
        const pe = p ? periodContentEnd(p.end, limit) : 0;
        if (p && pe > p.end) {
          s = pe;
          continue;
        }
        break;
      }
      let e = s;
      while (e < limit) {
        const t = tokens[e]!;
        if (t.text === ',' || t.text === ';' || t.text === '.' || t.text === '(') break;
        if (amountAt(e, limit)) break;
        if (t.lower === 'by' && tokens[e + 1] && actions.longestAt(tokens, e + 1, limit)) break;
        if (t.lower === 'from' && tokens[e + 1]?.kind === 'number') break;
        const p = periods.longestAt(tokens, e, limit);
        if (p && e > s && periodContentEnd(p.end, limit) > p.end) break;
        if (e > s && (t.lower === 'and' || t.lower === 'while') && tokens[e + 1] && (actions.longestAt(tokens, e + 1, limit) || pledges.longestAt(tokens, e + 1, limit))) break;
        e++;
      }
      if (e <= s) return { text: null, end: start };
      return { text: squash(ctx.text.slice(tokens[s]!.start, tokens[e - 1]!.end)), end: e };
    }

    /** Where the content of a period phrase starting at `k` ends, or `k` when it is not a period. */
    function periodContentEnd(k: number, limit: number): number {
      let e = k;
      let dateish = false;
      while (e < limit) {
        const t = tokens[e]!;
        if (t.text === ';' || t.text === '.' || t.text === '(') break;
        if (t.text === ',') {
          // Keep lists of years and "November 10, 2025".
          const nx = tokens[e + 1];
          if (nx && (nx.kind === 'number' || (nx.lower === 'and' && tokens[e + 2]?.kind === 'number'))) {
            e++;
            continue;
          }
          break;
        }
        if (t.lower === 'and' && tokens[e + 1]?.kind !== 'number') break;
        if (t.kind === 'number' || DATEISH.has(t.lower) || NUMBER_WORDS.has(t.lower)) dateish = true;
        if (e - k > 12) break;
        e++;
      }
      return dateish ? e : k;
    }

    function periodFrom(start: number, limit: number): string | null {
      const parts: string[] = [];
      let k = start;
      while (k < limit) {
        const p = periods.longestAt(tokens, k, limit);
        if (p) {
          const e = periodContentEnd(p.end, limit);
          if (e > p.end) {
            const marker = p.values[0]!;
            // "during the last two months of 2025" → "the last two months of 2025"; "in each of …" → "each of …".
            const s = STRIP_MARKERS.has(marker) ? p.end : marker.startsWith('in ') ? p.start + 1 : p.start;
            parts.push(ctx.text.slice(tokens[s]!.start, tokens[e - 1]!.end));
            k = e;
            // Chain ", starting on …" onto "for one year".
            if (tokens[k]?.text === ',') k++;
            continue;
          }
        }
        if (parts.length > 0) break;
        k++;
      }
      return parts.length > 0 ? squash(parts.join(', ')) : null;
    }
  };
}
