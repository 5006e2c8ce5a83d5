import { describe, expect, it } from 'vitest';
import { createSyndicationDetector } from './syndication.js';

const story = (topic: string): string =>
  `Officials from both governments met in the capital on Tuesday to discuss ${topic}, and they agreed to hold another round of talks next month after what one delegate called a frank and useful exchange of views on the details of ${topic} and on the calendar ahead.`;

describe('syndication detector memory window', () => {
  it('forgets the oldest documents beyond maxDocuments and still finds copies of recent ones', () => {
    const detector = createSyndicationDetector({ maxDocuments: 2 });
    detector.add({ id: 'a', text: story('fisheries quotas'), sourceId: 'wire-a', publishedAt: '2025-11-01T00:00:00Z' });
    detector.add({ id: 'b', text: story('port fees'), sourceId: 'wire-b', publishedAt: '2025-11-02T00:00:00Z' });
    detector.add({ id: 'c', text: story('customs rules'), sourceId: 'wire-c', publishedAt: '2025-11-03T00:00:00Z' });
    const copyOfA = detector.detect({ id: 'x', text: story('fisheries quotas'), sourceId: 'paper', publishedAt: '2025-11-04T00:00:00Z' });
    const copyOfC = detector.detect({ id: 'y', text: story('customs rules'), sourceId: 'paper', publishedAt: '2025-11-04T00:00:00Z' });
    expect(copyOfA?.originalId ?? null).not.toBe('a');
    expect(copyOfC?.originalId).toBe('c');
    expect(copyOfC?.kind).toBe('syndicated');
  });
});

describe('syndication detector on repetitive corpora', () => {
  it('still finds the original of the twentieth copy when passages remember only their first owners', () => {
    const detector = createSyndicationDetector({ maxPassageOwners: 4 });
    detector.add({ id: 'wire', text: story('rare earth licences'), sourceId: 'wire', publishedAt: '2025-11-01T00:00:00Z' });
    for (let i = 0; i < 20; i++) {
      const m = detector.link({ id: `copy-${i}`, text: story('rare earth licences'), sourceId: `paper-${i}`, publishedAt: `2025-11-02T00:${String(i).padStart(2, '0')}:00Z` });
      expect(m?.originalId).toBe('wire');
      expect(m?.kind).toBe('syndicated');
    }
  });
});

describe('syndication detector on long texts', () => {
  // Distinct sentences, so that shared passages come only from copying.
  const words = ['harbour', 'quota', 'envoy', 'tariff', 'ledger', 'convoy', 'summit', 'border', 'pledge', 'cable', 'barley', 'turbine', 'lithium', 'charter', 'ferry', 'census'];
  const sentence = (seed: number): string => Array.from({ length: 12 }, (_, i) => words[(seed * 7 + i * (seed % 5 + 3)) % words.length]! + String((seed * 31 + i) % 97)).join(' ') + '.';
  const text = (from: number, count: number): string => Array.from({ length: count }, (_, i) => sentence(from + i)).join(' ');

  it('estimates containment from a sample of passages and still tells a copy from a relay', () => {
    const detector = createSyndicationDetector();
    detector.add({ id: 'wire', text: text(0, 60), sourceId: 'wire', publishedAt: '2025-11-01T00:00:00Z' });
    const copy = detector.detect({ id: 'copy', text: `${text(0, 45)} ${text(1000, 15)}`, sourceId: 'paper', publishedAt: '2025-11-02T00:00:00Z' });
    expect(copy?.kind).toBe('syndicated');
    expect(copy!.containment).toBeGreaterThan(0.6);
    expect(copy!.containment).toBeLessThan(0.9);
    const relay = detector.detect({ id: 'relay', text: `${text(0, 15)} ${text(2000, 45)}`, sourceId: 'paper', publishedAt: '2025-11-02T00:00:00Z' });
    expect(relay?.kind).toBe('relay');
    expect(relay!.containment).toBeGreaterThan(0.12);
    expect(relay!.containment).toBeLessThan(0.4);
    expect(detector.detect({ id: 'other', text: text(5000, 60), sourceId: 'paper', publishedAt: '2025-11-02T00:00:00Z' })).toBeNull();
  });
});
