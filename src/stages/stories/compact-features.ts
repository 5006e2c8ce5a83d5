// Compact features for the story grouper, which keeps one feature set per document for a whole
// corpus (100,000 documents and more): tokens interned once to integer ids, document vectors as
// typed arrays, and story centroids in a typed open-addressing table (no boxed numbers, no
// per-entry objects, so scoring allocates nothing and memory stays proportional to the terms kept).

/** Interned strings (tokens or actor ids) with document frequencies and a salience flag. */
export class Vocabulary {
  private readonly idOf = new Map<string, number>();
  private readonly strings: string[] = [];
  private salient = new Uint8Array(1024);
  private df = new Int32Array(1024);
  private idfAt = new Int32Array(1024).fill(-1);
  private idfCache = new Float64Array(1024);
  private n = 0;

  /**
   * `isSalient` decides once per distinct string whether it is worth comparing; `floor` is added
   * to every IDF (0 lets ubiquitous terms vanish, 1 keeps them countable, as for actors).
   */
  constructor(private readonly isSalientString: (s: string) => boolean, private readonly floor = 0) {}

  /** The id of a string, assigned on first sight. */
  id(s: string): number {
    let id = this.idOf.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.idOf.set(s, id);
      this.strings.push(s);
      if (id >= this.salient.length) this.grow(id + 1);
      this.salient[id] = this.isSalientString(s) ? 1 : 0;
    }
    return id;
  }

  /** The id of a string already seen, or -1. */
  find(s: string): number {
    return this.idOf.get(s) ?? -1;
  }

  string(id: number): string {
    return this.strings[id] ?? '';
  }

  isSalient(id: number): boolean {
    return this.salient[id] === 1;
  }

  /** Counts one document containing each of `distinctIds` (each id once). */
  observe(distinctIds: ArrayLike<number>): void {
    this.n++;
    for (let i = 0; i < distinctIds.length; i++) this.df[distinctIds[i]!]!++;
  }

  get documents(): number {
    return this.n;
  }

  /** Smoothed inverse document frequency, cached while the number of documents is unchanged. */
  idf(id: number): number {
    if (this.idfAt[id] !== this.n) {
      this.idfCache[id] = Math.log((this.n + 1) / (this.df[id]! + 1)) + this.floor;
      this.idfAt[id] = this.n;
    }
    return this.idfCache[id]!;
  }

  private grow(min: number): void {
    let size = this.salient.length;
    while (size < min) size *= 2;
    const salient = new Uint8Array(size);
    salient.set(this.salient);
    this.salient = salient;
    const df = new Int32Array(size);
    df.set(this.df);
    this.df = df;
    const idfAt = new Int32Array(size).fill(-1);
    idfAt.set(this.idfAt);
    this.idfAt = idfAt;
    const idfCache = new Float64Array(size);
    idfCache.set(this.idfCache);
    this.idfCache = idfCache;
  }
}

/** Term counts of a document: parallel arrays of distinct ids and their counts. */
export interface TermCounts {
  ids: Int32Array;
  counts: Int32Array;
}

/** Term counts with the terms interned in `vocab` (terms and counts as a grouping record holds them). */
export function internTerms(terms: readonly string[], counts: readonly number[], vocab: Vocabulary): TermCounts {
  const ids = new Int32Array(terms.length);
  for (let i = 0; i < terms.length; i++) ids[i] = vocab.id(terms[i]!);
  return { ids, counts: Int32Array.from(counts) };
}

/** A sparse unit vector, heaviest entries first. */
export interface CompactVector {
  ids: Int32Array;
  weights: Float64Array;
}

export const EMPTY_VECTOR: CompactVector = { ids: new Int32Array(0), weights: new Float64Array(0) };

/**
 * The unit TF-IDF vector of the `limit` heaviest terms; ties are broken by the term itself so the
 * result does not depend on the order in which terms were first seen.
 */
export function tfidfCompact(tf: TermCounts, vocab: Vocabulary, limit: number): CompactVector {
  const n = tf.ids.length;
  const order: number[] = new Array<number>(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    order[i] = i;
    w[i] = (1 + Math.log(tf.counts[i]!)) * vocab.idf(tf.ids[i]!);
  }
  order.sort((a, b) => w[b]! - w[a]! || (vocab.string(tf.ids[a]!) < vocab.string(tf.ids[b]!) ? -1 : 1));
  return unitVector(order.slice(0, limit).map((i) => tf.ids[i]!), order.slice(0, limit).map((i) => w[i]!));
}

