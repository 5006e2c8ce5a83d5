import { describe, expect, it } from 'vitest';
import { ACTORS, buildItem, source } from '../../../fixtures/stories/build-items.js';
import { followsPledge, followsUp, PledgeIndex, pledgeKey, pledgesOf, type Pledge } from './pledges.js';

const stop = new Set(['the', 'of', 'in', 'to', 'and']);
const soybeans: Pledge = { country: 'CHN', action: 'purchase', unit: 'MMT', amount: 12, terms: ['soybeans'] };

describe('pledgesOf', () => {
  it('keeps quantified commitments, by the pledging country, with the words of what was pledged minus names', () => {
    const item = buildItem({
      id: 'p', source: source('s', 'S', 'government', 'USA'), title: 'Fact sheet', publishedAt: '2025-11-01T12:00:00Z',
      text: 'China will buy 12 million tons of U.S. soybeans. China will keep talking with the United States.',
      commitments: [
        { actor: ACTORS.china.id, action: 'purchase', object: 'U.S. soybeans', amount: 12, unit: 'MMT', at: 'will buy 12 million tons' },
        { actor: ACTORS.china.id, action: 'maintain', object: 'talking with the United States', at: 'will keep talking' },
      ],
    });
    expect(pledgesOf(item.analysis, stop)).toEqual([soybeans]);
  });
});

describe('following a pledge up', () => {
  const doc = (countries: string[], terms: string[], pledges: Pledge[] = []) => ({
    pledges, hasCountry: (c: string) => countries.includes(c), hasTerm: (t: string) => terms.includes(t),
  });

  it('names the pledging country and what was pledged, or repeats the pledge', () => {
    expect(followsPledge(soybeans, (c) => c === 'CHN', (t) => t === 'soybeans')).toBe(true);
    expect(followsPledge(soybeans, (c) => c === 'USA', (t) => t === 'soybeans')).toBe(false);
    expect(followsPledge(soybeans, (c) => c === 'CHN', (t) => t === 'tariffs')).toBe(false);
    expect(followsUp(doc(['CHN', 'USA'], ['soybeans', 'cargoes']), doc(['CHN'], [], [soybeans]))).toBe(true);
    expect(followsUp(doc(['USA'], []), doc(['CHN'], [], [soybeans]))).toBe(false);
    const again: Pledge = { ...soybeans, terms: [] };
    expect(followsUp(doc([], [], [again]), doc([], [], [soybeans]))).toBe(true);
  });

  it('finds the stories of a pledge by the pledge or by its words with the country', () => {
    const index = new PledgeIndex();
    index.add(3, [soybeans]);
    index.add(1, [{ ...soybeans, amount: 25 }]);
    expect(index.find([], ['cargoes', 'soybeans'], ['USA', 'CHN'])).toEqual([1, 3]);
    expect(index.find([soybeans], [], [])).toEqual([3]);
    expect(index.find([], ['soybeans'], ['USA'])).toEqual([]);
    expect(pledgeKey(soybeans)).toBe('CHN|purchase|MMT|12');
  });
});
