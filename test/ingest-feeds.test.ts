// Feed parsing in every format and in legacy encodings, served from a local server; XML attacks;
// OPML round trips; and the feed poller's scheduling against a fake store and clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import type { FeedState, Store } from '../src/domain/ports.js';
import type { Source } from '../src/domain/types.js';
import { ReadoutError } from '../src/domain/errors.js';
import { createHttpFetcher } from '../src/stages/ingest/http-fetcher.js';
import { parseFeed } from '../src/stages/ingest/feed-parser.js';
import { buildOpml, opmlToSourceEntries, parseOpml } from '../src/stages/ingest/opml.js';
import { createFeedPoller, initialFeedState, nextFeedState, DEFAULT_POLL_POLICY } from '../src/stages/ingest/feed-poller.js';
import { startFixtureServer, type FixtureServer } from './fixtures-server/index.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/ingest');
const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'returned';
  } catch (e) {
    return e instanceof ReadoutError ? e.code : `not a ReadoutError: ${String(e)}`;
  }
}

/** A feed written in a legacy encoding, declared in the XML declaration (or not at all). */
function legacyFeed(encoding: string, title: string, itemTitle: string, declare = true): Buffer {
  const xml = `${declare ? `<?xml version="1.0" encoding="${encoding}"?>\n` : ''}<rss version="2.0"><channel><title>${title}</title><link>http://feeds.test/</link>`
    + `<item><title>${itemTitle}</title><link>http://feeds.test/1</link><description>${itemTitle}</description></item></channel></rss>`;
  return iconv.encode(xml, encoding);
}

const LEGACY: { encoding: string; title: string; item: string }[] = [
  { encoding: 'gbk', title: '外交部发言人答记者问', item: '双方同意继续就贸易问题保持沟通' },
  { encoding: 'gb18030', title: '新闻公报', item: '两国领导人通电话讨论农产品采购' },
  { encoding: 'big5', title: '外交部新聞稿', item: '雙方同意繼續就貿易問題保持溝通' },
  { encoding: 'shift_jis', title: '外務省の発表', item: '両国の外相が電話で会談しました' },
  { encoding: 'euc-kr', title: '외교부 보도자료', item: '양국 장관이 전화로 무역 문제를 논의했다' },
  { encoding: 'windows-1252', title: 'Communiqué du ministère', item: 'Les ministres ont évoqué « le blé » – et les ports' },
];

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer({
    '/rss2.xml': { headers: { 'content-type': 'application/rss+xml' }, body: fixture('rss2.xml') },
    '/rss091.xml': { headers: { 'content-type': 'application/rss+xml' }, body: fixture('rss091.xml') },
    '/rss1.rdf': { headers: { 'content-type': 'application/rdf+xml' }, body: fixture('rss1.rdf') },
    '/atom.xml': { headers: { 'content-type': 'application/atom+xml' }, body: fixture('atom.xml') },
    '/feed.json': { headers: { 'content-type': 'application/feed+json' }, body: fixture('feed.json') },
  });
  for (const l of LEGACY) {
    server.route(`/legacy-${l.encoding}.xml`, { headers: { 'content-type': 'application/xml' }, body: legacyFeed(l.encoding, l.title, l.item) });
    server.route(`/header-${l.encoding}.xml`, { headers: { 'content-type': `application/xml; charset=${l.encoding}` }, body: legacyFeed(l.encoding, l.title, l.item, false) });
  }
});
afterAll(async () => { await server.close(); });

