// Turns what a user typed into plain search terms. Operators, quotes and brackets are dropped on
// purpose: the user's syntax must never reach FTS5 or tsquery as syntax.

export interface ParsedQuery {
  /** Runs of letters and digits, NFKC-normalised, at most MAX_TERMS of them. */
  terms: string[];
  /** True when a term holds Chinese, Japanese or Korean script, which word indexes do not split. */
  hasCjk: boolean;
}

const MAX_TERMS = 16;
const MAX_TERM_LENGTH = 64;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

export function parseSearchQuery(query: string): ParsedQuery {
  const found = query.normalize('NFKC').match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
  const terms: string[] = [];
  for (const t of found) {
    const term = t.slice(0, MAX_TERM_LENGTH);
    if (!terms.includes(term)) terms.push(term);
    if (terms.length >= MAX_TERMS) break;
  }
  return { terms, hasCjk: terms.some((t) => CJK.test(t)) };
}

/** A LIKE pattern matching `term` anywhere, with LIKE's own wildcards escaped by backslash. */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A short passage of `text` around the first term found, the term marked «like this». */
export function makeSnippet(text: string, terms: readonly string[], width = 80): string {
  const lower = text.toLowerCase();
  let at = -1;
  let len = 0;
  for (const t of terms) {
    const i = lower.indexOf(t.toLowerCase());
    if (i >= 0 && (at < 0 || i < at)) {
      at = i;
      len = t.length;
    }
  }
  if (at < 0) return text.slice(0, width * 2).trim() + (text.length > width * 2 ? '…' : '');
  const start = Math.max(0, at - width);
  const end = Math.min(text.length, at + len + width);
  return (start > 0 ? '…' : '') + text.slice(start, at) + '«' + text.slice(at, at + len) + '»'
    + text.slice(at + len, end) + (end < text.length ? '…' : '');
}
