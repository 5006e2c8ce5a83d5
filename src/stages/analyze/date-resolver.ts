// Resolves date expressions of a sentence against the document date with chrono-node. Cheap
// pre-check first: chrono only runs on sentences holding a date-like word.
import * as chrono from 'chrono-node';
import type { Token } from './tokenizer.js';

export interface ResolvedDate {
  /** YYYY-MM-DD, or YYYY-MM when only the month is known. */
  date: string;
  /** Character offsets in the document. */
  start: number;
  end: number;
}

const DATE_WORDS = new Set([
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'today', 'yesterday', 'tomorrow', 'tonight',
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'week', 'month', 'weekend', 'ago', 'earlier',
]);
const FUTURE = new Set(['will', 'would', 'next', 'plans', 'plan', 'planned', 'upcoming', 'scheduled', 'invited', 'invite', 'invites', 'visit', 'expected', "'ll", 'shall', 'to']);

// Event dates are days and months: the time-of-day and time-zone parsers and refiners are the
// slowest part of chrono and are left out (matched by class name; unknown names stay in).
const UNUSED = new Set(['ENTimeExpressionParser', 'ENCasualTimeParser', 'ENTimeUnitLaterFormatParser', 'ExtractTimezoneOffsetRefiner', 'ExtractTimezoneAbbrRefiner', 'ENMergeDateTimeRefiner']);
const casual = chrono.en.casual.clone();
casual.parsers = casual.parsers.filter((p) => !UNUSED.has(p.constructor.name));
casual.refiners = casual.refiners.filter((r) => !UNUSED.has(r.constructor.name));

export function hasDateWord(tokens: readonly Token[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const t = tokens[k]!;
    if (t.kind === 'word' && DATE_WORDS.has(t.lower)) return true;
    if (t.kind === 'number' && t.text.length === 4 && (t.text.startsWith('19') || t.text.startsWith('20'))) return true;
  }
  return false;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** All dates of text[start, end) resolved against `ref`. */
export function resolveDates(text: string, start: number, end: number, ref: Date, tokens: readonly Token[], from: number, to: number): ResolvedDate[] {
  if (!hasDateWord(tokens, from, to)) return [];
  // chrono's cost grows with the text it scans: parse only small windows around date-like words.
  const windows: { s: number; e: number }[] = [];
  for (let k = from; k < to; k++) {
    const t = tokens[k]!;
    const dateLike = (t.kind === 'word' && DATE_WORDS.has(t.lower)) || (t.kind === 'number' && t.text.length === 4 && (t.text.startsWith('19') || t.text.startsWith('20')));
    if (!dateLike) continue;
    const s = tokens[Math.max(from, k - 3)]!.start;
    const e = tokens[Math.min(to - 1, k + 4)]!.end;
    const last = windows[windows.length - 1];
    if (last && s <= last.e) last.e = Math.max(last.e, e);
    else windows.push({ s, e });
  }
  const results: { index: number; text: string; start: chrono.ParsedComponents }[] = [];
  for (const w of windows) {
    for (const r of casual.parse(text.slice(w.s, w.e), { instant: ref, timezone: 0 }, { forwardDate: false })) {
      results.push({ index: w.s - start + r.index, text: r.text, start: r.start });
    }
  }
  const out: ResolvedDate[] = [];
  for (const r of results) {
    const c = r.start;
    const y = c.get('year');
    const m = c.get('month');
    const d = c.get('day');
    if (y === null || m === null) continue;
    let year = y;
    // Month (and day) without a year: chrono picks the nearest; a future-tense clause (a few words
    // before the date: "will", "invited … to visit") wants the next one.
    const at = start + r.index;
    let future = false;
    for (let k = from; k < to && tokens[k]!.start < at; k++) if (at - tokens[k]!.start < 45 && FUTURE.has(tokens[k]!.lower)) future = true;
    if (!c.isCertain('year') && c.isCertain('month') && future) {
      const candidate = new Date(Date.UTC(year, m - 1, d ?? 1));
      if (candidate.getTime() < ref.getTime() - 86_400_000) year++;
    }
    const date = c.isCertain('day') || c.isCertain('weekday') || (!c.isCertain('month') && d !== null)
      ? `${year}-${pad(m)}-${pad(d ?? 1)}`
      : `${year}-${pad(m)}`;
    out.push({ date, start: start + r.index, end: start + r.index + r.text.length });
  }
  return out;
}
