import { describe, expect, it } from 'vitest';
import { ACTORS, buildItem, source } from '../../../fixtures/stories/build-items.js';
import {
  dayNumber, eventSignatures, headlineActors, lastDayNumber, mainEventOf, relateEvents, type EventSignature,
} from './main-event.js';

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

describe('relateEvents with a one-sided tolerance (the grouper passes its window)', () => {
  it('a one-party mention dated a few days off is compatible, not a conflict', () => {
    // "Takaichi, during a phone call this week" resolved to the wrong day.
    expect(relateEvents(sig(['JPN'], '2025-11-23'), sig(['JPN', 'USA'], '2025-11-25'), 1)).toBe('conflict');
    expect(relateEvents(sig(['JPN'], '2025-11-23'), sig(['JPN', 'USA'], '2025-11-25'), 1, 5)).toBe('compatible');
    // Months apart, or both parties named: still the look-alikes.
    expect(relateEvents(sig(['CHN'], '2025-09-19'), sig(['CHN', 'USA'], '2025-11-24'), 1, 5)).toBe('conflict');
    expect(relateEvents(sig(['CHN', 'USA'], '2025-11-21'), sig(['CHN', 'USA'], '2025-11-24'), 1, 5)).toBe('conflict');
    expect(relateEvents(sig(['JPN', 'USA'], '2025-11-25'), sig(['CHN', 'USA'], '2025-11-24'), 1, 5)).toBe('conflict');
  });

  it('a mention that leaves the mode unsaid is compatible with the call, and unrelated without the tolerance', () => {
    const spoke = { ...sig(['JPN', 'USA'], '2025-11-25'), mode: null };
    expect(relateEvents(spoke, sig(['JPN', 'USA'], '2025-11-25'), 1)).toBe('unrelated');
    expect(relateEvents(spoke, sig(['JPN', 'USA'], '2025-11-25'), 1, 5)).toBe('compatible');
    expect(relateEvents(spoke, sig(['CHN', 'USA'], '2025-11-24'), 1, 5)).toBe('unrelated');
  });
});

describe('lastDayNumber', () => {
  it('takes the last day of a month or a year', () => {
    expect(lastDayNumber('2025-10')).toBe(dayNumber('2025-10-31'));
    expect(lastDayNumber('2024-02')).toBe(dayNumber('2024-02-29'));
    expect(lastDayNumber('2025')).toBe(dayNumber('2025-12-31'));
    expect(lastDayNumber('2025-11-24')).toBe(dayNumber('2025-11-24'));
  });
});

describe('main event: the headline, the news and the background', () => {
  const { xi, trump, takaichi, china, usa } = ACTORS;
  // A report of the Trump–Takaichi call that leads with the Xi–Trump call of the day before and
  // mentions it twice: on the body alone, the Xi call weighs more.
  const twoCalls = (title: string) => buildItem({
    id: 'two-calls', source: source('s', 'S', 'press', 'USA'), title, publishedAt: '2025-11-26T23:00:00Z',
    text: 'President Trump, shortly after a phone call with Xi Jinping, spoke with Sanae Takaichi by phone. Takaichi did not say more. Xi had used his call with Trump to talk about Taiwan.',
    events: [
      { type: 'CONSULT', mode: 'phone', actors: [trump.id], recipients: [xi.id], date: null, at: 'a phone call with Xi Jinping' },
      { type: 'CONSULT', mode: 'phone', actors: [trump.id], recipients: [takaichi.id], date: null, at: 'spoke with Sanae Takaichi by phone' },
      { type: 'CONSULT', mode: 'phone', actors: [xi.id], recipients: [trump.id], date: null, at: 'his call with Trump' },
    ],
  });

  it('names headline actors by any part of a person name, never by one letter', () => {
    const item = twoCalls('Trump asked Takaichi not to escalate the row');
    expect([...headlineActors(item.analysis, item.document.title)].sort()).toEqual([takaichi.id, trump.id].sort());
    expect([...headlineActors(item.analysis, 'U.S. officials said')]).toEqual([]);
  });

  it('prefers the event whose parties the headline names over the one the body recalls more', () => {
    const item = twoCalls('Trump asked Takaichi not to escalate the row');
    expect(mainEventOf(item.analysis)?.participants).toEqual(['CHN', 'USA']);
    expect(mainEventOf(item.analysis, undefined, { headline: item.document.title })?.participants).toEqual(['JPN', 'USA']);
  });

  it('takes an event dated well before publication as background, and a planned one as not yet news', () => {
    const item = buildItem({
      id: 'cargoes', source: source('s', 'S', 'wire', 'GBR'), title: 'Cargoes line up', publishedAt: '2025-12-02T20:00:00Z',
      text: 'Trump and Xi met in South Korea in late October. China committed to buy soybeans from the United States. Xi will visit Washington in April.',
      events: [
        { type: 'CONSULT', mode: null, actors: [trump.id, xi.id], date: '2025-10', at: 'met in South Korea' },
        { type: 'COOPERATE', mode: 'trade', actors: [china.id], recipients: [usa.id], date: null, at: 'committed to buy soybeans' },
        { type: 'CONSULT', mode: 'visit', actors: [xi.id], recipients: [usa.id], date: '2026-04', at: 'will visit Washington' },
      ],
    });
    expect(mainEventOf(item.analysis)?.type).toBe('CONSULT');
    const main = mainEventOf(item.analysis, undefined, { published: item.document.publishedAt });
    expect(main).toMatchObject({ type: 'COOPERATE', mode: 'trade' });
  });

  it('on a tie, takes the later event as the news', () => {
    const item = buildItem({
      id: 'tie', source: source('s', 'S', 'wire', 'JPN'), title: 'Phone talks', publishedAt: '2025-11-25T04:30:00Z',
      text: 'Sanae Takaichi and Donald Trump held phone talks on Tuesday, a day after Trump spoke with Xi Jinping.',
      events: [
        { type: 'CONSULT', mode: 'phone', actors: [trump.id], recipients: [xi.id], date: '2025-11-24', at: 'Trump spoke with Xi Jinping' },
        { type: 'CONSULT', mode: 'phone', actors: [takaichi.id], recipients: [trump.id], date: '2025-11-25', at: 'held phone talks on Tuesday' },
      ],
    });
    expect(mainEventOf(item.analysis)).toMatchObject({ participants: ['JPN', 'USA'], date: '2025-11-25' });
  });
});
