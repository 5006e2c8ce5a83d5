import { describe, expect, it } from 'vitest';
import { buildItem, source } from '../../../fixtures/stories/build-items.js';
import { eventSignatures, mainEventOf, relateEvents, type EventSignature } from './main-event.js';

const sig = (participants: string[], date: string | null, mode = 'phone'): EventSignature =>
  ({ type: 'CONSULT', mode, participants, actors: [], date, weight: 1, sentence: 0 });

describe('relateEvents', () => {
  it('same leaders, same day (or a day apart across time zones) → same event', () => {
    expect(relateEvents(sig(['CHN', 'USA'], '2025-11-24'), sig(['CHN', 'USA'], '2025-11-24'), 1)).toBe('same');
    expect(relateEvents(sig(['CHN', 'USA'], '2025-11-24'), sig(['CHN', 'USA'], '2025-11-25'), 1)).toBe('same');
  });

  it('same leaders on another date → conflict (the September call is not the November call)', () => {
    expect(relateEvents(sig(['CHN', 'USA'], '2025-09-19'), sig(['CHN', 'USA'], '2025-11-24'), 1)).toBe('conflict');
  });

  it('another leader the next day → conflict (Trump–Takaichi is not Xi–Trump)', () => {
    expect(relateEvents(sig(['JPN', 'USA'], '2025-11-25'), sig(['CHN', 'USA'], '2025-11-24'), 1)).toBe('conflict');
  });

  it('one side only or no date → compatible, and another mode is unrelated', () => {
    expect(relateEvents(sig(['CHN'], null), sig(['CHN', 'USA'], '2025-11-24'), 1)).toBe('same');
    expect(relateEvents(sig(['CHN', 'USA'], '2025-11-24', 'visit'), sig(['CHN', 'USA'], '2025-11-24'), 1)).toBe('unrelated');
  });
});

describe('eventSignatures', () => {
  const item = buildItem({
    id: 'e1', source: source('s', 'S', 'press', 'FRA'), title: 't', publishedAt: '2025-11-25T00:00:00Z',
    text: 'Xi Jinping spoke with Donald Trump by phone on Monday. Xi raised Japan in the call with Trump. Trump said he would visit China in April.',
    events: [
      { type: 'CONSULT', mode: 'phone', actors: ['xi-jinping'], recipients: ['donald-trump'], date: '2025-11-24', at: 'spoke with Donald Trump' },
      // The analyzer sometimes makes the topic country a party: people win over countries.
      { type: 'CONSULT', mode: 'phone', actors: ['japan', 'xi-jinping'], recipients: [], date: null, at: 'raised Japan' },
      { type: 'CONSULT', mode: 'visit', actors: ['donald-trump'], recipients: ['china'], date: '2026-04', at: 'would visit China' },
    ],
  });

  it('folds an undated, narrower mention into the dated call and picks the call as main event', () => {
    const sigs = eventSignatures(item.analysis);
    const main = mainEventOf(item.analysis)!;
    expect(main).toMatchObject({ type: 'CONSULT', mode: 'phone', participants: ['CHN', 'USA'], date: '2025-11-24' });
    expect(sigs.filter((s) => s.mode === 'phone')).toHaveLength(1);
    expect(main.actors).toEqual(['xi-jinping', 'donald-trump']);
  });
});
