import { describe, expect, it } from 'vitest';
import { CandidateIndex } from './candidate-index.js';

describe('CandidateIndex', () => {
  it('ranks the stories sharing the most weighted keys within the window, ties by lower index', () => {
    const index = new CandidateIndex();
    index.add(0, 100, [1, 2]);
    index.add(1, 101, [1]);
    index.add(2, 104, [2, 3]);
    index.add(3, 120, [1, 2, 3]); // outside the window
    index.add(4, 99, [1]);
    const keys = [1, 2, 3];
    const weights = [1, 2, 4];
    expect(index.top(100, 5, keys, weights, 10)).toEqual([2, 0, 1, 4]);
    expect(index.top(100, 5, keys, weights, 2)).toEqual([2, 0]);
    expect(index.top(100, 0, keys, weights, 10)).toEqual([0]);
    expect(index.top(200, 5, keys, weights, 10)).toEqual([]);
  });

  it('counts a key once per day a story shares it, and lists a story once per key and day', () => {
    const index = new CandidateIndex();
    index.add(7, 10, [5]);
    index.add(7, 10, [5]);
    index.add(7, 11, [5]);
    index.add(8, 10, [5, 6]);
    expect(index.top(10, 1, [5, 6], [1, 1.5], 10)).toEqual([8, 7]);
    expect(index.top(10, 1, [5], [1], 10)).toEqual([7, 8]);
  });

  it('grows its scratch space for high story indexes', () => {
    const index = new CandidateIndex();
    index.add(5000, 1, [9]);
    expect(index.top(1, 0, [9], [1], 3)).toEqual([5000]);
  });
});