/** A unit vector of the given entries (already heaviest first); weights ≤ 0 are dropped. */
export function unitVector(ids: number[], weights: number[]): CompactVector {
  let norm = 0;
  let kept = 0;
  for (const w of weights) {
    if (w > 0) {
      norm += w * w;
      kept++;
    }
  }
  norm = Math.sqrt(norm) || 1;
  const out = { ids: new Int32Array(kept), weights: new Float64Array(kept) };
  let k = 0;
  for (let i = 0; i < ids.length; i++) {
    if (weights[i]! <= 0) continue;
    out.ids[k] = ids[i]!;
    out.weights[k++] = weights[i]! / norm;
  }
  return out;
}

export function hasId(v: CompactVector, id: number): boolean {
  for (let i = 0; i < v.ids.length; i++) if (v.ids[i] === id) return true;
  return false;
}

/**
 * Summed weights by id (a story's centroid), with its squared norm kept up to date: open
 * addressing over typed arrays. Entries that fall back to zero stay as zeros.
 */
export class WeightTable {
  private keys: Int32Array;
  private values: Float64Array;
  private used = 0;
  /** Squared Euclidean norm of the summed vector. */
  norm2 = 0;

  constructor(capacity = 16) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.keys = new Int32Array(size).fill(-1);
    this.values = new Float64Array(size);
  }

  get size(): number {
    return this.used;
  }

  get(id: number): number {
    const mask = this.keys.length - 1;
    let i = Math.imul(id, 0x9e3779b1) & mask;
    for (;;) {
      const k = this.keys[i]!;
      if (k === id) return this.values[i]!;
      if (k === -1) return 0;
      i = (i + 1) & mask;
    }
  }

  /** Adds `delta` to the weight of `id`. */
  add(id: number, delta: number): void {
    if ((this.used + 1) * 3 > this.keys.length * 2) this.rehash(this.keys.length * 2);
    const mask = this.keys.length - 1;
    let i = Math.imul(id, 0x9e3779b1) & mask;
    for (;;) {
      const k = this.keys[i]!;
      if (k === id) break;
      if (k === -1) {
        this.keys[i] = id;
        this.used++;
        break;
      }
      i = (i + 1) & mask;
    }
    const old = this.values[i]!;
    let now = old + delta;
    // Subtracting what was added leaves rounding dust: call it zero.
    if (Math.abs(now) < 1e-12) now = 0;
    this.values[i] = now;
    this.norm2 = Math.max(0, this.norm2 + now * now - old * old);
  }

  /** Adds `sign` times a vector. */
  addVector(v: CompactVector, sign: 1 | -1): void {
    for (let i = 0; i < v.ids.length; i++) this.add(v.ids[i]!, sign * v.weights[i]!);
  }

  /** Dot product with the first `k` entries of a vector. */
  dot(v: CompactVector, k = v.ids.length): number {
    let s = 0;
    const n = Math.min(k, v.ids.length);
    for (let i = 0; i < n; i++) s += v.weights[i]! * this.get(v.ids[i]!);
    return s;
  }

  /** Cosine of the first `k` entries of a unit-length vector with this sum. */
  cosine(v: CompactVector, k = v.ids.length): number {
    if (this.norm2 <= 0) return 0;
    let d = 0;
    let n = 0;
    const m = Math.min(k, v.ids.length);
    for (let i = 0; i < m; i++) {
      const w = v.weights[i]!;
      n += w * w;
      d += w * this.get(v.ids[i]!);
    }
    return n > 0 ? d / Math.sqrt(n * this.norm2) : 0;
  }

  private rehash(size: number): void {
    const keys = this.keys;
    const values = this.values;
    this.keys = new Int32Array(size).fill(-1);
    this.values = new Float64Array(size);
    this.used = 0;
    const mask = size - 1;
    for (let j = 0; j < keys.length; j++) {
      const id = keys[j]!;
      // Zeros are dropped here, which keeps tables of long-lived stories from filling with them.
      if (id === -1 || values[j] === 0) continue;
      let i = Math.imul(id, 0x9e3779b1) & mask;
      while (this.keys[i] !== -1) i = (i + 1) & mask;
      this.keys[i] = id;
      this.values[i] = values[j]!;
      this.used++;
    }
  }
}
