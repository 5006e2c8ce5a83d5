// Paragraphs and sentences of news prose. Knows abbreviations (from data/cues.yaml), initials,
// decimals, closing quotes after the final stop, bullets, hard-wrapped lines and wire datelines
// ("BEIJING, Nov. 25 (Xinhua) --"), whose agency becomes a `via` for the document.
import type { Sentence, Span } from '../../domain/index.js';

export interface SentenceSplitterOptions {
  abbreviations: readonly string[];
  sentenceFinalAbbreviations: readonly string[];
  sentenceOpeners: readonly string[];
}

export interface Dateline extends Span {
  /** The agency named in parentheses, e.g. "Xinhua", with its span; null when none. */
  agency: { text: string; start: number; end: number } | null;
}

export interface SplitResult {
  paragraphs: Span[];
  sentences: Sentence[];
  datelines: Dateline[];
}

const CLOSERS = new Set(['"', '\u201d', '\u2019', "'", ')', ']', '\u00bb', '\u300d', '\u300f', '\u203a']);
const OPENERS = new Set(['"', '\u201c', '\u2018', "'", '(', '[', '\u00ab', '\u300c', '\u300e', '\u2039']);
const CJK_STOPS = new Set(['\u3002', '\uff01', '\uff1f']);
const BULLETS = new Set(['-', '*', '\u2022', '\u2013', '\u00b7']);

// Bounded to the first 120 characters of a paragraph, so it cannot run away.
const DATELINE = /^([A-Z][A-Z.'\u2019-]+(?:[ ,/][A-Z][A-Z.'\u2019-]+)*)((?:,\s*[A-Za-z]{3,9}\.?\s+\d{1,2}(?:,\s*\d{4})?)?)\s*(?:\(([A-Za-z][A-Za-z .&-]{1,30})\))?\s*(?:--|\u2014|\u2013|-|:)\s+/;

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u00a0' || c === '\u3000';
}

function isUpper(c: string | undefined): boolean {
  return c !== undefined && c !== c.toLowerCase() && c === c.toUpperCase();
}

// Char-code forms of the sets above, for the per-character loop (NaN past the end is no match).
function isSpaceCode(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x3000;
}

function isCjkStopCode(c: number): boolean {
  return c === 0x3002 || c === 0xff01 || c === 0xff1f;
}

function isCloserCode(c: number): boolean {
  return c === 34 || c === 0x201d || c === 0x2019 || c === 39 || c === 41 || c === 93 || c === 0xbb || c === 0x300d || c === 0x300f || c === 0x203a;
}

function isOpenerCode(c: number): boolean {
  return c === 34 || c === 0x201c || c === 0x2018 || c === 39 || c === 40 || c === 91 || c === 0xab || c === 0x300c || c === 0x300e || c === 0x2039;
}

function isBulletCode(c: number): boolean {
  return c === 45 || c === 42 || c === 0x2022 || c === 0x2013 || c === 0xb7;
}

/** `isUpper(text[i])` for the code `c` at `i`: ASCII directly, anything else by case mapping. */
function isUpperCode(text: string, i: number, c: number): boolean {
  if (c < 128) return c >= 65 && c <= 90;
  return isUpper(text[i]);
}

