import { describe, expect, it } from 'vitest';
import { fixtureItems, GOLD } from '../../../fixtures/stories/corpus.js';
import { createStoryGrouper, groupStories } from './story-grouper.js';
import { loadStopwords } from './stopwords.js';
import type { Story } from '../../domain/index.js';

const stopwords = loadStopwords();

function partition(stories: Story[]): string[][] {
  return stories.map((s) => [...s.documentIds].sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

function goldPartition(): string[][] {
  const by = new Map<string, string[]>();
  for (const [id, label] of Object.entries(GOLD)) by.set(label, [...(by.get(label) ?? []), id]);
  return [...by.values()].map((l) => l.sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

describe('groupStories', () => {
  it('keeps the look-alike calls apart and puts the next-day briefing with its call', () => {
    const stories = groupStories(fixtureItems(), { stopwords });
    expect(partition(stories)).toEqual(goldPartition());
  });

  it('titles a story by its main event and date', () => {
    const stories = groupStories(fixtureItems(), { stopwords });
    const call = stories.find((s) => s.documentIds.includes('mfa-readout-1124'))!;
    expect(call.title).toMatch(/Xi Jinping – Donald Trump phone call, 24 Nov 2025|Donald Trump – Xi Jinping phone call, 24 Nov 2025/);
    expect(call.mainEvent).toMatchObject({ type: 'CONSULT', mode: 'phone', date: '2025-11-24' });
    expect(call.links).toEqual([]);
    expect(call.provenance.stage).toBe('stories');
    const takaichi = stories.find((s) => s.documentIds.includes('kyodo-takaichi-1125'))!;
    expect(takaichi.title).toContain('Sanae Takaichi');
    expect(takaichi.title).toContain('25 Nov 2025');
  });

  it('gives the same stories and ids whatever the input order', () => {
    const items = fixtureItems();
    const a = groupStories(items, { stopwords });
    const b = groupStories([...items].reverse(), { stopwords });
    expect(b.map((s) => s.id)).toEqual(a.map((s) => s.id));
  });

  it('groups incrementally, in arrival order, to the same partition', () => {
    const items = fixtureItems();
    const g = createStoryGrouper({ stopwords });
    for (const it of [...items].reverse()) g.observe(it);
    const ids = [...items].reverse().map((it) => g.add(it));
    expect(ids.every((id) => id.startsWith('story-'))).toBe(true);
    expect(partition(g.stories())).toEqual(goldPartition());
    expect(g.storyOf('mfa-briefing-1125')).toBe(g.storyOf('mfa-readout-1124'));
  });

  it('splits the same leaders on another date even when the text is alike', () => {
    const items = fixtureItems().filter((i) => ['xinhua-call-1124', 'xinhua-call-0919'].includes(i.document.id));
    // Move September's call next to November's: only the event date tells them apart now.
    const sept = items.find((i) => i.document.id === 'xinhua-call-0919')!;
    sept.document.publishedAt = '2025-11-22T10:00:00Z';
    sept.analysis.events = sept.analysis.events.map((e) => ({ ...e, date: '2025-11-21' }));
    expect(groupStories(items, { stopwords })).toHaveLength(2);
  });

  it('rejects bad options with a stable code', () => {
    expect(() => createStoryGrouper({ windowDays: -1 })).toThrow(expect.objectContaining({ code: 'E_CONFIG' }));
  });
});
