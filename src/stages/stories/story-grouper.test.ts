import { describe, expect, it } from 'vitest';
import { ACTORS, buildItem, source } from '../../../fixtures/stories/build-items.js';
import { fixtureItems, GOLD } from '../../../fixtures/stories/corpus.js';
import { createStoryGrouper, groupStories } from './story-grouper.js';
import { loadStopwords } from './stopwords.js';
import type { StoryItem } from './story-item.js';
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

  it('titles a story by a headline when its main event names one side only', () => {
    const { china } = ACTORS;
    const wire = source('wire', 'Wire', 'wire', 'GBR');
    const doc = (id: string, title: string) => buildItem({
      id, source: wire, publishedAt: '2025-12-09T08:00:00Z', title,
      text: 'China asked for talks on chips export controls, the foreign ministry said. China wants chips export controls eased.',
      events: [{ type: 'REQUEST', mode: null, actors: [china.id], date: '2025-12-09', at: 'asked for talks' }],
    });
    const [story] = groupStories([doc('req-1', 'China asks for talks on chips'), doc('req-2', 'Beijing seeks chips talks')], { stopwords });
    expect(story!.mainEvent.type).toBe('REQUEST');
    expect(['China asks for talks on chips', 'Beijing seeks chips talks']).toContain(story!.title);
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

  it('places observed documents without a second read, as add() would', () => {
    const items = fixtureItems();
    const g = createStoryGrouper({ stopwords });
    for (const it of items) g.observe(it);
    const sorted = [...items].sort((a, b) => Date.parse(a.document.publishedAt!) - Date.parse(b.document.publishedAt!) || (a.document.id < b.document.id ? -1 : 1));
    for (const it of sorted) g.addObserved(it.document.id);
    g.refine(sorted.map((i) => i.document.id));
    expect(g.stories()).toEqual(groupStories(items, { stopwords }));
    expect(() => g.addObserved('never-seen')).toThrow(expect.objectContaining({ code: 'E_STAGE' }));
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

describe('groupStories: reports of a second call that lead with the first', () => {
  const { xi, trump, takaichi } = ACTORS;
  const wsj = (): StoryItem => buildItem({
    id: 'wsj-takaichi-1126', source: source('wsj', 'WSJ', 'press', 'USA'), publishedAt: '2025-11-26T23:00:00Z',
    title: "Trump urged Japan's leader to calm the row with China",
    text: `President Trump, shortly after a phone call with Xi Jinping, spoke with Sanae Takaichi and advised her not to provoke China over Taiwan, officials said.

During his own call with Trump, Xi spent much of the time on Taiwan. Takaichi told Trump that the alliance between Japan and the United States stays close.`,
    events: [
      { type: 'CONSULT', mode: 'phone', actors: [trump.id], recipients: [xi.id], date: null, at: 'a phone call with Xi Jinping' },
      { type: 'CONSULT', mode: 'phone', actors: [trump.id], recipients: [takaichi.id], date: null, at: 'spoke with Sanae Takaichi' },
      { type: 'CONSULT', mode: 'phone', actors: [xi.id], recipients: [trump.id], date: null, at: 'his own call with Trump' },
    ],
  });
  const reuters = (): StoryItem => buildItem({
    id: 'reuters-takaichi-1127', source: source('reuters', 'Reuters', 'wire', 'GBR'), publishedAt: '2025-11-27T08:00:00Z',
    title: 'Trump asked Takaichi not to escalate the dispute with China, sources say',
    text: `Donald Trump asked Sanae Takaichi during a phone call this week not to escalate her dispute with China over Taiwan, sources said.

Trump and Takaichi spoke on Tuesday morning, shortly after Trump's call with Xi Jinping. Takaichi said the alliance between Japan and the United States stays close.`,
    events: [
      // The analyzer dates "this week" to a day: two days off.
      { type: 'CONSULT', mode: 'phone', actors: [takaichi.id], recipients: [], date: '2025-11-23', at: 'during a phone call this week' },
      { type: 'CONSULT', mode: 'phone', actors: [trump.id], recipients: [xi.id], date: '2025-11-25', at: "Trump's call with Xi Jinping" },
      { type: 'CONSULT', mode: null, actors: [trump.id, takaichi.id], recipients: [], date: '2025-11-25', at: 'spoke on Tuesday morning' },
    ],
  });

  it('puts a report whose headline names the second call with that call', () => {
    const stories = groupStories([...fixtureItems(), reuters()], { stopwords });
    const withMofa = stories.find((s) => s.documentIds.includes('japan-mofa-takaichi-1125'))!;
    expect(withMofa.documentIds).toContain('reuters-takaichi-1127');
    expect(withMofa.title).toContain('Sanae Takaichi');
  });

  it('lets a report nearly as much about the second call as the first join the second call', () => {
    const stories = groupStories([...fixtureItems(), reuters(), wsj()], { stopwords });
    const withMofa = stories.find((s) => s.documentIds.includes('japan-mofa-takaichi-1125'))!;
    expect(withMofa.documentIds).toEqual(expect.arrayContaining(['wsj-takaichi-1126', 'reuters-takaichi-1127', 'kyodo-takaichi-1125']));
    const call = stories.find((s) => s.documentIds.includes('mfa-readout-1124'))!;
    expect(call.documentIds).not.toContain('wsj-takaichi-1126');
  });
});

describe('groupStories: follow-ups of a pledge', () => {
  const { xi, trump, china, usa } = ACTORS;
  const wire = source('wire', 'Wire', 'wire', 'GBR');
  const SOY = 'China will buy 12 million tons of U.S. soybeans';
  const items = (): StoryItem[] => [
    // The meeting where the pledge was made, and a report of it.
    buildItem({
      id: 'meeting-1030', source: wire, publishedAt: '2025-10-30T08:00:00Z', title: 'Trump and Xi meet in Busan',
      text: `Donald Trump and Xi Jinping met in Busan on Thursday. ${SOY} by the end of the year, the White House said. Trump cut the tariff on Chinese goods.`,
      events: [{ type: 'CONSULT', mode: null, actors: [trump.id, xi.id], date: '2025-10-30', at: 'met in Busan' }],
      commitments: [{ actor: china.id, action: 'purchase', object: 'U.S. soybeans', amount: 12, unit: 'MMT', at: 'will buy 12 million tons' }],
    }),
    buildItem({
      id: 'fact-sheet-1101', source: source('white-house', 'The White House', 'government', 'USA'), publishedAt: '2025-11-01T18:00:00Z',
      title: 'Fact sheet: the deal with China', text: `Donald Trump and Xi Jinping met in Busan on Thursday. ${SOY} in the last two months of 2025, and the tariff falls.`,
      events: [{ type: 'CONSULT', mode: null, actors: [trump.id, xi.id], date: '2025-10-30', at: 'met in Busan' }],
      commitments: [{ actor: china.id, action: 'purchase', object: 'U.S. soybeans', amount: 12, unit: 'MMT', at: 'will buy 12 million tons' }],
    }),
    // Weeks later: sales data, shipments, a new deadline, completion.
    buildItem({
      id: 'sales-1114', source: source('usda', 'USDA', 'government', 'USA'), publishedAt: '2025-11-14T14:00:00Z', title: 'Export sales released',
      text: 'Export sales released today include soybeans for delivery to China, 332,000 metric tons, and more soybeans to unknown destinations. Weekly soybeans export sales follow.',
    }),
    buildItem({
      id: 'cargoes-1202', source: wire, publishedAt: '2025-12-02T20:00:00Z', title: 'Soybeans cargoes for China line up',
      text: `Soybeans cargoes for China line up at Gulf terminals. The White House said ${SOY} this year; traders doubt the soybeans volume. Export sales data were delayed.`,
      commitments: [{ actor: china.id, action: 'purchase', object: 'U.S. soybeans', amount: 12, unit: 'MMT', at: 'will buy 12 million tons' }],
    }),
    buildItem({
      id: 'completed-0120', source: wire, publishedAt: '2026-01-20T19:00:00Z', title: 'China completes soybeans purchases',
      text: 'China has finished buying the 12 million tons of soybeans it agreed to buy, the Treasury said. Export sales data showed soybeans cargoes to China continue.',
      events: [{ type: 'COOPERATE', mode: 'trade', actors: [china.id], recipients: [usa.id], date: '2026-01-20', at: 'finished buying' }],
    }),
    // Unrelated, a month after the sales data: no pledge in common.
    buildItem({
      id: 'fentanyl-1215', source: wire, publishedAt: '2025-12-15T10:00:00Z', title: 'Fentanyl seizures fall',
      text: 'Fentanyl seizures at the border fell in November, officials in the United States said.',
    }),
  ];

  it('joins reports weeks apart that follow one pledge up, and keeps them out of the meeting that made it', () => {
    const stories = groupStories(items(), { stopwords });
    expect(partition(stories)).toEqual([
      ['cargoes-1202', 'completed-0120', 'sales-1114'],
      ['fact-sheet-1101', 'meeting-1030'],
      ['fentanyl-1215'],
    ]);
  });

  it('takes no follow-ups with followUpDays 0', () => {
    const stories = groupStories(items(), { stopwords, followUpDays: 0 });
    expect(stories.find((s) => s.documentIds.includes('completed-0120'))!.documentIds).toEqual(['completed-0120']);
  });
});

describe('groupStories: an encounter story takes only reports of the encounter', () => {
  const { takaichi, china, japan } = ACTORS;
  const takaichiCall = (): StoryItem[] => fixtureItems().filter((i) => ['japan-mofa-takaichi-1125', 'kyodo-takaichi-1125'].includes(i.document.id));
  const press = source('press', 'Press', 'press', 'AUS');
  // The words of the call story (Takaichi, Trump, Japan, China, alliance), but about the row with China.
  const rowText = (lead: string): string => `${lead}

Sanae Takaichi said Japan and the United States keep a close alliance while China protests her remarks. Takaichi told reporters that relations with China were strained, and Trump was not asked.`;

  it('keeps out a document published days before the call that does not report it', () => {
    const before = buildItem({
      id: 'row-1121', source: press, publishedAt: '2025-11-21T06:00:00Z', title: 'Takaichi holds firm as China protests',
      text: rowText('Sanae Takaichi held firm on Friday as China protested her remarks on Taiwan and Japan refused to retract them.'),
      events: [{ type: 'ACCUSE', mode: null, actors: [china.id], recipients: [takaichi.id], date: '2025-11-21', at: 'China protested her remarks' }],
    });
    const stories = groupStories([...takaichiCall(), before], { stopwords });
    expect(partition(stories)).toEqual([['japan-mofa-takaichi-1125', 'kyodo-takaichi-1125'], ['row-1121']]);
  });

  it('keeps out a later document that names only one of the countries on the call', () => {
    const after = buildItem({
      id: 'row-1126', source: press, publishedAt: '2025-11-26T06:00:00Z', title: 'Beijing keeps up pressure on Takaichi',
      text: 'Sanae Takaichi faces pressure as China protests her remarks and Japan refuses to retract them. Takaichi told reporters that relations with China were strained, while Japan kept a close alliance.',
      events: [{ type: 'ACCUSE', mode: null, actors: [china.id], recipients: [japan.id], date: null, at: 'China protests her remarks' }],
    });
    expect(after.analysis.actors.map((a) => a.country)).not.toContain('USA');
    const stories = groupStories([...takaichiCall(), after], { stopwords });
    expect(partition(stories)).toEqual([['japan-mofa-takaichi-1125', 'kyodo-takaichi-1125'], ['row-1126']]);
  });

  it('still takes a later report that names both parties without coding the call', () => {
    const recap = buildItem({
      id: 'recap-1126', source: press, publishedAt: '2025-11-26T06:00:00Z', title: 'What Trump told Takaichi',
      text: 'Donald Trump briefed Sanae Takaichi on relations with China, and Takaichi told reporters that the alliance between Japan and the United States stays close.',
    });
    const stories = groupStories([...takaichiCall(), recap], { stopwords });
    expect(partition(stories)).toEqual([['japan-mofa-takaichi-1125', 'kyodo-takaichi-1125', 'recap-1126']]);
  });
});