export function createSentenceSplitter(options: SentenceSplitterOptions): (text: string) => SplitResult {
  const abbrev = new Set(options.abbreviations.map((a) => a.replace(/\.$/, '')));
  const finalAbbrev = new Set(options.sentenceFinalAbbreviations.map((a) => a.replace(/\.$/, '')));
  const openers = new Set(options.sentenceOpeners);

  function paragraphsOf(text: string): Span[] {
    const lines: Span[] = [];
    for (let s = 0; ;) {
      const nl = text.indexOf('\n', s);
      lines.push({ start: s, end: nl < 0 ? text.length : nl });
      if (nl < 0) break;
      s = nl + 1;
    }
    const paras: Span[] = [];
    let cur: Span | null = null;
    let prevTrim = '';
    for (const line of lines) {
      const raw = text.slice(line.start, line.end);
      const trimmed = raw.trim();
      if (trimmed === '' || trimmed === '<!-- -->') {
        if (cur) paras.push(cur);
        cur = null;
        prevTrim = '';
        continue;
      }
      const lead = raw.length - raw.trimStart().length;
      const start = line.start + lead;
      const end = line.start + raw.trimEnd().length;
      const first = trimmed[0];
      const startsBullet = first !== undefined && (BULLETS.has(first) && isSpace(trimmed[1]) || /^\d{1,2}[.)]\s/.test(trimmed.slice(0, 4)));
      const last = prevTrim[prevTrim.length - 1];
      // A closing quote ends a line's sentence only after a stop ('…win."'); "leaders’" is a possessive.
      const beforeLast = prevTrim[prevTrim.length - 2];
      const prevEnds = last !== undefined && ('.!?:;'.includes(last) || CJK_STOPS.has(last)
        || (CLOSERS.has(last) && beforeLast !== undefined && '.!?,'.includes(beforeLast)));
      // A hard-wrapped line continues its paragraph: the previous line does not end a sentence
      // (or ends in an abbreviation such as "U.S." before a lowercase word).
      const nextLower = first !== undefined && first === first.toLowerCase() && first !== first.toUpperCase();
      const continues = !startsBullet && ((!prevEnds && (prevTrim.length >= 50 || last === ',')) || (prevEnds && last === '.' && nextLower));
      if (cur && continues) {
        cur.end = end; // a hard-wrapped line continues its paragraph
      } else {
        if (cur) paras.push(cur);
        cur = { start, end };
      }
      prevTrim = trimmed;
    }
    if (cur) paras.push(cur);
    return paras;
  }

  /** Is the period at `i` the end of an abbreviation or an initial that does not end the sentence? */
  function abbreviationHolds(text: string, i: number, nextWordStart: number, paraEnd: number): boolean {
    let j = i;
    // Abbreviations are short: never look further back than 12 characters (keeps splitting linear).
    while (j > 0 && i - j < 12 && !isSpace(text[j - 1]) && !OPENERS.has(text[j - 1]!)) j--;
    const word = text.slice(j, i);
    if (word.length === 0) return false;
    const bare = word.replace(/\.$/, '');
    const isInitial = bare.length === 1 && isUpper(bare);
    const known = abbrev.has(bare);
    if (!known && !isInitial) return false;
    if (finalAbbrev.has(bare)) {
      let k = nextWordStart;
      while (k < paraEnd && /[A-Za-z]/.test(text[k]!)) k++;
      const next = text.slice(nextWordStart, k);
      return !openers.has(next);
    }
    return true;
  }

  return function split(text: string): SplitResult {
    const paragraphs = paragraphsOf(text);
    const sentences: Sentence[] = [];
    const datelines: Dateline[] = [];
    // Start of the sentence being read; the loop below is per character, so it looks at char
    // codes and calls no closures.
    let s = 0;
    const pushSentence = (end: number, paragraph: number): void => {
      let a = s;
      let b = end;
      while (a < b && isSpaceCode(text.charCodeAt(a))) a++;
      while (b > a && isSpaceCode(text.charCodeAt(b - 1))) b--;
      if (b > a) sentences.push({ start: a, end: b, index: sentences.length, paragraph });
      s = end;
    };
    for (let pi = 0; pi < paragraphs.length; pi++) {
      const p = paragraphs[pi]!;
      s = p.start;
      // Bullet markers and a dateline are not part of the first sentence.
      if (isBulletCode(text.charCodeAt(s)) && isSpaceCode(text.charCodeAt(s + 1))) {
        s++;
        while (s < p.end && isSpaceCode(text.charCodeAt(s))) s++;
      }
      const head = text.slice(s, Math.min(p.end, s + 120));
      const m = DATELINE.exec(head);
      if (m && m[1] && m[1].replace(/[^A-Z]/g, '').length >= 3 && (m[3] || m[2] || /--|\u2014/.test(m[0]))) {
        let agency: Dateline['agency'] = null;
        if (m[3]) {
          const aStart = s + m[0].indexOf('(' + m[3]) + 1;
          agency = { text: m[3].trim(), start: aStart, end: aStart + m[3].trim().length };
        }
        datelines.push({ start: s, end: s + m[0].trimEnd().length, agency });
        s += m[0].length;
      }
      let i = s;
      while (i < p.end) {
        const c = text.charCodeAt(i);
        if (c === 46 || c === 33 || c === 63 || c === 0x2026 || isCjkStopCode(c)) {
          let e = i + 1;
          for (let d = text.charCodeAt(e); e < p.end && (d === 46 || d === 33 || d === 63); d = text.charCodeAt(e)) e++;
          while (e < p.end && isCloserCode(text.charCodeAt(e))) e++;
          if (isCjkStopCode(c)) {
            pushSentence(e, pi);
            i = e;
            continue;
          }
          if (e >= p.end) break;
          if (!isSpaceCode(text.charCodeAt(e))) {
            i = e;
            continue;
          }
          let n = e;
          while (n < p.end && isSpaceCode(text.charCodeAt(n))) n++;
          const nc = text.charCodeAt(n);
          const plausibleStart = isUpperCode(text, n, nc) || (nc >= 48 && nc <= 57) || isOpenerCode(nc) || isBulletCode(nc);
          if (!plausibleStart) {
            i = e;
            continue;
          }
          if (c === 46 && e === i + 1 && abbreviationHolds(text, i, n, p.end)) {
            i = e;
            continue;
          }
          pushSentence(e, pi);
          i = n;
          continue;
        }
        i++;
      }
      pushSentence(p.end, pi);
    }
    return { paragraphs, sentences, datelines };
  };
}
