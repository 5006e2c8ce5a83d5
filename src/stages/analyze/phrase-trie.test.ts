// The trie's bit-set filters and precomputed plural forms only make matching faster: every match
// must be what a plain walk of the trie gives. A reference walk (the straightforward algorithm,
// slicing plurals at match time) is checked against the trie on seeded random phrases and texts.
import { describe, expect, it } from 'vitest';
import { PhraseTrie, tokenKey, type KeyMode } from './phrase-trie.js';
import { tokenize, type Token } from './tokenizer.js';

interface RefNode {
  next: Map<string, RefNode>;
  values: number[] | null;
}

/** The plain algorithm: a map per node, plural stems sliced off at match time. */
class ReferenceTrie {
  private readonly root: RefNode = { next: new Map(), values: null };
  constructor(private readonly mode: KeyMode, private readonly plurals: boolean) {}

  add(phrase: string, value: number): void {
    const toks = tokenize(phrase);
    if (toks.length === 0) return;
    let node = this.root;
    for (const t of toks) {
      const k = tokenKey(t, this.mode);
      let child = node.next.get(k);
      if (!child) node.next.set(k, (child = { next: new Map(), values: null }));
      node = child;
    }
    (node.values ??= []).push(value);
  }

  longestAt(tokens: readonly Token[], i: number, limit: number): { start: number; end: number; values: number[] } | null {
    let node = this.root;
    let best: { start: number; end: number; values: number[] } | null = null;
    for (let j = i; j < limit && node.next.size > 0; j++) {
      const key = tokenKey(tokens[j]!, this.mode);
      const child = node.next.get(key);
      if (!child) {
        if (this.plurals) {
          const es = key.endsWith('es') ? node.next.get(key.slice(0, -2)) : undefined;
          const s = key.endsWith('s') ? node.next.get(key.slice(0, -1)) : undefined;
          const hit = es?.values ? es : s?.values ? s : undefined;
          if (hit?.values) best = { start: i, end: j + 1, values: hit.values };
        }
        break;
      }
      node = child;
      if (node.values) best = { start: i, end: j + 1, values: node.values };
    }
    return best;
  }

  allAt(tokens: readonly Token[], i: number, limit: number): number[] {
    const out: number[] = [];
    let node: RefNode | undefined = this.root;
    for (let j = i; j < limit && node && node.next.size > 0; j++) {
      node = node.next.get(tokenKey(tokens[j]!, this.mode));
      if (node?.values) out.push(...node.values);
    }
    return out;
  }
}

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return a / 4294967296;
  };
}

// Stems with plural-looking variants ("tax"/"taxe"/"taxes"), case variants, curly apostrophes,
// abbreviations and non-ASCII words, so plural, case and folding paths all run. Texts also hold
// plural forms that no phrase has ("boxes": "box" and "boxe" are both phrases), so that plurals are
// found by stem, with the "es" stem first.
const WORDS = [
  'tax', 'taxe', 'taxes', 'Tax', 'TAXES', 'box', 'boxe', 'tariff', 'tariffs', 'soybean', 'bus', 'buses', 'es', 's', 'the', 'The',
  'United', 'States', 'U.S.', 'China', 'China’s', "China's", "'s", 'Xi', 'leader', 'Élysée', 'İstanbul', 'ΟΔΟΣ', 'said', '%', 'de', 'DE',
];
const TEXT_WORDS = [...WORDS, 'boxes', 'Boxes', 'soybeans', 'leaders', 'Saids', 'ess'];

describe('PhraseTrie', () => {
  for (const [mode, plurals] of [['exact', false], ['lower', false], ['lower', true], ['exact', true]] as const) {
    it(`matches like a plain trie walk (${mode}${plurals ? ', plurals' : ''})`, () => {
      const rand = random(mode.length * 7 + (plurals ? 1 : 0));
      const pick = (): string => WORDS[Math.floor(rand() * WORDS.length)]!;
      const trie = new PhraseTrie<number>(mode, { plurals });
      const ref = new ReferenceTrie(mode, plurals);
      for (let p = 0; p < 300; p++) {
        const phrase = Array.from({ length: 1 + Math.floor(rand() * 3) }, pick).join(' ');
        trie.add(phrase, p);
        ref.add(phrase, p);
        // Adding after matching must rebuild the filters: match now and then.
        if (p % 50 === 0) trie.longestAt(tokenize(phrase), 0);
      }
      let matches = 0;
      for (let n = 0; n < 200; n++) {
        const tokens = tokenize(Array.from({ length: 12 }, () => TEXT_WORDS[Math.floor(rand() * TEXT_WORDS.length)]!).join(' '));
        const limit = tokens.length - Math.floor(rand() * 3);
        let any = false;
        for (let i = 0; i <= tokens.length; i++) {
          const want = i < limit ? ref.longestAt(tokens, i, limit) : null;
          expect(trie.longestAt(tokens, i, limit)).toEqual(want);
          expect(trie.hasAt(tokens, i, limit)).toBe(want !== null);
          const all = new Set<number>();
          trie.addAllAt(tokens, i, limit, all);
          expect([...all].sort((a, b) => a - b)).toEqual([...new Set(i < limit ? ref.allAt(tokens, i, limit) : [])].sort((a, b) => a - b));
          if (want) {
            any = true;
            matches++;
          }
        }
        expect(trie.anyIn(tokens, 0, limit)).toBe(any);
      }
      expect(matches).toBeGreaterThan(100);
    });
  }
});
