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
  /** `keyHash(key)` and `keyHash(lkey)`: phrase tries test these before any map lookup. */
  keyHash: number;
  lkeyHash: number;
  start: number;
  end: number;
  kind: TokenKind;
  /** First character is an uppercase letter. */
  upper: boolean;
}

// FNV-1a in int32 arithmetic (the offset basis as a signed 32-bit value).
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
/**
 * Hashes keep 30 bits: small integers that V8 stores in place in every token (a full 32-bit value
 * would be boxed as a heap number, two allocations per token and slower field access).
 */
const HASH_BITS = 0x3fffffff;

/** FNV-1a of a match key: a cheap, well-spread number for membership filters (not for identity). */
export function keyHash(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h & HASH_BITS;
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
  const c = s.charCodeAt(i);
  // ASCII without building one-character strings: only A-Z are uppercase letters.
  if (c < 128) return c >= 65 && c <= 90;
  const ch = s[i];
  if (ch === undefined) return false;
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

function isApostrophe(c: number): boolean {
  return c === 39 || c === 0x2019;
}

function isHyphen(c: number): boolean {
  return c === 45 || c === 0x2010 || c === 0x2011;
}

/**
 * Tokens of a phrase from the knowledge files (gazetteer aliases, cue words …), tokenized like
 * document text. V8 represents strings in several ways (sequential, sliced, concatenated "cons",
 * internalized), each with its own hidden class, and once `tokenize` has seen more than four of
 * them its character reads go through a slow generic lookup for every document that follows
 * (measured: twice the tokenizing time after the gazetteer's "title name" phrases, built with
 * template literals, had been tokenized). Documents arrive as sequential or sliced strings, so a
 * phrase is copied into a new sequential string first (joining builds one; the leading space keeps
 * a one-character phrase from coming back as an internalized string) and tokenized after the space.
 */
export function phraseTokens(phrase: string): Token[] {
  const toks = tokenize([' ', phrase].join(''), 1);
  for (const t of toks) {
    t.start -= 1;
    t.end -= 1;
  }
  return toks;
}

/** Tokenize `text[from, to)`. */
export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const out: Token[] = [];
  let i = from;
  // A possessive "'s" found after a word is emitted as the next token.
  let possessive = false;
  while (i < to) {
    const start = i;
    let kind: TokenKind;
    if (possessive) {
      possessive = false;
      i += 2;
      kind = 'word';
    } else {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x3000 || c === 0x200b) {
        i++;
        continue;
      }
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
        kind = 'number';
      } else if (isLetter(c)) {
        i++;
        for (;;) {
          // Letters and digits; ASCII is tested inline, so this loop does not depend on inlining.
          while (i < to) {
            const w = text.charCodeAt(i);
            if ((w >= 97 && w <= 122) || (w >= 65 && w <= 90) || (w >= 48 && w <= 57) || (w >= 128 && isLetter(w))) i++;
            else break;
          }
          // Only read when a character follows (every test of `d` below needs i + 1 < to): a read
          // past the end gives NaN, and the compiled loop falls back to slow float compares.
          const d = i + 1 < to ? text.charCodeAt(i) : -1;
          // A possessive "'s" is its own token, so "Xi's" matches the name "Xi".
          if (isApostrophe(d) && i + 1 < to && (text.charCodeAt(i + 1) === 115 || text.charCodeAt(i + 1) === 83) && (i + 2 >= to || !isLetter(text.charCodeAt(i + 2)))) break;
          if (i + 1 < to && (isApostrophe(d) || isHyphen(d)) && isLetter(text.charCodeAt(i + 1))) {
            i += 2;
            continue;
          }
          break;
        }
        // Dotted abbreviations: single letters separated by periods ("U.S.", "a.m.", "U.S.A.").
        if (i - start === 1 && i + 2 < to && text.charCodeAt(i) === 46 && isLetter(text.charCodeAt(i + 1)) && text.charCodeAt(i + 2) === 46) {
          let j = i;
          while (j + 2 < to && text.charCodeAt(j) === 46 && isLetter(text.charCodeAt(j + 1)) && (j + 2 >= to || !isLetter(text.charCodeAt(j + 2)))) j += 2;
          // include the final period
          if (text.charCodeAt(j) === 46) j++;
          i = j;
        }
        possessive = i + 1 < to && isApostrophe(text.charCodeAt(i)) && (text.charCodeAt(i + 1) === 115 || text.charCodeAt(i + 1) === 83) && (i + 2 >= to || !isLetter(text.charCodeAt(i + 2)));
        kind = 'word';
      } else {
        // Surrogate pairs (emoji, rare CJK) form one punct token.
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) i += 2;
        else i++;
        kind = 'punct';
      }
    }
    // The token text[start, i), built here in one place (not in a helper) so that this hot loop
    // stays one function for the compiler. One pass over its characters gives the hashes of the
    // exact and lowercased keys, and says whether lowercasing or folding is needed at all.
    const t = text.slice(start, i);
    let hash = FNV_OFFSET;
    let lhash = FNV_OFFSET;
    let curly = false;
    let hasUpper = false;
    let nonAscii = false;
    for (let k = start; k < i; k++) {
      let ch = text.charCodeAt(k);
      if (ch === 0x2019) {
        curly = true;
        ch = 39;
      } else if (ch >= 128) nonAscii = true;
      hash = Math.imul(hash ^ ch, FNV_PRIME);
      if (ch >= 65 && ch <= 90) {
        hasUpper = true;
        ch += 32;
      }
      lhash = Math.imul(lhash ^ ch, FNV_PRIME);
    }
    const lower = hasUpper || nonAscii ? t.toLowerCase() : t;
    const key = curly ? t.replace(/\u2019/g, "'") : t;
    const lkey = curly ? lower.replace(/\u2019/g, "'") : lower;
    out.push({
      text: t, lower, key, lkey, keyHash: hash & HASH_BITS,
      // Outside ASCII, lowercasing is toLowerCase's business: hash what it produced.
      lkeyHash: nonAscii ? keyHash(lkey) : lhash & HASH_BITS,
      start, end: i, kind, upper: kind === 'word' && isUpperAt(text, start),
    });
  }
  return out;
}
