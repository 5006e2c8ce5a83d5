import { describe, expect, it } from 'vitest';
import { fixtureItems } from '../../../fixtures/stories/corpus.js';
import { buildItem, source } from '../../../fixtures/stories/build-items.js';
import { groupStories, loadStopwords, sourceIdOf } from '../stories/index.js';
import type { StoryItem } from '../stories/index.js';
import type { Story } from '../../domain/index.js';
import { createComparer } from './comparer.js';
import { sourceEmphasis } from './emphasis.js';
import { loadCompareLexicon } from './compare-lexicon.js';
import { renderComparison } from './render-comparison.js';

const stopwords = loadStopwords();
const lexicon = loadCompareLexicon();
const items = fixtureItems();
const call = groupStories(items, { stopwords }).find((s) => s.documentIds.includes('mfa-readout-1124'))!;
const compare = createComparer({ stopwords, lexicon });
const c = compare(call, items);

function storyOf(list: StoryItem[]): Story {
  return {
    id: 'story-test', title: 'test', start: '2025-11-24', end: '2025-11-25',
    mainEvent: { type: 'CONSULT', mode: 'phone', actors: ['xi-jinping', 'donald-trump'], date: '2025-11-24' },
    documentIds: list.map((i) => i.document.id), links: [], provenance: { stage: 'test', version: '1', inputHash: '' },
  };
}

describe('emphasis', () => {
  it('averages issue weights per source so each row sums to 1', () => {
    for (const row of Object.values(c.emphasis)) {
      const sum = Object.values(row).reduce((a, b) => a + b, 0);
      if (sum > 0) expect(sum).toBeCloseTo(1, 6);
    }
  });

  it('is the mean of the documents of a source', () => {
    const a = buildItem({ id: 'a', source: source('s', 'S', 'press', 'FRA'), title: 'a', publishedAt: '2025-11-24T00:00:00Z', text: 'Taiwan was raised. Taiwan again. Trade too.' });
    const b = buildItem({ id: 'b', source: source('s', 'S', 'press', 'FRA'), title: 'b', publishedAt: '2025-11-24T01:00:00Z', text: 'Trade was all they discussed.' });
    const r = compare(storyOf([a, b]), [a, b]);
    // a: taiwan 2/3, trade 1/3; b: trade 1 → mean taiwan 1/3, trade 2/3.
    expect(r.emphasis.s?.taiwan).toBeCloseTo(1 / 3, 6);
    expect(r.emphasis.s?.trade).toBeCloseTo(2 / 3, 6);
    expect(r.emphasisByGroup['kind:press']?.trade).toBeCloseTo(2 / 3, 6);
    expect(r.emphasisByGroup['country:FRA']).toBeDefined();
  });

  it('shows the US side stressing farm trade and the Chinese side leading with Taiwan and history', () => {
    const us = c.emphasis['trump-truth-social']!;
    const cn = c.emphasis['china-mfa']!;
    for (const issue of ['agriculture', 'summitry', 'fentanyl', 'ukraine-war', 'trade']) expect(us[issue] ?? 0).toBeGreaterThan(0);
    expect(us.taiwan ?? 0).toBe(0);
    const top = Object.entries(cn).sort((a, b) => b[1] - a[1]).slice(0, 2).map(([k]) => k);
    expect(top.sort()).toEqual(['history', 'taiwan']);
  });

  it('is the same per-source matrix when computed alone for a story list', () => {
    const members = items.filter((i) => call.documentIds.includes(i.document.id));
    const alone = sourceEmphasis(members.map((i) => ({ sourceId: sourceIdOf(i), issues: i.analysis.issues })));
    expect(Object.keys(alone).sort()).toEqual(Object.keys(c.emphasis).sort());
    for (const [src, row] of Object.entries(c.emphasis)) {
      expect(Object.keys(alone[src]!).sort()).toEqual(Object.keys(row).sort());
      for (const [issue, share] of Object.entries(row)) expect(alone[src]![issue]).toBeCloseTo(share, 9);
    }
  });

  it('lists sources one by one and grouped by kind and country', () => {
    const keys = c.sources.map((s) => s.key);
    expect(keys).toEqual(expect.arrayContaining(['xinhua', 'china-mfa', 'kind:government', 'kind:press', 'country:CHN', 'country:USA']));
    expect(c.sources.find((s) => s.key === 'china-mfa')?.documentIds.sort()).toEqual(['mfa-briefing-1125', 'mfa-readout-1124']);
  });
});