describe('parseFeed over HTTP', () => {
  const fetcher = createHttpFetcher({ allowPrivateNetwork: true });
  const get = async (path: string): Promise<ReturnType<typeof parseFeed>> => {
    const res = await fetcher.fetch({ url: server.url(path) });
    return parseFeed(res.body, { contentType: res.headers['content-type'] ?? null, url: res.url });
  };

  it('reads RSS 2.0 with content:encoded, sanitised', async () => {
    const feed = await get('/rss2.xml');
    expect(feed.format).toBe('rss');
    expect(feed.title).toBe('Ministry of Examples & Samples — Statements');
    expect(feed.link).toBe('https://ministry.example/statements/');
    expect(feed.language).toBe('en');
    expect(feed.wellFormed).toBe(true);
    expect(feed.items).toHaveLength(2);
    const [a, b] = feed.items;
    expect(a!.id).toBe('stmt-2025-1101');
    expect(a!.url).toBe('https://ministry.example/statements/2025/11/grain-call?utm_source=rss');
    expect(a!.publishedAt).toBe(new Date('2025-11-01T01:30:00Z').toISOString());
    expect(a!.author).toBe('Press Office');
    expect(a!.summary).toBe('The two ministers discussed grain purchases and shipping schedules.');
    expect(a!.contentHtml).toContain('<p>The two ministers discussed grain purchases.</p>');
    expect(a!.contentHtml).not.toMatch(/script|onclick|javascript:/i);
    expect(a!.contentHtml).toContain('href="https://ministry.example/next"');
    expect(b!.id).toBe('https://ministry.example/statements/2025/11/licences');
  });

  it('reads RSS 0.91, RSS 1.0 (RDF), Atom and JSON Feed', async () => {
    const old = await get('/rss091.xml');
    expect(old.items[0]).toMatchObject({ title: 'Bulletin one', url: 'http://bulletin.example/one', summary: 'First bulletin text.' });

    const rdf = await get('/rss1.rdf');
    expect(rdf.format).toBe('rdf');
    expect(rdf.items[0]).toMatchObject({ id: 'https://agency.example/wire/101', title: 'Delegations meet in Geneva', author: 'Desk Editor', publishedAt: '2025-11-03T08:00:00Z' });

    const atom = await get('/atom.xml');
    expect(atom.format).toBe('atom');
    expect(atom.title).toBe('Embassy Notes');
    expect(atom.description).toBe('Notes from the embassy');
    expect(atom.language).toBe('en');
    expect(atom.link).toBe('https://embassy.example/');
    const e = atom.items[0]!;
    expect(e.id).toBe('urn:example:embassy:note-7');
    expect(e.title).toBe('Ambassador visits port <terminal>');
    expect(e.url).toBe('https://embassy.example/notes/7');
    expect(e.publishedAt).toBe('2025-11-04T10:00:00+01:00');
    expect(e.updatedAt).toBe('2025-11-04T11:00:00+01:00');
    expect(e.author).toBe('Cultural Section');
    expect(e.contentHtml).toBe('<p>The ambassador toured the terminal.</p>');

    const json = await get('/feed.json');
    expect(json.format).toBe('json');
    expect(json.items[0]).toMatchObject({ id: 'brief-12', url: 'https://tank.example/briefs/12', author: 'Research Desk', summary: 'Analysts weigh the pledge.' });
    expect(json.items[0]!.contentHtml).not.toMatch(/img|onerror/);
  });

  for (const l of LEGACY) {
    it(`decodes a ${l.encoding} feed from its XML declaration and from the HTTP charset`, async () => {
      for (const path of [`/legacy-${l.encoding}.xml`, `/header-${l.encoding}.xml`]) {
        const feed = await get(path);
        expect(feed.title).toBe(l.title);
        expect(feed.items[0]!.title).toBe(l.item);
      }
    });
  }

  it('sniffs an undeclared legacy CJK feed', () => {
    const feed = parseFeed(legacyFeed('gbk', '外交部发言人答记者问', '双方同意继续就贸易问题保持沟通', false));
    expect(feed.encoding).toBe('gb18030');
    expect(feed.items[0]!.title).toBe('双方同意继续就贸易问题保持沟通');
  });
});

describe('XML safety', () => {
  it('fails fast on billion laughs with E_PARSE', () => {
    const defs = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) defs.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const bomb = `<?xml version="1.0"?><!DOCTYPE rss [${defs.join('')}]><rss version="2.0"><channel><title>&lol9;</title></channel></rss>`;
    try {
      parseFeed(Buffer.from(bomb));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ReadoutError);
      expect((e as ReadoutError).code).toBe('E_PARSE');
      expect((e as ReadoutError).message).toMatch(/expan/);
    }
  });

  it('refuses recursive entities', () => {
    const loop = '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "&b;"><!ENTITY b "&a;">]><rss version="2.0"><channel><title>&a;</title></channel></rss>';
    expect(codeOf(() => parseFeed(Buffer.from(loop)))).toBe('E_PARSE');
  });

  it('never resolves external entities', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>before&secret;after</title><item><title>x</title></item></channel></rss>';
    const feed = parseFeed(Buffer.from(xxe));
    expect(feed.title).toBe('beforeafter');
    expect(feed.warnings.join(' ')).toMatch(/external entity/);
  });

  it('expands small internal entities', () => {
    const ok = '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY org "Example Ministry">]><rss version="2.0"><channel><title>News from &org;</title></channel></rss>';
    expect(parseFeed(Buffer.from(ok)).title).toBe('News from Example Ministry');
  });

  it('caps items per feed and URL length', () => {
    const items = Array.from({ length: 30 }, (_, i) => `<item><title>t${i}</title><link>http://feeds.test/${i}</link></item>`).join('');
    const longUrl = `http://feeds.test/${'x'.repeat(3000)}`;
    const xml = `<rss version="2.0"><channel><title>many</title><item><title>long</title><link>${longUrl}</link></item>${items}</channel></rss>`;
    const feed = parseFeed(Buffer.from(xml), { maxItems: 10, maxUrlLength: 2048 });
    expect(feed.items).toHaveLength(10);
    expect(feed.items[0]!.url).toBeNull();
    expect(feed.warnings.join(' ')).toMatch(/only the first 10/);
  });

  it('recovers items from a broken feed and flags it', () => {
    const broken = '<rss version="2.0"><channel><title>Broken & co</title><item><title>Still here</title><link>http://feeds.test/a</link></item>';
    const feed = parseFeed(Buffer.from(broken));
    expect(feed.wellFormed).toBe(false);
    expect(feed.items[0]!.title).toBe('Still here');
  });

  it('rejects what is not a feed with E_PARSE and empty input with E_EMPTY_INPUT', () => {
    expect(codeOf(() => parseFeed(Buffer.from('<html><body>hello</body></html>')))).toBe('E_PARSE');
    expect(codeOf(() => parseFeed(Buffer.from('   ')))).toBe('E_EMPTY_INPUT');
    expect(codeOf(() => parseFeed(Buffer.from('{"not": "closed"')))).toBe('E_PARSE');
  });
});

