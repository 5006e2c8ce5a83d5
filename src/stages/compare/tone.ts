// A simple lexicon tone score per document, in -1..1: (positive - negative) / (positive + negative + 1).
import type { ToneLexicon } from './compare-lexicon.js';

export type ToneScorer = (text: string) => number;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function createToneScorer(lexicon: ToneLexicon): ToneScorer {
  // Longest phrases first, so "very good" wins over "good" and "firmly opposes" over "opposes".
  const entries = [
    ...Object.entries(lexicon.positive).map(([p, w]) => ({ p, w })),
    ...Object.entries(lexicon.negative).map(([p, w]) => ({ p, w: -w })),
  ].sort((a, b) => b.p.length - a.p.length);
  const weight = new Map(entries.map((e) => [e.p.toLowerCase(), e.w]));
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${entries.map((e) => escapeRegExp(e.p).replace(/\s+/g, '\\s+')).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  return (text) => {
    let pos = 0;
    let neg = 0;
    for (const m of text.matchAll(re)) {
      const w = weight.get(m[0].toLowerCase().replace(/\s+/g, ' ')) ?? 0;
      if (w > 0) pos += w;
      else neg -= w;
    }
    return (pos - neg) / (pos + neg + 1);
  };
}
