// Cheap text features for grouping and comparison: salient terms, TF-IDF vectors, shingles.
// Language-light on purpose: words for alphabetic scripts, character bigrams for Han/Kana/Hangul.

const SPLIT = /[^\p{L}\p{N}]+/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Lower-cased tokens; CJK runs become overlapping character bigrams. */
export function tokenize(text: string): string[] {
  const raw = text.toLowerCase().split(SPLIT);
  if (!CJK.test(text)) return raw.filter((t) => t.length > 0);
  const out: string[] = [];
  for (const t of raw) {
    if (t.length === 0) continue;
    if (!CJK.test(t)) {
      out.push(t);
      continue;
    }
    const chars = [...t];
    if (chars.length === 1) out.push(t);
    for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
  }
  return out;
}

function allDigits(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** A token worth comparing: not a stop word, not a one-letter word (numbers are kept). */
export function isSalient(token: string, stopwords: ReadonlySet<string>): boolean {
  if (token.length >= 3) return !stopwords.has(token);
  if (stopwords.has(token)) return false;
  return allDigits(token) || CJK.test(token);
}

/** Term frequencies of the salient tokens of a text. */
export function termFrequencies(text: string | string[], stopwords: ReadonlySet<string>): Map<string, number> {
  const tf = new Map<string, number>();
  for (const t of typeof text === 'string' ? tokenize(text) : text) {
    if (isSalient(t, stopwords)) tf.set(t, (tf.get(t) ?? 0) + 1);
  }
  return tf;
}

/** The set of salient terms of a text (for overlap tests between sentences). */
export function salientTermSet(text: string, stopwords: ReadonlySet<string>): Set<string> {
  const s = new Set<string>();
  for (const t of tokenize(text)) if (isSalient(t, stopwords)) s.add(t);
  return s;
}

/** Document frequencies, grown as documents are seen. */
export class DocumentFrequency {
  private readonly df = new Map<string, number>();
  private n = 0;

  /** `floor` is added to every IDF: 0 lets ubiquitous words vanish, 1 keeps them countable (actors). */
  constructor(private readonly floor = 0) {}

  observe(terms: Iterable<string>): void {
    this.n++;
    for (const t of terms) this.df.set(t, (this.df.get(t) ?? 0) + 1);
  }

  get documents(): number {
    return this.n;
  }

  private cacheN = -1;
  private readonly cache = new Map<string, number>();

  /** Smoothed inverse document frequency, about 0 for a term in every document; unseen terms get the maximum. Cached while N is unchanged. */
  idf(term: string): number {
    if (this.cacheN !== this.n) {
      this.cache.clear();
      this.cacheN = this.n;
    }
    let v = this.cache.get(term);
    if (v === undefined) {
      // With floor 0 a term in every document weighs 0; the grouper uses floor 1 (stop words are removed first).
      v = Math.log((this.n + 1) / ((this.df.get(term) ?? 0) + 1)) + this.floor;
      this.cache.set(term, v);
    }
    return v;
  }
}

export type SparseVector = Map<string, number>;

/** A unit-length TF-IDF vector over the `limit` heaviest terms. */
export function tfidfVector(tf: Map<string, number>, df: DocumentFrequency, limit: number): SparseVector {
  const weighted: [string, number][] = [];
  for (const [t, f] of tf) weighted.push([t, (1 + Math.log(f)) * df.idf(t)]);
  weighted.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const top = weighted.slice(0, limit);
  let norm = 0;
  for (const [, w] of top) norm += w * w;
  norm = Math.sqrt(norm) || 1;
  return new Map(top.map(([t, w]) => [t, w / norm]));
}

export function dot(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [t, w] of small) {
    const v = large.get(t);
    if (v !== undefined) s += w * v;
  }
  return s;
}

/**
 * Cosine of the `k` heaviest terms of `v` (a vector built by tfidfVector, heaviest first) with
 * `c`, whose squared norm is `cNorm2`: a cheaper stand-in for the full cosine when `c` is large.
 */
export function topCosine(v: SparseVector, c: Map<string, number>, cNorm2: number, k: number): number {
  if (cNorm2 <= 0) return 0;
  let d = 0;
  let n = 0;
  let i = 0;
  for (const [t, w] of v) {
    if (i++ >= k) break;
    n += w * w;
    const x = c.get(t);
    if (x !== undefined) d += w * x;
  }
  return n > 0 ? d / Math.sqrt(n * cNorm2) : 0;
}

/** 32-bit FNV-1a, for shingle hashing and short stable ids. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * fnv1a of each token: the word hashes that shingles, sketches and syndication passages are made
 * of. A thread that has them for a text (story grouping's record) hands them on instead of having
 * the text tokenised again.
 */
export function wordHashes(tokens: readonly string[]): Uint32Array {
  const out = new Uint32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) out[i] = fnv1a(tokens[i]!);
  return out;
}

/** Hashes of the word k-shingles of a text (all tokens, so quoted passages match verbatim). */
export function shingleHashes(text: string | string[], k: number): Set<number> {
  const hashes = wordHashes(typeof text === 'string' ? tokenize(text) : text);
  const out = new Set<number>();
  for (let i = 0; i + k <= hashes.length; i++) out.add(shingleAt(hashes, i, k));
  return out;
}

/** The hash of the shingle of `k` word hashes starting at `i`: an order-sensitive combination. */
export function shingleAt(hashes: ArrayLike<number>, i: number, k: number): number {
  let h = 0x9e3779b9;
  for (let j = 0; j < k; j++) h = Math.imul(h ^ hashes[i + j]!, 0x01000193) >>> 0;
  return h;
}

/** Lowers each of the sketch's minima that shingle `h` undercuts. */
function addToSketch(sig: Uint32Array, h: number): void {
  for (let s = 0; s < sig.length; s++) {
    const v = Math.imul(h ^ SEEDS[s]!, 0x85ebca6b) >>> 0;
    const x = (v ^ (v >>> 13)) >>> 0;
    if (x < sig[s]!) sig[s] = x;
  }
}

/** A MinHash sketch of a shingle set: `size` minima under cheap universal hashes. */
export function minHash(shingles: ReadonlySet<number>, size: number): Uint32Array {
  const sig = new Uint32Array(size).fill(0xffffffff);
  for (const h of shingles) addToSketch(sig, h);
  return sig;
}

const SEEDS = Uint32Array.from({ length: 128 }, (_, i) => Math.imul(i + 1, 0x9e3779b1) >>> 0);

/**
 * A MinHash sketch of the k-shingles of a sequence of word hashes (fnv1a of each token), computed
 * on the fly without a shingle set: the same sketch as minHash(shingleHashes(tokens, k), size).
 */
export function minHashOfHashes(hashes: ArrayLike<number>, k: number, size: number): Uint32Array {
  const sig = new Uint32Array(size).fill(0xffffffff);
  for (let i = 0; i + k <= hashes.length; i++) addToSketch(sig, shingleAt(hashes, i, k));
  return sig;
}

/** Estimated Jaccard similarity of two sketches (0 when either text was too short). */
export function minHashSimilarity(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 || b.length === 0 || a[0] === 0xffffffff || b[0] === 0xffffffff) return 0;
  let same = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] === b[i]) same++;
  return same / n;
}

/** Share of the smaller set found in the larger one (containment), 0 when either is empty. */
export function containment(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let hit = 0;
  for (const h of small) if (large.has(h)) hit++;
  return hit / small.size;
}
