// Near-duplicates, wire copies and relays, quiet edits between two fetches of the same page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNearDuplicateIndex } from '../src/stages/ingest/near-duplicates.js';
import { createSyndicationDetector } from '../src/stages/ingest/syndication.js';
import { diffSentences, splitSentences } from '../src/stages/ingest/text-diff.js';
import { createHttpFetcher } from '../src/stages/ingest/http-fetcher.js';
import { createExtractor } from '../src/stages/extract/index.js';
import { startFixtureServer, type FixtureServer } from './fixtures-server/index.js';

// Written for these tests.
const WIRE = [
  'BEIJING, Nov. 24 (Xinhua) -- The two presidents held a telephone conversation on Monday evening at the request of the other side, the foreign ministry said.',
  'During the call the Chinese president set out the principled position on the island question and said its return was an integral part of the post-war international order.',
  'The two leaders also discussed trade, agricultural purchases and the conflict in Europe, and agreed that their teams should stay in close contact.',
  'The ministry said both sides described the conversation as positive and constructive, and that the leaders exchanged views on a possible visit next year.',
  'Analysts said the call was the second in a month and signalled that both capitals wanted to keep the recent trade truce in place through the winter.',
].join('\n\n');

const COPY = `${WIRE.replace('Monday evening', 'Monday night')}\n\nThis article was provided by a news agency.`;

const RELAY = [
  'Markets in Asia rose slightly on Tuesday after news of the leaders\' phone call spread overnight.',
  'According to Xinhua, the Chinese president said its return was an integral part of the post-war international order.',
  'The two leaders also discussed trade, agricultural purchases and the conflict in Europe, and agreed that their teams should stay in close contact.',
  'Traders in soybean futures said they would wait for written details before changing positions, and several brokers noted that similar calls had moved prices only briefly in the past.',
  'Shipping firms said inspections at two ports had already been eased last week, which they expected to help exporters before the holiday season.',
].join('\n\n');

const UNRELATED = [
  'The city council approved a new budget for public libraries on Wednesday after a long debate about opening hours.',
  'Residents had asked for longer evening hours and more reading rooms for students during the examination period.',
  'The council said the extra hours would be funded by savings on energy costs in municipal buildings over the next two years.',
].join('\n\n');

describe('near-duplicate index', () => {
  it('finds a lightly edited copy and not an unrelated text', () => {
    const index = createNearDuplicateIndex({ threshold: 0.7 });
    index.add('wire', WIRE);
    index.add('other', UNRELATED);
    const hits = index.query(COPY);
    expect(hits[0]?.id).toBe('wire');
    expect(hits[0]!.similarity).toBeGreaterThan(0.7);
    expect(hits.find((h) => h.id === 'other')).toBeUndefined();
    expect(index.query(UNRELATED, { exclude: 'other' })).toEqual([]);
    expect(index.size).toBe(2);
    index.remove('wire');
    expect(index.query(COPY)).toEqual([]);
  });

  it('estimates Jaccard similarity deterministically', () => {
    const a = createNearDuplicateIndex();
    const b = createNearDuplicateIndex();
    expect(a.similarity(WIRE, COPY)).toBe(b.similarity(WIRE, COPY));
    expect(a.similarity(WIRE, WIRE)).toBe(1);
    expect(a.similarity(WIRE, UNRELATED)).toBeLessThan(0.1);
  });

  it('handles CJK text by characters', () => {
    const index = createNearDuplicateIndex({ threshold: 0.6 });
    const zh = '两国元首周一晚通电话，双方就贸易、农产品采购和欧洲冲突交换了意见，同意保持密切沟通。外交部表示通话是积极和建设性的。';
    index.add('zh', zh);
    expect(index.query(zh.replace('周一晚', '周一晚上'))[0]?.id).toBe('zh');
  });
});