describe('contradictions', () => {
  it('finds who initiated the call, with both sides pointing to their sentences', () => {
    const x = c.contradictions.find((k) => k.kind === 'initiator');
    expect(x).toBeDefined();
    const values = new Set(x!.sides.map((s) => s.value));
    expect(values).toEqual(new Set(['CHN', 'USA']));
    const us = x!.sides.find((s) => s.value === 'USA')!;
    expect(us.source).toBe('china-mfa');
    const doc = items.find((i) => i.document.id === us.documentId)!;
    expect(doc.document.text.slice(us.start, us.end)).toBe(us.text);
    expect(us.text).toContain('at the request of the US side');
  });

  it('does not read "called for" or "called the talks" as initiating the call', () => {
    const mk = (id: string, src: string, text: string): StoryItem =>
      buildItem({ id, source: source(src, src, 'press', 'FRA'), title: id, publishedAt: '2025-11-24T10:00:00Z', text });
    const list = [
      mk('p1', 'p1', 'Trump called the talks with Xi very good.'),
      mk('p2', 'p2', 'Xi called for calm in his call with Trump.'),
      mk('p3', 'p3', 'Trump spoke with Xi Jinping at the request of the Chinese side.'),
    ];
    const r = compare(storyOf(list), list);
    expect(r.contradictions.filter((k) => k.kind === 'initiator')).toEqual([]);
  });

  it('finds different numbers for the same quantity', () => {
    const x = c.contradictions.find((k) => k.kind === 'number');
    expect(x?.topic).toBe('tons of soybeans');
    expect(x?.sides.map((s) => s.value).sort()).toEqual(['12000000', '25000000']);
  });

  it('finds a different date for the same call', () => {
    const a = buildItem({ id: 'd1', source: source('d1', 'D1', 'press', 'FRA'), title: 'd1', publishedAt: '2025-11-25T10:00:00Z',
      text: 'Xi Jinping and Donald Trump held a phone call on Monday.',
      events: [{ type: 'CONSULT', mode: 'phone', actors: ['xi-jinping'], recipients: ['donald-trump'], date: '2025-11-24', at: 'held a phone call' }] });
    const b = buildItem({ id: 'd2', source: source('d2', 'D2', 'press', 'DEU'), title: 'd2', publishedAt: '2025-11-27T10:00:00Z',
      text: 'Xi Jinping and Donald Trump held a phone call on Wednesday.',
      events: [{ type: 'CONSULT', mode: 'phone', actors: ['xi-jinping'], recipients: ['donald-trump'], date: '2025-11-26', at: 'held a phone call' }] });
    const r = compare(storyOf([a, b]), [a, b]);
    const x = r.contradictions.find((k) => k.kind === 'date');
    expect(x?.sides.map((s) => s.value).sort()).toEqual(['2025-11-24', '2025-11-26']);
  });

  it('finds the same quote attributed to two speakers', () => {
    const q = 'the two sides must keep talking about everything';
    const a = buildItem({ id: 'q1', source: source('q1', 'Q1', 'press', 'FRA'), title: 'q1', publishedAt: '2025-11-25T10:00:00Z',
      text: `Xi said "${q}" on Monday.`, quotes: [{ speaker: 'xi-jinping', text: q }] });
    const b = buildItem({ id: 'q2', source: source('q2', 'Q2', 'press', 'DEU'), title: 'q2', publishedAt: '2025-11-25T11:00:00Z',
      text: `Trump said "${q}" on Monday.`, quotes: [{ speaker: 'donald-trump', text: q }] });
    const r = compare(storyOf([a, b]), [a, b]);
    expect(r.contradictions.find((k) => k.kind === 'attribution')?.sides.map((s) => s.value).sort()).toEqual(['donald-trump', 'xi-jinping']);
    expect(r.reusedQuotes[0]?.sources).toEqual(['q1', 'q2']);
  });
});

describe('relays', () => {
  it('sees most of the press relaying Xinhua and notes the missing White House readout', () => {
    const fromXinhua = c.relays.filter((r) => r.from === 'xinhua').map((r) => r.to).sort();
    expect(fromXinhua).toEqual(['le-monde', 'nikkei-asia', 'reuters']);
    const share = c.relayShares?.find((s) => s.from === 'xinhua');
    expect(share?.share).toBeGreaterThan(0.5);
    expect(c.notes?.join(' ')).toMatch(/No readout from white-house/);
  });

  it('detects a relay from a shared long passage without any credit', () => {
    expect(c.relays.some((r) => r.from === 'china-mfa' && r.to === 'xinhua' && r.documentIds.includes('xinhua-call-1124'))).toBe(true);
  });

  it('uses the via field of quotes and claims', () => {
    const a = buildItem({ id: 'v1', source: source('v1', 'V1', 'press', 'FRA'), title: 'v1', publishedAt: '2025-11-25T10:00:00Z',
      text: 'The leaders talked about Taiwan and trade for an hour.', claims: [{ text: 'The leaders talked about Taiwan', via: 'kyodo' }] });
    const r = compare(storyOf([a]), [a]);
    expect(r.relays).toEqual([{ from: 'kyodo', to: 'v1', count: 1, documentIds: ['v1'] }]);
  });

  it('does not take "the White House did not give a readout" as a credit', () => {
    expect(c.relays.some((r) => r.from === 'white-house')).toBe(false);
  });
});

