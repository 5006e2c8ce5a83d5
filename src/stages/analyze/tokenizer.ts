// Tokens with UTF-16 offsets, produced by one hand-written scan (no regexes, no backtracking).
// Words keep inner apostrophes and hyphens ("China's", "cease-fire"); dotted abbreviations stay
// whole ("U.S.", "a.m."); numbers keep inner separators ("12.5", "1,000").

export type TokenKind = 'word' | 'number' | 'punct';

export interface Token {
  text: string;
  /** Lowercased text, for case-insensitive matching. */
  lower: string;
  /** Match keys (curly apostrophes folded), computed once: exact and lowercased. */
  key: string;
  lkey: string;
  start: number;
  end: number;
  kind: TokenKind;
  /** First character is an uppercase letter. */
  upper: boolean;
}

function isLetter(c: number): boolean {
  if (c < 128) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  // Latin-1 letters, Latin Extended, Greek, Cyrillic, CJK and others: anything that is not
  // punctuation or space in the ranges we meet in news text.
  if (c === 0xd7 || c === 0xf7) return false;
  if (c >= 0xc0 && c <= 0x24f) return true;
  if (c >= 0x370 && c <= 0x52f) return true;
  if (c >= 0x590 && c <= 0x6ff) return true;
  if (c >= 0x900 && c <= 0xdff) return true;
  if (c >= 0x1100 && c <= 0x11ff) return true;
  if (c >= 0x3040 && c <= 0x30ff) return true;
  if (c >= 0x3400 && c <= 0x9fff) return true;
  if (c >= 0xac00 && c <= 0xd7af) return true;
  if (c >= 0xf900 && c <= 0xfaff) return true;
  return false;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isUpperAt(s: string, i: number): boolean {
  const ch = s[i];
  if (ch === undefined) return false;
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

const APOSTROPHES = new Set([39, 0x2019]);
const HYPHENS = new Set([45, 0x2010, 0x2011]);

/** Tokenize `text[from, to)`. */
export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const out: Token[] = [];
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x3000 || c === 0x200b) {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(c)) {
      i++;
      while (i < to) {
        const d = text.charCodeAt(i);
        if (isDigit(d)) i++;
        else if ((d === 46 || d === 44) && i + 1 < to && isDigit(text.charCodeAt(i + 1))) i += 2;
        else break;
      }
      // "H200", "2nd", "10th": digits followed by letters stay one token.
      while (i < to && isLetter(text.charCodeAt(i))) i++;
      push(out, text, start, i, 'number');
      continue;
    }
    if (isLetter(c)) {
      i++;
      for (;;) {
        while (i < to && (isLetter(text.charCodeAt(i)) || isDigit(text.charCodeAt(i)))) i++;
        const d = text.charCodeAt(i);
        // A possessive "'s" is its own token, so "Xi's" matches the name "Xi".
        if (APOSTROPHES.has(d) && i + 1 < to && (text.charCodeAt(i + 1) === 115 || text.charCodeAt(i + 1) === 83) && (i + 2 >= to || !isLetter(text.charCodeAt(i + 2)))) break;
        if (i + 1 < to && (APOSTROPHES.has(d) || HYPHENS.has(d)) && isLetter(text.charCodeAt(i + 1))) {
          i += 2;
          continue;
        }
        break;
      }
      // Dotted abbreviations: single letters separated by periods ("U.S.", "a.m.", "U.S.A.").
      if (i - start === 1 && text.charCodeAt(i) === 46 && i + 2 < to && isLetter(text.charCodeAt(i + 1)) && text.charCodeAt(i + 2) === 46) {
        let j = i;
        while (j + 2 < to && text.charCodeAt(j) === 46 && isLetter(text.charCodeAt(j + 1)) && (j + 2 >= to || !isLetter(text.charCodeAt(j + 2)))) j += 2;
        // include the final period
        if (text.charCodeAt(j) === 46) j++;
        i = j;
      }
      push(out, text, start, i, 'word');
      if (i + 1 < to && APOSTROPHES.has(text.charCodeAt(i)) && (text.charCodeAt(i + 1) === 115 || text.charCodeAt(i + 1) === 83) && (i + 2 >= to || !isLetter(text.charCodeAt(i + 2)))) {
        push(out, text, i, i + 2, 'word');
        i += 2;
      }
      continue;
    }
    // Surrogate pairs (emoji, rare CJK) form one punct token.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) i += 2;
    else i++;
    push(out, text, start, i, 'punct');
  }
  return out;
}

function push(out: Token[], text: string, start: number, end: number, kind: TokenKind): void {
  const t = text.slice(start, end);
  const lower = t.toLowerCase();
  const curly = t.indexOf('\u2019') >= 0;
  out.push({
    text: t, lower, key: curly ? t.replace(/\u2019/g, "'") : t, lkey: curly ? lower.replace(/\u2019/g, "'") : lower,
    start, end, kind, upper: kind === 'word' && isUpperAt(text, start),
  });
}
