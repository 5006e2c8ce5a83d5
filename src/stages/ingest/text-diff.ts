// Sentence-level diff of two versions of a document, to surface "quiet edits": a sentence
// softened, a name dropped, a paragraph appended after publication.
import { wordTokens } from './text-shingles.js';

export type SentenceOp = 'equal' | 'added' | 'removed' | 'changed';

export interface SentenceChange {
  op: SentenceOp;
  before: string | null;
  after: string | null;
  /** Sentence indexes in the old and new version (null when absent on that side). */
  beforeIndex: number | null;
  afterIndex: number | null;
}

export interface TextDiff {
  changes: SentenceChange[];
  added: number;
  removed: number;
  changed: number;
  /** Share of sentences unchanged, over the longer version. */
  unchangedShare: number;
}

/** Split text into sentences: paragraph breaks, then sentence-final punctuation before a capital, quote or end. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const para of text.split(/\n\s*\n/)) {
    const flat = para.replace(/\s+/g, ' ').trim();
    if (!flat) continue;
    const parts = flat.split(/(?<=[.!?]["'”’)]?)\s+(?=["'“‘(]?[\p{Lu}\p{N}])|(?<=[。！？])/u);
    for (const p of parts) if (p.trim()) out.push(p.trim());
  }
  return out;
}

const norm = (s: string): string => s.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();

function wordOverlap(a: string, b: string): number {
  const A = wordTokens(a);
  const B = wordTokens(b);
  if (!A.length || !B.length) return 0;
  const counts = new Map<string, number>();
  for (const t of A) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of B) {
    const c = counts.get(t) ?? 0;
    if (c > 0) { common++; counts.set(t, c - 1); }
  }
  return (2 * common) / (A.length + B.length);
}

export interface DiffOptions {
  /** Word overlap (Dice) above which a removed and an added sentence count as one changed sentence. */
  changedThreshold?: number;
}

export function diffSentences(before: string, after: string, options: DiffOptions = {}): TextDiff {
  const threshold = options.changedThreshold ?? 0.5;
  const a = splitSentences(before);
  const b = splitSentences(after);
  const na = a.map(norm);
  const nb = b.map(norm);
  // LCS table over sentences (documents have hundreds of sentences at most).
  const n = a.length;
  const m = b.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = na[i] === nb[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const raw: SentenceChange[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && na[i] === nb[j]) {
      raw.push({ op: 'equal', before: a[i]!, after: b[j]!, beforeIndex: i, afterIndex: j });
      i++; j++;
    } else if (i < n && (j >= m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      // Removals first on ties, so a run reads "old sentences out, new sentences in".
      raw.push({ op: 'removed', before: a[i]!, after: null, beforeIndex: i, afterIndex: null });
      i++;
    } else {
      raw.push({ op: 'added', before: null, after: b[j]!, beforeIndex: null, afterIndex: j });
      j++;
    }
  }
  // Within each run of non-equal entries, pair similar removed/added sentences as "changed".
  const changes: SentenceChange[] = [];
  for (let k = 0; k < raw.length;) {
    if (raw[k]!.op === 'equal') { changes.push(raw[k]!); k++; continue; }
    const run: SentenceChange[] = [];
    while (k < raw.length && raw[k]!.op !== 'equal') run.push(raw[k++]!);
    const removed = run.filter((c) => c.op === 'removed');
    const added = run.filter((c) => c.op === 'added');
    const used = new Set<SentenceChange>();
    const paired = new Map<SentenceChange, SentenceChange>();
    for (const r of removed) {
      let best: SentenceChange | null = null;
      let bestScore = threshold;
      for (const ad of added) {
        if (used.has(ad)) continue;
        const score = wordOverlap(r.before!, ad.after!);
        if (score >= bestScore) { best = ad; bestScore = score; }
      }
      if (best) { used.add(best); paired.set(r, best); }
    }
    for (const c of run) {
      if (c.op === 'removed' && paired.has(c)) {
        const ad = paired.get(c)!;
        changes.push({ op: 'changed', before: c.before, after: ad.after, beforeIndex: c.beforeIndex, afterIndex: ad.afterIndex });
      } else if (!(c.op === 'added' && used.has(c))) {
        changes.push(c);
      }
    }
  }
  const count = (op: SentenceOp): number => changes.filter((c) => c.op === op).length;
  const equal = count('equal');
  return {
    changes,
    added: count('added'),
    removed: count('removed'),
    changed: count('changed'),
    unchangedShare: Math.max(n, m) === 0 ? 1 : equal / Math.max(n, m),
  };
}
