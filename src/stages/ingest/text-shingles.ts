// Word tokens and shingles shared by near-duplicate and syndication detection. Han and kana count
// one token per character, since those scripts do not separate words with spaces.

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

/** FNV-1a 32-bit. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Hashes of overlapping k-token windows, without building the window strings: each token is
 * hashed once and a window's hash mixes its k token hashes in order. Texts shorter than k give
 * one hash. Same windows give the same hash in any text, so the values can be compared across
 * documents (they are 30-bit, and not equal to hash32 of the joined window).
 */
export function shingleHashes(tokens: readonly string[], k: number): Uint32Array {
  if (tokens.length === 0) return new Uint32Array(0);
  const th = Uint32Array.from(tokens, hash32);
  const windows = tokens.length <= k ? 1 : tokens.length - k + 1;
  const width = Math.min(k, tokens.length);
  const seen = new Set<number>();
  for (let i = 0; i < windows; i++) {
    let h = 0x9747b28c ^ width;
    for (let j = 0; j < width; j++) h = Math.imul((h ^ th[i + j]!) >>> 0, 0x01000193) ^ (h >>> 15);
    // 30 bits: small integers ("Smis") are the fast keys of V8's Maps and Sets.
    seen.add(h >>> 2);
  }
  return Uint32Array.from(seen);
}
