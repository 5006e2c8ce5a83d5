// Unit tests of the analysis stages through createAnalyzer, with a small inline gazetteer and
// taxonomy (the cue, event and commitment word lists are this stage's own data files).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Document } from '../../domain/index.js';
import {
  actorSchema, commitmentFileSchema, cueFileSchema, eventFileSchema, issueSchema, sourceSchema, type Knowledge,
} from '../../knowledge/index.js';
import { createAnalyzer } from './index.js';

const data = (f: string): unknown => parse(readFileSync(new URL(`../../../data/${f}`, import.meta.url), 'utf8'));

const usPresident = ['US President', 'U.S. President', 'the US president', 'the American leader'];
const knowledge: Knowledge = {
  actors: [
    { id: 'xi-jinping', name: 'Xi Jinping', type: 'person', country: 'CHN', sector: 'GOV', aliases: ['Xi Jinping', 'Xi'], titles: ['President'],
      roles: [{ title: 'President', of: 'CHN', from: '2013-03-14', refs: ['Chinese President', 'the Chinese leader', 'Chinese leader'] }] },
    { id: 'donald-trump', name: 'Donald Trump', type: 'person', country: 'USA', sector: 'GOV', aliases: ['Donald Trump', 'Trump'], titles: ['President'],
      roles: [{ title: 'President', of: 'USA', from: '2017-01-20', to: '2021-01-20', refs: usPresident }, { title: 'President', of: 'USA', from: '2025-01-20', refs: usPresident }] },
    { id: 'joe-biden', name: 'Joe Biden', type: 'person', country: 'USA', sector: 'GOV', aliases: ['Joe Biden', 'Biden'],
      roles: [{ title: 'President', of: 'USA', from: '2021-01-20', to: '2025-01-20', refs: usPresident }] },
    { id: 'sanae-takaichi', name: 'Sanae Takaichi', type: 'person', country: 'JPN', sector: 'GOV', aliases: ['Sanae Takaichi'], titles: ['Prime Minister'],
      roles: [{ title: 'Prime Minister', of: 'JPN', from: '2025-10-21', refs: ['the Japanese prime minister', 'Japanese Prime Minister'] }] },
    { id: 'wang-yi', name: 'Wang Yi', type: 'person', country: 'CHN', sector: 'GOV', aliases: ['Wang Yi'], titles: ['Foreign Minister'] },
    { id: 'lin-jian', name: 'Lin Jian', type: 'person', country: 'CHN', sector: 'GOV', aliases: ['Lin Jian'], titles: ['Spokesperson'] },
    { id: 'china', name: 'China', type: 'country', country: 'CHN', sector: 'GOV', aliases: ['China'] },
    { id: 'japan', name: 'Japan', type: 'country', country: 'JPN', sector: 'GOV', aliases: ['Japan'] },
    { id: 'taiwan', name: 'Taiwan', type: 'country', country: 'TWN', sector: 'GOV', aliases: ['Taiwan'] },
    { id: 'united-states', name: 'United States', type: 'country', country: 'USA', sector: 'GOV', aliases: ['United States', 'the United States', 'U.S.', 'US'] },
    { id: 'china-government', name: 'Government of China', type: 'organisation', country: 'CHN', sector: 'GOV', aliases: ['Beijing'] },
    { id: 'japan-government', name: 'Government of Japan', type: 'organisation', country: 'JPN', sector: 'GOV', aliases: ['Tokyo'] },
    { id: 'xinhua', name: 'Xinhua News Agency', type: 'organisation', country: 'CHN', sector: 'MED', aliases: ['Xinhua'] },
    { id: 'kyodo', name: 'Kyodo News', type: 'organisation', country: 'JPN', sector: 'MED', aliases: ['Kyodo'] },
  ].map((a) => actorSchema.parse(a)),
  issues: [
    { id: 'trade', label: 'Trade', description: 'Trade.', keywords: ['trade', 'purchases', 'deal'] },
    { id: 'tariffs', label: 'Tariffs', description: 'Tariffs.', keywords: ['tariff', 'duties'], broader: ['trade'] },
    { id: 'agriculture', label: 'Agriculture', description: 'Farm trade.', keywords: ['soybean', 'farmers'], broader: ['trade'] },
    { id: 'taiwan', label: 'Taiwan', description: 'Taiwan question.', keywords: ['Taiwan', 'reunification'], terms: ['DPP'] },
  ].map((i) => issueSchema.parse(i)),
  cues: cueFileSchema.parse(data('cues.yaml')),
  events: eventFileSchema.parse(data('events.yaml')),
  commitments: commitmentFileSchema.parse(data('commitments.yaml')),
  sources: [sourceSchema.parse({ id: 'xinhua', name: 'Xinhua', country: 'CHN', kind: 'state-media', language: 'en', actor: 'xinhua' })],
};

