// Word tokens and shingles shared by near-duplicate and syndication detection. Han and kana count
// one token per character, since those scripts do not separate words with spaces.
import { shingleHashes } from '../stories/text-features.js';

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
 * Passage hashes for syndication: the k-token window hashes story grouping and relay analysis
 * use (stories' shingleHashes), with a text shorter than k giving one window, and cut to 30 bits:
 * small integers ("Smis") are the fast keys of V8's Maps and Sets.
 */
export function passageHashes(tokens: string[], k: number): Uint32Array {
  if (tokens.length === 0) return new Uint32Array(0);
  const out = new Set<number>();
  for (const h of shingleHashes(tokens, Math.min(k, tokens.length))) out.add(h >>> 2);
  return Uint32Array.from(out);
}
