// Near-duplicate detection: MinHash signatures over word shingles, LSH banding to find candidates
// without comparing every pair, and the signature agreement as the Jaccard estimate.
import { z } from 'zod';
import { fnv1a } from '../stories/text-features.js';
import { shingles, wordTokens } from './text-shingles.js';

export interface NearDuplicateOptions {
  /** Minimum estimated Jaccard similarity of shingle sets to report. Default 0.8. */
  threshold?: number;
  /** Words per shingle. Default 5. */
  shingleSize?: number;
  /** Signature length. Default 128. */
  numHashes?: number;
  /** Seed for the hash family, so signatures are stable across runs. */
  seed?: number;
}

export interface NearDuplicateHit {
  id: string;
  similarity: number;
}

export interface NearDuplicateIndex {
  add(id: string, text: string): void;
  remove(id: string): void;
  query(text: string, options?: { threshold?: number; exclude?: string }): NearDuplicateHit[];
  /** Estimated Jaccard similarity of two texts (no index involved). */
  similarity(a: string, b: string): number;
  /** Estimated Jaccard similarity of a text to indexed documents, hashing the text once. */
  similarityTo(text: string, ids: Iterable<string>): Map<string, number>;
  readonly size: number;
}

const optionsSchema = z.object({
  threshold: z.number().min(0).max(1).default(0.8),
  shingleSize: z.number().int().min(1).max(20).default(5),
  numHashes: z.number().int().min(16).max(1024).default(128),
  seed: z.number().int().default(0x5eed),
});

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** murmur3's finaliser: a cheap, well-mixing 32-bit permutation. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The banding (b bands × r rows, b·r ≤ n) whose S-curve midpoint (1/b)^(1/r) sits just below the threshold. */
function chooseBanding(numHashes: number, threshold: number): { bands: number; rows: number } {
  let best = { bands: numHashes, rows: 1 };
  let bestGap = Infinity;
  for (let rows = 1; rows <= numHashes; rows++) {
    const bands = Math.floor(numHashes / rows);
    if (bands < 1) break;
    const midpoint = (1 / bands) ** (1 / rows);
    // Aim a little below the threshold so that true matches are rarely missed.
    const gap = Math.abs(midpoint - threshold * 0.8);
    if (gap < bestGap) { bestGap = gap; best = { bands, rows }; }
  }
  return best;
}

export function createNearDuplicateIndex(options: NearDuplicateOptions = {}): NearDuplicateIndex {
  const opts = optionsSchema.parse(options);
  const rand = mulberry32(opts.seed);
  const seeds = Array.from({ length: opts.numHashes }, () => rand());
  const { bands, rows } = chooseBanding(opts.numHashes, opts.threshold);
  const buckets: Map<string, Set<string>>[] = Array.from({ length: bands }, () => new Map());
  const signatures = new Map<string, Uint32Array>();

  const signature = (text: string): Uint32Array => {
    const sig = new Uint32Array(opts.numHashes).fill(0xffffffff);
    for (const sh of shingles(wordTokens(text), opts.shingleSize)) {
      const base = fnv1a(sh);
      for (let i = 0; i < opts.numHashes; i++) {
        const v = fmix32(base ^ seeds[i]!);
        if (v < sig[i]!) sig[i] = v;
      }
    }
    return sig;
  };
  const bandKey = (sig: Uint32Array, band: number): string => {
    let h = 0x811c9dc5;
    for (let r = 0; r < rows; r++) h = fmix32(h ^ sig[band * rows + r]!);
    return h.toString(36);
  };
  const agreement = (a: Uint32Array, b: Uint32Array): number => {
    let same = 0;
    for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
    return same / a.length;
  };

  const remove = (id: string): void => {
    const sig = signatures.get(id);
    if (!sig) return;
    for (let b = 0; b < bands; b++) {
      const key = bandKey(sig, b);
      const set = buckets[b]!.get(key);
      set?.delete(id);
      if (set && set.size === 0) buckets[b]!.delete(key);
    }
    signatures.delete(id);
  };

  return {
    add(id, text) {
      remove(id);
      const sig = signature(text);
      signatures.set(id, sig);
      for (let b = 0; b < bands; b++) {
        const key = bandKey(sig, b);
        let set = buckets[b]!.get(key);
        if (!set) { set = new Set(); buckets[b]!.set(key, set); }
        set.add(id);
      }
    },
    remove,
    query(text, q = {}) {
      const threshold = q.threshold ?? opts.threshold;
      const sig = signature(text);
      const candidates = new Set<string>();
      for (let b = 0; b < bands; b++) {
        const set = buckets[b]!.get(bandKey(sig, b));
        if (set) for (const id of set) candidates.add(id);
      }
      const hits: NearDuplicateHit[] = [];
      for (const id of candidates) {
        if (id === q.exclude) continue;
        const similarity = agreement(sig, signatures.get(id)!);
        if (similarity >= threshold) hits.push({ id, similarity });
      }
      return hits.sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : 1));
    },
    similarity(a, b) {
      return agreement(signature(a), signature(b));
    },
    similarityTo(text, ids) {
      const sig = signature(text);
      const out = new Map<string, number>();
      for (const id of ids) {
        const other = signatures.get(id);
        if (other) out.set(id, agreement(sig, other));
      }
      return out;
    },
    get size() {
      return signatures.size;
    },
  };
}