describe('unique claims and omissions', () => {
  it('keeps claims no other source makes and drops shared ones', () => {
    const texts = c.unique.map((u) => u.text);
    expect(texts).toContain('Our trade deal is good for our great farmers');
    expect(c.unique.some((u) => u.documentId === 'xinhua-call-1124')).toBe(false);
    for (const u of c.unique) {
      const doc = items.find((i) => i.document.id === u.documentId)!;
      expect(doc.document.text.slice(u.start, u.end)).toBe(u.text);
    }
  });

  it('reports the issues the other government covered and a source left out, with a reason', () => {
    const o = c.omissions.find((x) => x.source === 'trump-truth-social' && x.issue === 'taiwan');
    expect(o?.reason).toMatch(/^covered by china-mfa \(government, CHN\)/);
    expect(c.omissions.some((x) => x.source === 'china-mfa' && x.issue === 'agriculture')).toBe(true);
  });
});

describe('tone', () => {
  it('scores the upbeat post above the Chinese readout', () => {
    expect(c.tone['trump-truth-social']!).toBeGreaterThan(c.tone['china-mfa']!);
  });
});

describe('renderComparison', () => {
  const hostile = '<script>alert(1)</script> & "quotes"';
  const evil: Story = { ...call, title: hostile };
  const r = compare(evil, items.map((i) => (i.document.id === 'trump-post-1124' ? { ...i, source: { ...i.source!, name: `<img src=x onerror=alert(1)>` } } : i)));

  it('escapes hostile strings in HTML and has no script', () => {
    const html = renderComparison(r, 'html');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<link|src=["']http/i);
  });

  it('renders Markdown with the main sections and escaped markup', () => {
    const md = renderComparison(r, 'md');
    expect(md).toContain('## What each source stressed');
    expect(md).toContain('## Contradictions');
    expect(md).toContain('\\<script\\>');
  });

  it('rejects an unknown format with E_USAGE', () => {
    expect(() => renderComparison(r, 'pdf' as 'md')).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
  });
});

describe('relay and initiator cues on real-world phrasing', () => {
  const mk = (id: string, src: string, kind: 'press' | 'wire', text: string): StoryItem =>
    buildItem({ id, source: source(src, src, kind, 'GBR'), title: id, publishedAt: '2025-11-25T10:00:00Z', text });

  it('reads "according to a readout published by Xinhua" and "(Xinhua) --" as relays', () => {
    const list = [
      mk('r1', 'r1', 'wire', 'Xi told Trump that Taiwan mattered, according to a readout published by Xinhua.'),
      mk('r2', 'r2', 'press', 'BEIJING, Nov. 25 (Xinhua) -- Xi spoke with Trump on Monday.'),
      mk('r3', 'r3', 'press', 'Xinhua had nothing new on tariffs today, analysts noted.'),
    ];
    const withCatalogue = createComparer({ stopwords, lexicon, catalogue: [{ id: 'xinhua', name: 'Xinhua News Agency', kind: 'state-media', country: 'CHN', actor: 'xinhua' }] });
    const r = withCatalogue(storyOf(list), list);
    expect(r.relays.filter((x) => x.from === 'xinhua').map((x) => x.to).sort()).toEqual(['r1', 'r2']);
  });

  it('reads the passive "initiated by the US side" as the US initiating', () => {
    const list = [
      mk('i1', 'i1', 'press', 'The spokeswoman said the call with Xi Jinping was initiated by the US side.'),
      mk('i2', 'i2', 'press', 'Xi Jinping called Donald Trump on Monday.'),
    ];
    const x = compare(storyOf(list), list).contradictions.find((k) => k.kind === 'initiator');
    expect(x?.sides.map((s) => `${s.source}:${s.value}`).sort()).toEqual(['i1:USA', 'i2:CHN']);
  });
});