function doc(text: string, publishedAt: string | null = '2025-11-25T09:00:00Z', lang: string | null = null): Document {
  return {
    id: 'd1', url: null, canonicalUrl: null, sourceId: null, title: 't', byline: null, publishedAt, modifiedAt: null, lang, siteName: null,
    text, contentHash: 'hash-1', fetchedAt: '2025-11-25T10:00:00Z', extractor: { name: 'test', version: '0' },
  };
}

const analyze = createAnalyzer(knowledge);
const run = (text: string, publishedAt?: string | null, lang?: string | null) => analyze(doc(text, publishedAt, lang ?? null));

describe('actors', () => {
  it('finds names, title+surname forms and metonyms with exact offsets', () => {
    const text = 'President Xi spoke with Donald Trump while Beijing watched Tokyo.';
    const { analysis } = run(text);
    expect(analysis.actors.map((a) => a.id).sort()).toEqual(['china-government', 'donald-trump', 'japan-government', 'xi-jinping']);
    for (const a of analysis.actors) for (const m of a.mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
    expect(analysis.actors.find((a) => a.id === 'xi-jinping')!.mentions[0]!.text).toBe('President Xi');
  });

  it('resolves role descriptions by the document date', () => {
    expect(run('The talks angered the US president.', '2025-11-25T00:00:00Z').analysis.actors.map((a) => a.id)).toEqual(['donald-trump']);
    expect(run('The talks angered the US president.', '2023-05-01T00:00:00Z').analysis.actors.map((a) => a.id)).toEqual(['joe-biden']);
    expect(run('It was the Japanese prime minister who spoke.', '2025-11-25T00:00:00Z').analysis.actors.map((a) => a.id)).toEqual(['sanae-takaichi']);
  });

  it('links surnames to the full name and leaves look-alikes alone', () => {
    const { analysis } = run('Sanae Takaichi spoke on Friday. Later, Takaichi left. A vendor named Wang sold noodles. Wang Wentao said nothing.');
    const ids = analysis.actors.map((a) => a.id);
    expect(analysis.actors.find((a) => a.id === 'sanae-takaichi')!.mentions).toHaveLength(2);
    expect(ids).not.toContain('wang-yi');
    expect(ids).toContain('unresolved:wang-wentao');
  });

  it('reads names with the family name in capitals, as Japan\'s foreign ministry writes them', () => {
    const { analysis } = run('Prime Minister Sanae TAKAICHI received a letter from Mr. XI Jinping. Later, Mr. XI left.');
    expect(analysis.actors.map((a) => a.id).sort()).toEqual(['sanae-takaichi', 'xi-jinping']);
    expect(analysis.actors.find((a) => a.id === 'sanae-takaichi')!.mentions[0]!.text).toBe('Prime Minister Sanae TAKAICHI');
  });

  it('emits names outside the gazetteer as unresolved actors', () => {
    const { analysis } = run('The envoy met Ms. Hanna Berglund and officials of the Meridian Policy Institute.');
    expect(analysis.actors.map((a) => a.id).sort()).toEqual(['unresolved:hanna-berglund', 'unresolved:meridian-policy-institute']);
    expect(analysis.actors[0]!.type).toBe('unresolved');
  });
});

describe('issues', () => {
  it('counts attention per sentence, credits broader issues and sums to 1', () => {
    const { analysis } = run('Tariff duties and tariff rates dominated. Taiwan came up. Soybean purchases too.');
    const w = Object.fromEntries(analysis.issues.map((i) => [i.id, i.weight]));
    // trade: sentences 1 (via tariffs) and 3 (via agriculture + purchases) → 2 of 5 sentence-issue units
    expect(w).toEqual({ trade: 2 / 5, tariffs: 1 / 5, taiwan: 1 / 5, agriculture: 1 / 5 });
    expect(analysis.issues.reduce((s, i) => s + i.weight, 0)).toBeCloseTo(1);
  });
});

describe('quotes', () => {
  it('attributes direct, split and reported quotes and resolves pronouns', () => {
    const text = '\u201cWe want stable ties,\u201d Wang Yi said, \u201cbut not at any price.\u201d He added that Tokyo must reflect.';
    const { analysis } = run(text);
    const q = analysis.quotes.map((x) => [x.speaker, x.direct, x.text]);
    expect(q).toEqual([
      ['wang-yi', true, 'We want stable ties'],
      ['wang-yi', true, 'but not at any price.'],
      ['wang-yi', false, 'Tokyo must reflect'],
    ]);
    for (const x of analysis.quotes) expect(text.slice(x.start, x.end)).toBe(x.text);
  });

  it('follows the relay chain', () => {
    const a = run('Xi told Trump that both sides should cherish the momentum, Xinhua reported.').analysis.quotes;
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ speaker: 'xi-jinping', via: 'xinhua', direct: false, text: 'both sides should cherish the momentum' });
    const b = run('According to Kyodo, Sanae Takaichi said the position had not changed.').analysis.quotes;
    expect(b).toEqual([expect.objectContaining({ speaker: 'sanae-takaichi', via: 'kyodo', text: 'the position had not changed' })]);
  });

  it('uses the dateline agency as the default via', () => {
    const text = 'BEIJING, Nov. 25 (Xinhua) -- Xi said on Monday that trade ties were stable.';
    const { analysis } = run(text);
    expect(analysis.quotes).toEqual([expect.objectContaining({ speaker: 'xi-jinping', via: 'xinhua', text: 'trade ties were stable' })]);
  });
});

