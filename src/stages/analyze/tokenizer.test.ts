import { describe, expect, it } from 'vitest';
import { keyHash, phraseTokens, tokenize } from './tokenizer.js';

describe('tokenize', () => {
  it('keeps offsets into the text', () => {
    const text = 'Xi’s call with the U.S. leader, on Nov. 24, lasted 1,000.5 seconds.';
    for (const t of tokenize(text)) expect(text.slice(t.start, t.end)).toBe(t.text);
  });

  it('splits possessives and keeps dotted abbreviations and numbers whole', () => {
    const texts = tokenize("China's U.S.-bound exports rose 12.5% to $1,000 (H200 chips) in cease-fire talks").map((t) => t.text);
    expect(texts).toEqual(['China', "'s", 'U.S.', '-', 'bound', 'exports', 'rose', '12.5', '%', 'to', '$', '1,000', '(', 'H200', 'chips', ')', 'in', 'cease-fire', 'talks']);
  });

  it('marks capitalised words and lowercases', () => {
    const [a, b] = tokenize('Beijing said');
    expect(a).toMatchObject({ upper: true, lower: 'beijing', kind: 'word' });
    expect(b).toMatchObject({ upper: false, kind: 'word' });
  });

  it('handles a long run of punctuation linearly', () => {
    const text = '!'.repeat(100_000);
    expect(tokenize(text)).toHaveLength(100_000);
  });

  it('carries the hashes of its match keys', () => {
    const text = 'Xi’s TAXES, Élysée and İstanbul: ΟΔΟΣ “quoted” U.S.-bound 1,000.5 China\'s';
    for (const t of tokenize(text)) {
      expect(t.keyHash, t.text).toBe(keyHash(t.key));
      expect(t.lkeyHash, t.text).toBe(keyHash(t.lkey));
    }
  });

  it('tokenizes phrases like text, whatever string they are built as', () => {
    const title = 'President';
    for (const phrase of ['%', 'Xi', `${title} ${'Xi Jinping of the People’s Republic'}`, 'U.S.', "China's leader", 'Élysée']) {
      expect(phraseTokens(phrase)).toEqual(tokenize(phrase));
    }
  });
});