describe('syndication', () => {
  const detector = createSyndicationDetector({ sources: [{ id: 'xinhua', names: ['Xinhua', 'Xinhua News Agency'] }] });
  detector.add({ id: 'wire', text: WIRE, sourceId: 'xinhua', publishedAt: '2025-11-24T14:00:00Z' });
  detector.add({ id: 'council', text: UNRELATED, sourceId: 'city-paper', publishedAt: '2025-11-20T10:00:00Z' });

  it('finds credit lines in their usual shapes', () => {
    expect(detector.credits(WIRE)).toContain('Xinhua');
    expect(detector.credits(RELAY)).toContain('Xinhua');
    expect(detector.credits('A statement. — Reuters')).toContain('Reuters');
    expect(detector.credits(UNRELATED)).toEqual([]);
  });

  it('marks a wire copy on another outlet as syndicated', () => {
    const m = detector.detect({ id: 'copy', text: COPY, sourceId: 'daily-example', publishedAt: '2025-11-24T16:00:00Z' });
    expect(m).toMatchObject({ originalId: 'wire', kind: 'syndicated', credit: 'Xinhua', creditSourceId: 'xinhua' });
    expect(m!.containment).toBeGreaterThan(0.6);
  });

  it('marks partial reuse with attribution as a relay', () => {
    const m = detector.detect({ id: 'relay', text: RELAY, sourceId: 'market-wire', publishedAt: '2025-11-25T01:00:00Z' });
    expect(m).toMatchObject({ originalId: 'wire', kind: 'relay', creditSourceId: 'xinhua' });
    expect(m!.containment).toBeGreaterThan(0.1);
    expect(m!.containment).toBeLessThan(0.6);
  });

  it('marks the same text from the same source as a duplicate, and a revised one as an update', () => {
    expect(detector.detect({ id: 'again', text: WIRE, sourceId: 'xinhua', publishedAt: '2025-11-24T14:05:00Z' })?.kind).toBe('duplicate');
    const revised = WIRE.replace('Analysts said the call was the second in a month', 'Officials later added that a written summary would follow, and analysts called it the second call in a month');
    expect(detector.detect({ id: 'rev', text: revised, sourceId: 'xinhua', publishedAt: '2025-11-24T18:00:00Z' })?.kind).toBe('update');
  });

  it('finds no relation for unrelated text', () => {
    expect(detector.detect({ id: 'n', text: 'A short note about the weather in the mountains this weekend, with rain expected on Sunday afternoon.', sourceId: 'x' })).toBeNull();
  });
});

describe('text diff', () => {
  it('splits sentences on punctuation and paragraphs', () => {
    expect(splitSentences('One. Two! "Three?" Four\n\nFive。六。')).toEqual(['One.', 'Two!', '"Three?"', 'Four', 'Five。', '六。']);
  });

  it('reports added, removed and changed sentences', () => {
    const before = 'The minister met the envoy. They discussed ports. A visit is planned for April.';
    const after = 'The minister met the envoy. They discussed ports and inspection rules. The statement was issued late.';
    const d = diffSentences(before, after);
    expect(d.changes.map((c) => c.op)).toEqual(['equal', 'changed', 'removed', 'added']);
    expect(d.changes[1]).toMatchObject({ before: 'They discussed ports.', after: 'They discussed ports and inspection rules.' });
    expect(d.changes[2]!.before).toBe('A visit is planned for April.');
    expect(d).toMatchObject({ added: 1, removed: 1, changed: 1 });
    expect(diffSentences(before, before).unchangedShare).toBe(1);
  });
});

describe('a page that changes between two fetches', () => {
  let server: FixtureServer;
  let version = 1;
  const page = (extra: string): string => `<!doctype html><html lang="en"><head><title>Readout of the call</title><link rel="canonical" href="https://ministry.example/readout/77"></head><body><article>
    <p>The minister held a telephone call with her counterpart on Friday to review the shipping agreement signed in the spring.</p>
    <p>${extra}</p>
    <p>Both sides agreed that technical teams would meet again before the end of the month to settle the remaining questions.</p>
  </article></body></html>`;
  beforeAll(async () => {
    server = await startFixtureServer({
      '/readout': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(version === 1
          ? page('The minister stressed that the agreement requires inspections at every port and that exceptions would not be accepted.')
          : page('The minister said inspections at ports would continue under the agreement.'));
      },
    });
  });
  afterAll(async () => { await server.close(); });

  it('keeps the document id, changes the content hash, and the diff shows the quiet edit', async () => {
    const fetcher = createHttpFetcher({ allowPrivateNetwork: true });
    const extract = createExtractor();
    const read = async (): Promise<ReturnType<typeof extract>['document']> => {
      const res = await fetcher.fetch({ url: server.url('/readout') });
      return extract({ bytes: res.body, url: res.url, contentType: res.headers['content-type'] ?? null, fileName: null, fetchedAt: new Date().toISOString() }).document;
    };
    const first = await read();
    version = 2;
    const second = await read();
    expect(second.id).toBe(first.id);
    expect(second.contentHash).not.toBe(first.contentHash);
    const diff = diffSentences(first.text, second.text);
    expect(diff.changed + diff.removed).toBeGreaterThan(0);
    const edited = diff.changes.filter((c) => c.op !== 'equal');
    expect(edited.map((c) => c.before).join(' ')).toContain('exceptions would not be accepted');
    expect(edited.map((c) => c.after).join(' ')).toContain('inspections at ports would continue');
    expect(diff.changes.filter((c) => c.op === 'equal')).toHaveLength(2);
  });
});
