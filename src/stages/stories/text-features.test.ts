import { describe, expect, it } from 'vitest';
import {
  DocumentFrequency, isSalient, minHash, minHashSimilarity, shingleHashes, termFrequencies, tfidfVector, tokenize, dot,
} from './text-features.js';

describe('text features', () => {
  it('tokenizes words and turns CJK runs into bigrams', () => {
    expect(tokenize("Xi's call, 24 Nov.")).toEqual(['xi', 's', 'call', '24', 'nov']);
    expect(tokenize('习近平通话')).toEqual(['习近', '近平', '平通', '通话']);
  });

  it('keeps numbers and drops stop words and single letters', () => {
    const stop = new Set(['the']);
    expect(isSalient('the', stop)).toBe(false);
    expect(isSalient('25', stop)).toBe(true);
    expect(isSalient('s', stop)).toBe(false);
    expect([...termFrequencies('The soybeans, the 25 soybeans', stop)]).toEqual([['soybeans', 2], ['25', 1]]);
  });

  it('gives unit TF-IDF vectors whose cosine ranks related texts higher', () => {
    const df = new DocumentFrequency();
    const texts = ['xi trump phone call taiwan', 'xi trump phone call soybeans', 'takaichi trump alliance japan'];
    const tfs = texts.map((t) => termFrequencies(t, new Set()));
    for (const tf of tfs) df.observe(tf.keys());
    const [a, b, c] = tfs.map((tf) => tfidfVector(tf, df, 10));
    expect(dot(a!, a!)).toBeCloseTo(1, 6);
    expect(dot(a!, b!)).toBeGreaterThan(dot(a!, c!));
  });

  it('estimates near-duplicates with MinHash', () => {
    const base = 'the two leaders agreed that their teams would keep working on the outstanding trade questions and meet again soon';
    const near = `${base} officials said`;
    const other = 'a completely different text about rare earth export licences and the chip controls announced in october by the ministry';
    const s = (t: string) => minHash(shingleHashes(t, 4), 64);
    expect(minHashSimilarity(s(base), s(near))).toBeGreaterThan(0.6);
    expect(minHashSimilarity(s(base), s(other))).toBeLessThan(0.2);
    expect(minHashSimilarity(s('too short'), s(base))).toBe(0);
  });
});