describe('claims', () => {
  it('sets holder and modality', () => {
    const { analysis } = run([
      'The leaders met in Busan last month.',
      'Trump said the deal was great.',
      'Beijing is believed to be stalling on soybean purchases.',
      'Lin Jian denied that Xi asked for the call.',
      'If talks fail, duties would rise again.',
    ].join(' '));
    expect(analysis.claims.map((c) => [c.holder, c.modality])).toEqual([
      [null, 'asserted'], ['donald-trump', 'reported'], [null, 'hedged'], ['lin-jian', 'denied'], [null, 'hypothetical'],
    ]);
    expect(analysis.claims[2]!.issues).toEqual(['agriculture', 'trade']);
  });
});

describe('events', () => {
  it('codes a call, an invitation and its acceptance with resolved dates', () => {
    const { analysis } = run('Xi Jinping called Donald Trump on Monday and invited him to visit Beijing in April. Trump accepted the invitation.');
    const ev = analysis.events.map((e) => [e.type, e.mode, e.actors, e.recipients, e.date]);
    expect(ev).toContainEqual(['CONSULT', 'phone', ['xi-jinping'], ['donald-trump'], '2025-11-24']);
    expect(ev).toContainEqual(['CONSULT', 'invite', ['xi-jinping'], ['donald-trump'], '2026-04']);
    expect(ev).toContainEqual(['AGREE', 'accept', ['donald-trump'], [], null]);
    const phone = analysis.events.find((e) => e.mode === 'phone')!;
    expect(phone.cameo).toBe('04');
    expect(doc('').text.slice(0, 0)).toBe('');
  });

  it('does not fire on negated triggers', () => {
    expect(run('Japan did not agree to talks.').analysis.events.filter((e) => e.type === 'AGREE')).toEqual([]);
  });
});

