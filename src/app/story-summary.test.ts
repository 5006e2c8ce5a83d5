import { describe, expect, it } from 'vitest';
import { emphasisDivergence } from './story-summary.js';

describe('emphasisDivergence', () => {
  it('is 0 for one source or identical emphasis and 1 for disjoint emphasis', () => {
    expect(emphasisDivergence({ a: { trade: 1 } })).toBe(0);
    expect(emphasisDivergence({ a: { trade: 0.5, taiwan: 0.5 }, b: { taiwan: 0.5, trade: 0.5 } })).toBe(0);
    expect(emphasisDivergence({ a: { trade: 1 }, b: { taiwan: 1 } })).toBe(1);
  });
  it('averages over pairs', () => {
    // a–b 0.5, a–c 0, b–c 0.5 → 1/3
    expect(emphasisDivergence({ a: { x: 1 }, b: { x: 0.5, y: 0.5 }, c: { x: 1 } })).toBeCloseTo(0.333, 3);
  });
});
