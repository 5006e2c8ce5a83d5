import { describe, expect, it } from 'vitest';
import { internTerms, tfidfCompact, unitVector, Vocabulary, WeightTable, type TermCounts } from './compact-features.js';
import { DocumentFrequency, fnv1a, isSalient, minHash, minHashOfHashes, shingleHashes, termFrequencies, tfidfVector, tokenize } from './text-features.js';

const stop = new Set(['the', 'a', 'on', 'of', 'with']);
const texts = [
  'Xi Jinping spoke with Donald Trump on the phone about Taiwan and soybeans',
  'Trump and Takaichi held phone talks on the alliance',
  'China bought soybeans and soybeans again, the traders said',
];

function vocabulary(): { vocab: Vocabulary; tf: TermCounts[] } {
  const vocab = new Vocabulary((t) => isSalient(t, stop), 1);
  // Every token interned, stop words too; only salient terms counted, as a grouping record has them.
  for (const t of texts) for (const w of tokenize(t)) vocab.id(w);
  const tf = texts.map((t) => {
    const counts = termFrequencies(t, stop);
    return internTerms([...counts.keys()], [...counts.values()], vocab);
  });
  for (const d of tf) vocab.observe(d.ids);
  return { vocab, tf };
}

describe('compact features', () => {
  it('give the same TF-IDF vectors as the string features, heaviest first', () => {
    const { vocab, tf } = vocabulary();
    const df = new DocumentFrequency(1);
    for (const t of texts) df.observe(termFrequencies(t, stop).keys());
    for (let i = 0; i < texts.length; i++) {
      const compact = tfidfCompact(tf[i]!, vocab, 5);
      const expected = tfidfVector(termFrequencies(texts[i]!, stop), df, 5);
      expect([...compact.ids].map((id) => vocab.string(id))).toEqual([...expected.keys()]);
      [...expected.values()].forEach((w, k) => expect(compact.weights[k]).toBeCloseTo(w, 12));
    }
  });

  it('give the same MinHash sketches from word hashes as from shingles of words', () => {
    for (const text of texts) {
      expect([...minHashOfHashes(tokenize(text).map(fnv1a), 3, 16)]).toEqual([...minHash(shingleHashes(text, 3), 16)]);
    }
  });

  it('sum vectors in a table that keeps its norm, cosine and dot product', () => {
    const a = unitVector([1, 2, 3], [3, 0, 4]);
    const b = unitVector([2, 3], [1, 1]);
    expect([...a.ids]).toEqual([1, 3]);
    const table = new WeightTable(1);
    table.addVector(a, 1);
    table.addVector(b, 1);
    expect(table.get(3)).toBeCloseTo(0.8 + Math.SQRT1_2, 12);
    expect(table.norm2).toBeCloseTo(0.6 ** 2 + (Math.SQRT1_2) ** 2 + (0.8 + Math.SQRT1_2) ** 2, 12);
    expect(table.dot(b)).toBeCloseTo(Math.SQRT1_2 * Math.SQRT1_2 + Math.SQRT1_2 * (0.8 + Math.SQRT1_2), 12);
    expect(table.cosine(b)).toBeCloseTo(table.dot(b) / Math.sqrt(table.norm2), 12);
    table.addVector(b, -1);
    table.addVector(a, -1);
    expect(table.norm2).toBe(0);
    expect(table.get(3)).toBe(0);
  });

  it('grows the table past its first capacity and drops zeros when it does', () => {
    const table = new WeightTable(1);
    for (let id = 0; id < 100; id++) table.add(id, 1);
    for (let id = 0; id < 50; id++) table.add(id, -1);
    for (let id = 100; id < 300; id++) table.add(id, 2);
    expect(table.get(10)).toBe(0);
    expect(table.get(60)).toBe(1);
    expect(table.get(299)).toBe(2);
    expect(table.size).toBeLessThan(300);
    expect(table.norm2).toBeCloseTo(50 + 200 * 4, 9);
  });

  it('count document frequencies and interned strings', () => {
    const { vocab } = vocabulary();
    const soy = vocab.find('soybeans');
    expect(vocab.string(soy)).toBe('soybeans');
    expect(vocab.find('absent')).toBe(-1);
    expect(vocab.documents).toBe(3);
    expect(vocab.idf(soy)).toBeCloseTo(Math.log(4 / 3) + 1, 12);
    expect(vocab.isSalient(vocab.find('the'))).toBe(false);
  });
});