describe('commitments', () => {
  it('splits one pledge into one commitment per amount', () => {
    const { analysis } = run('China will purchase at least 12 MMT of U.S. soybeans in the last two months of 2025 and at least 25 MMT in each of 2026, 2027 and 2028.');
    expect(analysis.commitments.map((c) => [c.actor, c.action, c.amount, c.unit, c.period, c.object])).toEqual([
      ['china', 'purchase', 12, 'MMT', 'the last two months of 2025', 'U.S. soybeans'],
      ['china', 'purchase', 25, 'MMT', 'each of 2026, 2027 and 2028', 'U.S. soybeans'],
    ]);
  });

  it('reads tariff cuts and suspensions', () => {
    const { analysis } = run('The United States agreed to reduce the fentanyl tariff from 20 to 10 percent. Beijing pledged to suspend export controls on rare earths for one year.');
    expect(analysis.commitments.map((c) => [c.actor, c.action, c.amount, c.unit, c.period])).toEqual([
      ['united-states', 'reduce', 10, 'percent', null],
      ['china-government', 'suspend', null, null, 'for one year'],
    ]);
  });
});

describe('language and report', () => {
  it('runs only actors and issues on non-English text and warns', () => {
    const { analysis, report } = run('\u4e60\u8fd1\u5e73\u540c\u7279\u6717\u666e\u901a\u7535\u8bdd\u3002Taiwan', null, null);
    expect(analysis.lang).toBe('zh');
    expect(report.map((r) => r.code)).toContain('W_LANG_UNSUPPORTED');
    expect(analysis.quotes).toEqual([]);
    expect(analysis.actors.map((a) => a.id)).toEqual(['taiwan']);
  });

  it('records provenance per stage with the content hash', () => {
    const { analysis } = run('Xi met Trump.');
    expect(analysis.provenance.map((p) => p.stage)).toContain('analyze/events');
    expect(analysis.provenance.every((p) => p.inputHash === 'hash-1')).toBe(true);
    expect(analysis.lang).toBe('en');
  });

  it('can run a subset of extractors and rejects bad options', () => {
    const only = createAnalyzer(knowledge, { extractors: ['actors'] });
    const { analysis } = only(doc('Xi met Trump.'));
    expect(analysis.events).toEqual([]);
    expect(analysis.actors).toHaveLength(2);
    expect(() => createAnalyzer(knowledge, { extractors: ['nope' as never] })).toThrow(/E_CONFIG|analyzer options/);
  });
});

describe('hostile input', () => {
  it('stays linear on long runs of periods, stray quotes and names', () => {
    const text = `${'a.'.repeat(50_000)} ${'\u201c'.repeat(20_000)} ${'"x '.repeat(10_000)} ${'Xi said he met Trump. '.repeat(2_000)}`;
    const { analysis } = run(text);
    expect(analysis.sentences.length).toBeGreaterThan(2_000);
    for (const q of analysis.quotes) expect(text.slice(q.start, q.end)).toBe(q.text);
  });

  it('handles empty text with a report entry', () => {
    const { analysis, report } = run('   ');
    expect(analysis.sentences).toEqual([]);
    expect(report.map((r) => r.code)).toContain('W_EMPTY');
  });
});

describe('language detection', () => {
  it('treats long Latin-script text without English function words as unsupported', () => {
    const fr = "Le président chinois a appelé son homologue américain lundi et l'a invité à se rendre à Pékin en avril. Les deux dirigeants ont évoqué le commerce, Taïwan et la guerre en Ukraine, selon l'agence officielle.";
    const { analysis, report } = run(fr);
    expect(report.map((r) => r.code)).toContain('W_LANG_UNSUPPORTED');
    expect(analysis.events).toEqual([]);
  });
});
