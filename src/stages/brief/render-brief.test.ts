import { describe, expect, it } from 'vitest';
import { fixtureItems } from '../../../fixtures/stories/corpus.js';
import { buildItem, source } from '../../../fixtures/stories/build-items.js';
import { groupStories, loadStopwords } from '../stories/index.js';
import { createComparer } from '../compare/index.js';
import type { Story } from '../../domain/index.js';
import { briefContent } from './brief-content.js';
import { renderBrief } from './render-brief.js';

const stopwords = loadStopwords();
const items = fixtureItems();
const stories = groupStories(items, { stopwords });
const call = stories.find((s) => s.documentIds.includes('mfa-readout-1124'))!;
const sept = stories.find((s) => s.documentIds.includes('xinhua-call-0919'))!;
const compare = createComparer({ stopwords });
const comparison = compare(call, items);
const context = [{ story: sept, items }];

describe('briefContent', () => {
  const c = briefContent(call, comparison, items, context);
  const all = [
    ...c.happened, ...c.sides.flatMap((s) => s.excerpts), ...c.context.flatMap((x) => (x.excerpt ? [x.excerpt] : [])),
    ...c.thirdParties.flatMap((t) => t.excerpts), ...c.open, ...c.disputes.flatMap((d) => d.excerpts),
  ];

  it('shows only sentences of documents, at their offsets', () => {
    expect(all.length).toBeGreaterThan(5);
    for (const e of all) {
      const doc = items.find((i) => i.document.id === e.documentId)!;
      const s = doc.analysis.sentences.find((x) => x.index === e.sentence)!;
      expect(doc.document.text.slice(e.start, e.end).trim()).toBe(e.text);
      expect([s.start, s.end]).toEqual([e.start, e.end]);
    }
  });

  it('gives each side its own version and what it stressed', () => {
    const cn = c.sides.find((s) => s.country === 'CHN')!;
    const us = c.sides.find((s) => s.country === 'USA')!;
    expect(cn.stressed[0]?.issue).toBe('taiwan');
    expect(us.stressed.map((x) => x.issue)).toEqual(expect.arrayContaining(['agriculture', 'summitry']));
    expect(cn.excerpts.every((e) => ['china-mfa', 'xinhua'].includes(e.source))).toBe(true);
    expect(us.excerpts.every((e) => e.source === 'trump-truth-social')).toBe(true);
  });

  it('has the context, third parties, the invitation and the disputed initiator', () => {
    expect(c.context[0]?.title).toContain('19 Sep 2025');
    expect(c.thirdParties.map((t) => t.name)).toEqual(expect.arrayContaining(['Japan']));
    expect(c.open.some((e) => e.text.includes('invited me to visit Beijing in April'))).toBe(true);
    expect(c.disputes.some((d) => d.topic.startsWith('who initiated'))).toBe(true);
  });
});

describe('renderBrief', () => {
  it('cites every quoted sentence as [source, title, sentence n] linked to a reference with document id and offsets', () => {
    const md = renderBrief({ story: call, comparison, items, context, format: 'md' });
    const quoted = md.split('\n').filter((l) => l.startsWith('> '));
    expect(quoted.length).toBeGreaterThan(5);
    for (const l of quoted) {
      const m = /\[([^,\]]+), “.*”, sentence (\d+)\]\(#(ref-[A-Za-z0-9_-]+)\)$/.exec(l);
      expect(m, l).not.toBeNull();
      expect(md).toContain(`<a id="${m![3]}"></a>`);
    }
    expect(md).toMatch(/document `mfa-readout-1124`, characters \d+–\d+/);
  });

  it('renders self-contained printable HTML with hostile strings escaped', () => {
    const evil = buildItem({
      id: 'evil<doc>', source: source('evil', '<b>Evil</b> "Wire"', 'wire', 'FRA'),
      title: '<script>alert("title")</script>', publishedAt: '2025-11-24T10:00:00Z', url: 'javascript:alert(1)',
      text: 'Xi Jinping and Donald Trump discussed Japan <script>alert(2)</script> on the phone on Monday.',
      events: [{ type: 'CONSULT', mode: 'phone', actors: ['xi-jinping', 'donald-trump'], date: '2025-11-24', at: 'on the phone' }],
    });
    const story: Story = { ...call, title: '<img src=x onerror=alert(3)>', documentIds: [...call.documentIds, evil.document.id] };
    const all = [...items, evil];
    const html = renderBrief({ story, comparison: compare(story, all), items: all, context, format: 'html' });
    expect(html).not.toMatch(/<script|<img|javascript:|<b>/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(3)&gt;');
    expect(html).toMatch(/<style>[^<]*@media print/);
    expect(html).not.toMatch(/<link|<script|<iframe|<[^>]+\ssrc=|<[^>]+\son[a-z]+=/i);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    for (const href of hrefs) expect(href.startsWith('#') || href.startsWith('https://')).toBe(true);
  });

  it('rejects an unknown format with E_USAGE', () => {
    expect(() => renderBrief({ story: call, comparison, items, context, format: 'pdf' as 'md' })).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
  });
});