describe('OPML', () => {
  it('reads a reader export into feeds and source entries', () => {
    const doc = parseOpml(fixture('sources.opml'));
    expect(doc.title).toBe('My reader export');
    expect(doc.feeds.map((f) => f.xmlUrl)).toEqual(['https://ministry.example/rss.xml', 'https://agency.example/rdf', 'https://agency.example/world.rdf']);
    expect(doc.feeds[0]!.categories).toEqual(['Governments']);
    const entries = opmlToSourceEntries(doc);
    expect(entries.map((e) => e.id)).toEqual(['ministry-of-examples', 'agency-wire']);
    expect(entries[1]!.feeds).toHaveLength(2);
    expect(entries[1]!.hosts).toEqual(['agency.example']);
  });

  it('round-trips the catalogue through buildOpml', () => {
    const sources: Source[] = [
      { id: 'ministry-of-examples', name: 'Ministry of Examples & Co', homepage: 'https://ministry.example/', country: 'XEX', kind: 'government', language: 'en', feeds: ['https://ministry.example/rss.xml?a=1&b=2'] },
      { id: 'agency-wire', name: 'Agency "Wire"', country: 'XEY', kind: 'wire', language: 'fr', feeds: ['https://agency.example/rdf'] },
    ];
    const xml = buildOpml(sources, { now: new Date('2025-11-01T00:00:00Z') });
    const back = opmlToSourceEntries(parseOpml(xml));
    const byId = Object.fromEntries(back.map((e) => [e.id, e]));
    expect(byId['ministry-of-examples']).toMatchObject({ name: 'Ministry of Examples & Co', country: 'XEX', kind: 'government', feeds: ['https://ministry.example/rss.xml?a=1&b=2'] });
    expect(byId['agency-wire']).toMatchObject({ name: 'Agency "Wire"', kind: 'wire', language: 'fr' });
  });
});

describe('feed scheduling (pure)', () => {
  const now = new Date('2025-11-01T00:00:00Z');
  const base = initialFeedState('http://feeds.test/rss', null, now);
  const validators = { etag: '"e1"', lastModified: null, bodyHash: 'h1' };

  it('polls sooner after new items and later when unchanged, within clamps', () => {
    const faster = nextFeedState(base, { kind: 'new-items', count: 3, ...validators }, now);
    expect(faster.intervalSeconds).toBe(1800);
    expect(faster.nextPollAt).toBe('2025-11-01T00:30:00.000Z');
    expect(faster.etag).toBe('"e1"');
    let s: FeedState = base;
    for (let i = 0; i < 30; i++) s = nextFeedState(s, { kind: 'unchanged', etag: null, lastModified: null, bodyHash: null }, now);
    expect(s.intervalSeconds).toBe(DEFAULT_POLL_POLICY.maxIntervalSeconds);
    for (let i = 0; i < 30; i++) s = nextFeedState(s, { kind: 'new-items', count: 1, etag: null, lastModified: null, bodyHash: null }, now);
    expect(s.intervalSeconds).toBe(DEFAULT_POLL_POLICY.minIntervalSeconds);
  });

  it('backs off exponentially on failure and disables after N failures', () => {
    let s = base;
    const delays: number[] = [];
    for (let i = 0; i < DEFAULT_POLL_POLICY.maxFailures; i++) {
      s = nextFeedState(s, { kind: 'failure', error: 'E_FETCH: down' }, now);
      delays.push((Date.parse(s.nextPollAt) - now.getTime()) / 1000);
    }
    expect(delays.slice(0, 4)).toEqual([300, 600, 1200, 2400]);
    expect(s.failures).toBe(DEFAULT_POLL_POLICY.maxFailures);
    expect(s.disabled).toBe(true);
    expect(s.lastError).toBe('E_FETCH: down');
    const recovered = nextFeedState({ ...s, disabled: false }, { kind: 'unchanged', etag: null, lastModified: null, bodyHash: null }, now);
    expect(recovered.failures).toBe(0);
    expect(recovered.lastError).toBeNull();
  });
});

