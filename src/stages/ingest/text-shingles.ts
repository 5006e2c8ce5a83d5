// Word tokens and shingles of near-duplicate detection and sentence diffs (Han and kana count one
// token per character, since those scripts do not separate words with spaces), and syndication's
// passage hashes, which are windows of story grouping's word hashes instead.
import { shingleAt } from '../stories/text-features.js';

export function wordTokens(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{M}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? [];
}

/** Overlapping k-token windows joined with spaces. Texts shorter than k give one shingle. */
export function shingles(tokens: readonly string[], k: number): Set<string> {
  const out = new Set<string>();
  if (tokens.length === 0) return out;
  if (tokens.length <= k) { out.add(tokens.join(' ')); return out; }
  for (let i = 0; i + k <= tokens.length; i++) out.add(tokens.slice(i, i + k).join(' '));
  return out;
}

/**
 * Passage hashes for syndication: the k-word windows of a text's word hashes (stories'
 * wordHashes of its tokens, the windows story grouping and relay analysis use), with a text
 * shorter than k giving one window, and cut to 30 bits: small integers ("Smis") are the fast keys
 * of V8's Maps and Sets. Distinct, in order of first occurrence; computed in typed arrays (no Set
 * of boxed numbers), which is several times faster.
 */
export function passageHashes(words: ArrayLike<number>, k: number): Uint32Array {
  if (words.length === 0) return new Uint32Array(0);
  const size = Math.min(k, words.length);
  const windows = words.length - size + 1;
  const out = new Uint32Array(windows);
  // Open addressing over the 30-bit values + 1 (0 = empty), at most half full.
  let cap = 16;
  while (cap < windows * 2) cap *= 2;
  const seen = new Uint32Array(cap);
  const mask = cap - 1;
  let n = 0;
  for (let i = 0; i < windows; i++) {
    const h = shingleAt(words, i, size) >>> 2;
    let slot = Math.imul(h + 1, 0x9e3779b1) >>> 0 & mask;
    for (;;) {
      const at = seen[slot]!;
      if (at === 0) {
        seen[slot] = h + 1;
        out[n++] = h;
        break;
      }
      if (at === h + 1) break;
      slot = (slot + 1) & mask;
    }
  }
  return out.slice(0, n);
}
