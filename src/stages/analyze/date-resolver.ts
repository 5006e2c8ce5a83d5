// Resolves date expressions of a sentence against the document date with chrono-node. Cheap
// pre-checks first: chrono only runs on sentences holding a date-like word, only on small windows
// around those words, and only with the parsers whose patterns can match the window.
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

/** The options every parse runs with; the parser conditions below are read for these. */
export const PARSE_OPTIONS: Readonly<chrono.ParsingOption> = Object.freeze({ forwardDate: false });

const MONTH_NAME = /jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec/i;
const DIGIT = /[0-9]/;
/**
 * What each chrono parser's pattern cannot match without, read off chrono-node 2.10.3's patterns
 * under PARSE_OPTIONS (date-resolver.test.ts fails when the installed patterns differ): the month
 * parsers need a month name, and every month name and abbreviation starts with one of the twelve
 * three-letter ones; the weekday parser needs a weekday name or "week…"; the numeric formats a
 * digit; "… ago" needs "ago", "before" or "earlier"; and so on. The patterns are case-insensitive
 * without the u flag, where an ASCII letter matches only itself in either case, so the same /i
 * test on the window is exact. A window that fails a parser's condition gets no result from that
 * parser, so it is parsed without it: the same results for a fraction of chrono's regex work (a
 * window usually holds one kind of date word). Parsers not named here always run.
 */
export const PARSER_NEEDS: Readonly<Record<string, RegExp>> = {
  ENYearMonthDayParser: DIGIT,
  ISOFormatParser: DIGIT,
  SlashDateFormatParser: DIGIT,
  ENSlashMonthFormatParser: DIGIT,
  ENYearMonthNameParser: DIGIT,
  ENMonthNameLittleEndianParser: MONTH_NAME,
  ENMonthNameMiddleEndianParser: MONTH_NAME,
  ENMonthNameParser: MONTH_NAME,
  ENWeekdayParser: /mon|tue|wed|thu|fri|sat|sun|week/i,
  ENTimeUnitWithinFormatParser: /in|for/i,
  ENTimeUnitAgoFormatParser: /ago|before|earlier/i,
  ENCasualDateParser: /now|today|tonight|tomorrow|overmorrow|tmr|yesterday|last/i,
  ENEndOfCurrentMonthParser: /month/i,
  ENRelativeDateFormatParser: /this|last|past|next|after/i,
  ENTimeUnitCasualRelativeFormatParser: /this|last|past|next|after|\+|-/i,
};

/** The distinct conditions, and for each parser of `casual` the bit of its condition (0: none). */
const CONDITIONS = [...new Set(Object.values(PARSER_NEEDS))];
const PARSER_BITS = casual.parsers.map((p) => {
  const need = PARSER_NEEDS[p.constructor.name];
  return need ? 1 << CONDITIONS.indexOf(need) : 0;
});

/** chrono as configured here, with all its parsers (for tests that compare against it). */
export function fullChrono(): chrono.Chrono {
  return casual;
}

/**
 * The chrono to parse a window with: one per set of conditions the window meets, holding only
 * the parsers that can match; built on first use (a dozen or so in practice, 2^9 at most).
 */
export function createChronoPicker(): (window: string) => chrono.Chrono {
  const bySet = new Map<number, chrono.Chrono>();
  return function chronoFor(window: string): chrono.Chrono {
    let met = 0;
    for (let i = 0; i < CONDITIONS.length; i++) if (CONDITIONS[i]!.test(window)) met |= 1 << i;
    let pruned = bySet.get(met);
    if (pruned === undefined) {
      pruned = casual.clone();
      pruned.parsers = casual.parsers.filter((_, i) => PARSER_BITS[i] === 0 || (PARSER_BITS[i]! & met) !== 0);
      bySet.set(met, pruned);
    }
    return pruned;
  };
}

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

export type DateResolver = (text: string, start: number, end: number, ref: Date, tokens: readonly Token[], from: number, to: number) => ResolvedDate[];

/** A resolver of the dates of text[start, end) against `ref`; it keeps its pruned chronos. */
export function createDateResolver(): DateResolver {
  const chronoFor = createChronoPicker();
  return (text, start, end, ref, tokens, from, to) => resolveDates(chronoFor, text, start, end, ref, tokens, from, to);
}

/** All dates of text[start, end) resolved against `ref`. */
function resolveDates(chronoFor: (window: string) => chrono.Chrono, text: string, start: number, end: number, ref: Date, tokens: readonly Token[], from: number, to: number): ResolvedDate[] {
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
    const window = text.slice(w.s, w.e);
    for (const r of chronoFor(window).parse(window, { instant: ref, timezone: 0 }, PARSE_OPTIONS)) {
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