/** In-memory Store port for feed states. */
function fakeFeedStore(): Pick<Store, 'getFeedState' | 'putFeedState' | 'listFeedStates'> & { states: Map<string, FeedState> } {
  const states = new Map<string, FeedState>();
  return {
    states,
    getFeedState: async (url) => states.get(url) ?? null,
    putFeedState: async (s) => { states.set(s.url, { ...s }); },
    listFeedStates: async () => [...states.values()],
  };
}

describe('feed poller', () => {
  it('fetches due feeds, honours 304 and unchanged bodies, and backs off on failures', async () => {
    let version = 1;
    let conditional = true;
    const local = await startFixtureServer({
      '/poll.xml': (req, res) => {
        const etag = `"v${version}"`;
        if (conditional && req.headers['if-none-match'] === etag) { res.writeHead(304); res.end(); return; }
        res.writeHead(200, conditional ? { etag, 'content-type': 'application/rss+xml' } : { 'content-type': 'application/rss+xml' });
        const items = Array.from({ length: version }, (_, i) => `<item><title>Item ${i + 1}</title><link>http://feeds.test/${i + 1}</link></item>`).join('');
        res.end(`<rss version="2.0"><channel><title>Poll</title>${items}</channel></rss>`);
      },
      '/down.xml': { status: 503, body: 'maintenance' },
    });
    try {
      let t = new Date('2025-11-01T00:00:00Z');
      const clock = { now: () => t };
      const store = fakeFeedStore();
      const seen = new Set<string>();
      const poller = createFeedPoller({
        fetcher: createHttpFetcher({ allowPrivateNetwork: true }),
        store, clock,
        feeds: [{ url: local.url('/poll.xml'), sourceId: 'poll-source' }, { url: local.url('/down.xml') }],
        onItem: async (item) => {
          const key = item.id ?? item.url ?? '';
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        },
      });
      const first = await poller.pollDue();
      expect(first).toEqual({ polled: 2, skipped: 0, newItems: 1, failures: 1 });
      const pollState = store.states.get(local.url('/poll.xml'))!;
      expect(pollState.etag).toBe('"v1"');
      expect(pollState.sourceId).toBe('poll-source');
      expect(pollState.intervalSeconds).toBe(1800);
      expect(store.states.get(local.url('/down.xml'))!.lastError).toMatch(/^E_FETCH: .*503/);

      // Not due yet: nothing is fetched.
      expect((await poller.pollDue()).polled).toBe(0);

      // Due again, unchanged: 304 → interval grows.
      t = new Date(Date.parse(pollState.nextPollAt) + 1000);
      const second = await poller.pollDue();
      expect(second.newItems).toBe(0);
      expect(store.states.get(local.url('/poll.xml'))!.intervalSeconds).toBe(2700);
      expect(store.states.get(local.url('/down.xml'))!.failures).toBe(2);

      // The server stops honouring conditional GET; the identical body still counts as unchanged.
      conditional = false;
      t = new Date(Date.parse(store.states.get(local.url('/poll.xml'))!.nextPollAt) + 1000);
      await poller.pollDue();
      expect(store.states.get(local.url('/poll.xml'))!.intervalSeconds).toBe(4050);

      // A new item appears.
      version = 2;
      t = new Date(Date.parse(store.states.get(local.url('/poll.xml'))!.nextPollAt) + 1000);
      const fourth = await poller.pollDue();
      expect(fourth.newItems).toBe(1);
      expect(store.states.get(local.url('/poll.xml'))!.intervalSeconds).toBe(2025);
    } finally {
      await local.close();
    }
  });

  it('watch() polls, sleeps and stops cleanly on abort', async () => {
    const local = await startFixtureServer({ '/w.xml': { headers: { 'content-type': 'application/rss+xml' }, body: '<rss version="2.0"><channel><title>W</title></channel></rss>' } });
    try {
      const ac = new AbortController();
      let rounds = 0;
      const sleeps: number[] = [];
      const poller = createFeedPoller({
        fetcher: createHttpFetcher({ allowPrivateNetwork: true }),
        store: fakeFeedStore(),
        clock: { now: () => new Date('2025-11-01T00:00:00Z') },
        feeds: [{ url: local.url('/w.xml') }],
        onItem: async () => true,
        sleep: async (ms) => {
          sleeps.push(ms);
          if (++rounds === 2) ac.abort();
        },
      });
      await poller.watch(ac.signal);
      expect(rounds).toBe(2);
      expect(local.hits('/w.xml')).toBe(1);
      expect(sleeps[0]).toBeGreaterThan(0);
    } finally {
      await local.close();
    }
  });
});
