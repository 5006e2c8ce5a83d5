// One contract suite for the Store port, run unchanged against SQLite (a temp file) and
// PostgreSQL (a fresh schema per run, dropped afterwards).
import { createHash } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Analysis, Comparison, Document, FeedState, Source, Store, StoredDocument, Story,
} from '../src/domain/index.js';
import { openStore, serialiseAnalysis } from '../src/storage/index.js';
import { PG_URL, SKIP_PG, dropSchemas, freshSchemaName, requirePg, tempDir } from './helpers/db.js';

interface StoreTarget {
  /** Opens another store on the same database (several may be open at once). */
  connect(): Promise<Store>;
  teardown(): Promise<void>;
  /** Runs SQL directly on the database, to set up states the Store API cannot make (old rows). */
  raw(statement: string): Promise<void>;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

function makeDoc(over: Partial<Document> & { text: string }): Document {
  return {
    id: over.id ?? `doc-${sha256(over.text).slice(0, 12)}`,
    url: 'https://example.test/a',
    canonicalUrl: 'https://example.test/a',
    sourceId: 'example',
    title: 'A title',
    byline: null,
    publishedAt: '2025-11-24T08:00:00Z',
    modifiedAt: null,
    lang: 'en',
    siteName: 'Example',
    contentHash: sha256(over.text),
    fetchedAt: '2025-11-25T00:00:00.000Z',
    extractor: { name: 'test', version: '1' },
    html: null,
    ...over,
  };
}

function stored(document: Document, analysis: Analysis | null = null): StoredDocument {
  return { document, analysis, report: [] };
}

function makeAnalysis(doc: Document, stageVersion = '1'): Analysis {
  return {
    documentId: doc.id,
    lang: doc.lang,
    sentences: [{ start: 0, end: doc.text.length, index: 0, paragraph: 0 }],
    actors: [{ id: 'CHN', name: 'China', type: 'country', country: 'CHN', sector: 'GOV', mentions: [{ start: 0, end: 5, text: 'China', sentence: 0 }] }],
    issues: [{ id: 'trade', label: 'Trade', weight: 1, mentions: [] }],
    quotes: [], claims: [], events: [], commitments: [],
    provenance: [{ stage: 'actors', version: stageVersion, inputHash: doc.contentHash }],
  };
}

function makeStory(id: string, documentIds: string[], start: string, end: string): Story {
  return {
    id, title: `Story ${id}`, start, end,
    mainEvent: { type: 'CONSULT', mode: 'phone', actors: ['CHN', 'USA'], date: start.slice(0, 10) },
    documentIds, links: [],
    provenance: { stage: 'stories', version: '1', inputHash: 'x' },
  };
}

export function storeContract(name: string, setup: () => Promise<StoreTarget>): void {
  describe(`Store contract: ${name}`, () => {
    let target: StoreTarget;
    let store: Store;
    const extra: Store[] = [];

    beforeAll(async () => {
      target = await setup();
      store = await target.connect();
    });
    afterAll(async () => {
      for (const s of extra) await s.close();
      await store?.close();
      await target?.teardown();
    });

    it('reports its dialect and migrating again is a no-op', async () => {
      expect(store.dialect).toBe(name);
      await store.putDocument(stored(makeDoc({ id: 'mig-1', text: 'Migration check text.' })));
      const before = await store.countDocuments();
      await store.migrate();
      await store.migrate();
      expect(await store.countDocuments()).toBe(before);
      expect((await store.getDocument('mig-1'))?.document.text).toBe('Migration check text.');
    });

    it('creates, updates and lists sources', async () => {
      const xinhua: Source = { id: 'xinhua', name: 'Xinhua', country: 'CHN', kind: 'state-media', language: 'zh', feeds: ['https://x.test/rss'] };
      const wh: Source = { id: 'whitehouse', name: 'The White House', homepage: 'https://wh.test', country: 'USA', kind: 'government', language: 'en', feeds: [] };
      await store.upsertSource(xinhua);
      await store.upsertSource(wh);
      expect(await store.getSource('xinhua')).toEqual(xinhua);
      expect(await store.getSource('whitehouse')).toEqual(wh);
      expect(await store.getSource('nope')).toBeNull();
      await store.upsertSource({ ...xinhua, name: 'Xinhua News Agency', feeds: ['a', 'b'] });
      expect((await store.getSource('xinhua'))?.name).toBe('Xinhua News Agency');
      expect((await store.listSources()).map((s) => s.id)).toEqual(['whitehouse', 'xinhua']);
    });

    it('round-trips every document field, unicode and large text, with its analysis', async () => {
      const text = 'Xi Jinping 习近平 told Trump — «Taiwan’s return» is part of the post-war order. 🇨🇳🇺🇸 Ünïcödé.\n\n'
        + 'Paragraph two with "quotes" and \\backslashes\\ and 100% of_underscores.';
      const doc = makeDoc({
        id: 'round-trip', text, title: '习近平同美国总统特朗普通电话', byline: 'Staff «reporter»',
        publishedAt: '2025-11-24T21:00:00+08:00', modifiedAt: '2025-11-25T01:00:00Z', lang: 'zh',
        siteName: '新华网', html: '<p>Xi <b>said</b></p>', url: 'https://news.test/a?b=1&c=2', canonicalUrl: 'https://news.test/a',
      });
      const analysis = makeAnalysis(doc);
      const res = await store.putDocument({ document: doc, analysis, report: [{ stage: 'extract', level: 'warning', code: 'W_X', message: 'm' }] });
      expect(res).toEqual({ status: 'stored', id: 'round-trip', version: 1 });
      const got = await store.getDocument('round-trip');
      expect(got?.document).toEqual(doc);
      expect(got?.analysis).toEqual(analysis);
      expect(got?.report).toEqual([{ stage: 'extract', level: 'warning', code: 'W_X', message: 'm' }]);
      expect(await store.getDocument('missing')).toBeNull();

      const big = Array.from({ length: 40_000 }, (_, i) => `word${i % 997} sentence ${i}.`).join(' ');
      const { html: _html, ...bigDoc } = makeDoc({ id: 'big', text: big });
      expect((await store.putDocument(stored(bigDoc))).status).toBe('stored');
      const gotBig = await store.getDocument('big');
      expect(gotBig?.document.text.length).toBe(big.length);
      expect(gotBig?.document.text).toBe(big);
      expect(gotBig?.document.html).toBeNull();
      expect(gotBig?.analysis).toBeNull();
    });

    it('is idempotent: the same content twice is stored once', async () => {
      const doc = makeDoc({ id: 'idem', text: 'The two leaders spoke by phone on Monday.' });
      expect((await store.putDocument(stored(doc))).status).toBe('stored');
      const before = await store.countDocuments();
      expect(await store.putDocument(stored(doc))).toEqual({ status: 'duplicate', id: 'idem', version: 1 });
      expect(await store.countDocuments()).toBe(before);
      expect(await store.documentVersions('idem')).toHaveLength(1);
      expect(await store.findDocumentByHash(doc.contentHash)).toBe('idem');
      expect(await store.findDocumentByHash('0'.repeat(64))).toBeNull();
    });

    it('updates a duplicate\'s analysis only when its input or stage versions change', async () => {
      const doc = makeDoc({ id: 'ana', text: 'China and the United States discussed soybeans.' });
      await store.putDocument(stored(doc));
      expect((await store.getDocument('ana'))?.analysis).toBeNull();
      const a1 = makeAnalysis(doc, '1');
      expect((await store.putDocument(stored(doc, a1))).status).toBe('duplicate');
      expect((await store.getDocument('ana'))?.analysis).toEqual(a1);
      // Same input hash and versions: a different payload is not written.
      const same = { ...a1, issues: [] };
      await store.putDocument(stored(doc, same));
      expect((await store.getDocument('ana'))?.analysis).toEqual(a1);
      // A new stage version replaces it; a duplicate without analysis leaves it alone.
      const a2 = { ...makeAnalysis(doc, '2'), issues: [] };
      await store.putDocument(stored(doc, a2));
      expect((await store.getDocument('ana'))?.analysis).toEqual(a2);
      await store.putDocument(stored(doc));
      expect((await store.getDocument('ana'))?.analysis).toEqual(a2);
    });

    it('keeps versions when the text changes', async () => {
      const v1 = makeDoc({ id: 'ver', title: 'First', text: 'Version one of the statement.', fetchedAt: '2025-11-25T00:00:00.000Z' });
      const v2 = makeDoc({ id: 'ver', title: 'Second', text: 'Version two of the statement, corrected.', fetchedAt: '2025-11-26T00:00:00.000Z' });
      await store.putDocument(stored(v1, makeAnalysis(v1)));
      expect(await store.putDocument(stored(v2))).toEqual({ status: 'updated', id: 'ver', version: 2 });
      const got = await store.getDocument('ver');
      expect(got?.document).toEqual(v2);
      expect(got?.analysis).toBeNull(); // the analysis of the old text is gone
      const versions = await store.documentVersions('ver');
      expect(versions.map((v) => [v.version, v.title, v.text, v.contentHash])).toEqual([
        [1, 'First', v1.text, v1.contentHash],
        [2, 'Second', v2.text, v2.contentHash],
      ]);
      expect(await store.putDocument(stored(v2))).toEqual({ status: 'duplicate', id: 'ver', version: 2 });
      // Going back to an earlier text makes that version current again.
      expect(await store.putDocument(stored(v1))).toEqual({ status: 'updated', id: 'ver', version: 1 });
      expect((await store.getDocument('ver'))?.document.text).toBe(v1.text);
      expect((await store.documentVersions('ver')).map((v) => v.text)).toEqual([v1.text, v2.text]);
      expect(await store.findDocumentByHash(v2.contentHash)).toBeNull();
      expect(await store.documentVersions('missing')).toEqual([]);
    });

    it('treats a new id with known content as a duplicate of the existing document', async () => {
      const a = makeDoc({ id: 'orig', text: 'Syndicated wire copy about the call.' });
      const b = { ...a, id: 'copy', url: 'https://mirror.test/x' };
      expect((await store.putDocument(stored(a))).status).toBe('stored');
      expect(await store.putDocument(stored(b))).toEqual({ status: 'duplicate', id: 'orig', version: 1 });
      expect(await store.getDocument('copy')).toBeNull();
    });

    it('puts a batch in one transaction with the same outcomes as one by one, and all or nothing', async () => {
      const a = makeDoc({ id: 'batch-a', text: 'First statement of the batch about port fees.' });
      const b = makeDoc({ id: 'batch-b', text: 'Second statement of the batch about fisheries.' });
      const copyOfA = { ...a, id: 'batch-copy', url: 'https://mirror.test/batch' };
      const a2 = makeDoc({ id: 'batch-a', title: 'Revised', text: 'First statement of the batch about port fees, revised.' });
      const results = await store.putDocuments([stored(a, makeAnalysis(a)), stored(b), stored(copyOfA), stored(a2), stored(b)]);
      expect(results).toEqual([
        { status: 'stored', id: 'batch-a', version: 1 },
        { status: 'stored', id: 'batch-b', version: 1 },
        { status: 'duplicate', id: 'batch-a', version: 1 },
        { status: 'updated', id: 'batch-a', version: 2 },
        { status: 'duplicate', id: 'batch-b', version: 1 },
      ]);
      expect((await store.getDocument('batch-a'))?.document.title).toBe('Revised');
      expect(await store.documentVersions('batch-a')).toHaveLength(2);
      expect(await store.putDocuments([])).toEqual([]);
      // A document the database refuses (no id) fails the whole batch and stores nothing of it.
      const good = makeDoc({ id: 'batch-good', text: 'A good document in a failing batch.' });
      const bad = { ...makeDoc({ id: 'batch-bad', text: 'A bad one.' }), id: null as unknown as string };
      await expect(store.putDocuments([stored(good), stored(bad)])).rejects.toThrow();
      expect(await store.getDocument('batch-good')).toBeNull();
    });

    it('gives story grouping the cut-down analyses of analysed documents only, oldest first', async () => {
      const a = makeDoc({ id: 'grp-a', text: 'Grouping input one about soybeans and tariffs.', publishedAt: '2020-01-02T00:00:00Z', html: '<p>one</p>' });
      const b = makeDoc({ id: 'grp-b', text: 'Grouping input two, not analysed.', publishedAt: '2020-01-01T00:00:00Z' });
      const full: Analysis = {
        ...makeAnalysis(a),
        issues: [
          { id: 'agriculture', label: 'Agriculture', weight: 0.75, mentions: [{ start: 31, end: 39, text: 'soybeans' }] },
          { id: 'trade', label: 'Trade', weight: 0.25, mentions: [{ start: 44, end: 51, text: 'tariffs' }] },
        ],
        events: [{
          type: 'CONSULT', mode: 'phone', context: [], cameo: '04', goldstein: 1, actors: ['CHN'], recipients: ['USA'],
          date: '2020-01-01', start: 0, end: 10, text: 'Grouping i', sentence: 0,
        }],
        commitments: [{ actor: 'CHN', action: 'buy', object: 'soybeans', amount: 12, unit: 'MMT', period: '2020', start: 0, end: 10, text: 'Grouping i', sentence: 0 }],
        quotes: makeAnalysis(a).quotes,
      };
      await store.putDocuments([stored(a, full), stored(b)]);
      const got = [];
      for await (const d of store.iterateGroupingInputs(2)) if (d.document.id.startsWith('grp-')) got.push(d);
      expect(got.map((d) => d.document.id)).toEqual(['grp-a']);
      const g = got[0]!;
      expect(g.document).toEqual({ ...a, html: null });
      expect(g.analysis.actors).toEqual(full.actors);
      expect(g.analysis.events).toEqual(full.events);
      expect(g.analysis.commitments).toEqual(full.commitments);
      expect(g.analysis.provenance).toEqual(full.provenance);
      expect(g.analysis.lang).toBe(full.lang);
      expect(g.analysis.issues).toEqual(full.issues.map((i) => ({ id: i.id, label: i.label, weight: i.weight, mentions: [] })));
      expect(g.analysis.quotes).toEqual([]);
      expect(g.analysis.claims).toEqual([]);
      expect(g.analysis.sentences).toEqual([]);
      // A row written before digests existed is digested on the way out.
      await target.raw(`UPDATE analyses SET digest = NULL WHERE document_id = 'grp-a'`);
      const old = [];
      for await (const d of store.iterateGroupingInputs(2)) if (d.document.id === 'grp-a') old.push(d);
      expect(old[0]!.analysis).toEqual(g.analysis);
      // Every analysed document comes once, in the order iterateDocuments gives.
      const all: string[] = [];
      for await (const d of store.iterateGroupingInputs(3)) all.push(d.document.id);
      const expected: string[] = [];
      for await (const d of store.iterateDocuments(3)) if (d.analysis) expected.push(d.document.id);
      expect(all).toEqual(expected);
    });

    it('stores an analysis that arrives serialised exactly as one that arrives as an object', async () => {
      const a = makeDoc({ id: 'ser-a', text: 'Serialised input about soybeans.', publishedAt: '2020-02-01T00:00:00Z' });
      const b = makeDoc({ id: 'ser-b', text: 'Object input about soybeans, the twin.', publishedAt: '2020-02-01T00:00:00Z' });
      const analysisOf = (d: Document): Analysis => ({ ...makeAnalysis(d), events: [{
        type: 'CONSULT', mode: 'phone', context: ['x'], cameo: '04', goldstein: 1, actors: ['CHN'], recipients: ['USA'],
        date: '2020-02-01', start: 0, end: 10, text: d.text.slice(0, 10), sentence: 0,
      }] });
      const results = await store.putDocuments([
        { document: a, serialised: serialiseAnalysis(analysisOf(a), a), report: [] },
        stored(b, analysisOf(b)),
      ]);
      expect(results.map((r) => r.status)).toEqual(['stored', 'stored']);
      expect((await store.getDocument('ser-a'))!.analysis).toEqual(analysisOf(a));
      const digests = new Map<string, Analysis>();
      for await (const d of store.iterateGroupingInputs(50)) if (d.document.id.startsWith('ser-')) digests.set(d.document.id, d.analysis);
      const full = analysisOf(a);
      expect(digests.get('ser-a')).toEqual({ ...full, sentences: [], quotes: [], claims: [], issues: full.issues.map((i) => ({ ...i, mentions: [] })) });
      expect(digests.get('ser-b')!.events).toEqual(analysisOf(b).events);
      // The same document and analysis again is a duplicate.
      expect((await store.putDocument({ document: a, serialised: serialiseAnalysis(analysisOf(a), a), report: [] })).status).toBe('duplicate');
      // JSON handed over as UTF-8 bytes (as analysis threads do), with text beyond ASCII.
      const c = makeDoc({ id: 'ser-c', title: '采购计划', lang: 'zh', text: '农业部门宣布采购计划 — “大豆” 🌱', publishedAt: '2020-02-01T00:00:00Z' });
      const s = serialiseAnalysis(analysisOf(c), c, { grouping: JSON.stringify({ id: 'ser-c', note: '台湾 “quoted” 🌱' }) });
      const utf8 = new TextEncoder();
      expect((await store.putDocument({
        document: c, serialised: { ...s, json: utf8.encode(s.json as string), grouping: utf8.encode(s.grouping as string) }, report: [],
      })).status).toBe('stored');
      expect((await store.getDocument('ser-c'))!.analysis).toEqual(analysisOf(c));
      const records: unknown[] = [];
      for await (const r of store.iterateGroupingRecords(50)) if (r.id === 'ser-c') records.push(r.record);
      expect(records).toEqual([{ id: 'ser-c', note: '台湾 “quoted” 🌱' }]);
    });

    it('keeps grouping records beside analyses: in grouping order, replaced only for the same text', async () => {
      const a = makeDoc({ id: 'rec-a', text: 'Record input one about soybeans.', publishedAt: '2019-03-01T00:00:00Z', sourceId: 'xinhua' });
      const b = makeDoc({ id: 'rec-b', text: 'Record input two, stored as an object.', publishedAt: '2019-03-02T00:00:00Z', sourceId: null });
      const record = (d: Document, n: number) => JSON.stringify({ id: d.id, contentHash: d.contentHash, n });
      await store.putDocuments([
        { document: a, serialised: serialiseAnalysis(makeAnalysis(a), a, { grouping: record(a, 1) }), report: [] },
        stored(b, makeAnalysis(b)),
      ]);
      const read = async () => {
        const out: { id: string; contentHash: string; sourceId: string | null; record: unknown }[] = [];
        for await (const r of store.iterateGroupingRecords(1)) if (r.id.startsWith('rec-')) out.push(r);
        return out;
      };
      expect(await read()).toEqual([
        { id: 'rec-a', contentHash: a.contentHash, sourceId: 'xinhua', record: { id: 'rec-a', contentHash: a.contentHash, n: 1 } },
        { id: 'rec-b', contentHash: b.contentHash, sourceId: null, record: null },
      ]);
      // The same order as iterateGroupingInputs, which can be narrowed to the documents asked for.
      const order: string[] = [];
      for await (const r of store.iterateGroupingRecords(3)) order.push(r.id);
      const inputs: string[] = [];
      for await (const d of store.iterateGroupingInputs(3)) inputs.push(d.document.id);
      expect(order).toEqual(inputs);
      const only: string[] = [];
      for await (const d of store.iterateGroupingInputs(1, { only: new Set(['rec-b']) })) only.push(d.document.id);
      expect(only).toEqual(['rec-b']);
      // A record made from another text of the document is not stored.
      await store.saveGroupingRecords([
        { documentId: 'rec-b', contentHash: b.contentHash, record: record(b, 2) },
        { documentId: 'rec-a', contentHash: 'another-text', record: record(a, 3) },
      ]);
      expect((await read()).map((r) => r.record)).toEqual([
        { id: 'rec-a', contentHash: a.contentHash, n: 1 },
        { id: 'rec-b', contentHash: b.contentHash, n: 2 },
      ]);
      // A record, unlike a digest, does not replace the full analysis.
      expect((await store.getDocument('rec-a'))!.analysis).toEqual(makeAnalysis(a));
    });

    it('searches English, Chinese and survives hostile query strings', async () => {
      await store.putDocument(stored(makeDoc({ id: 's-en', title: 'Soybean purchases resume', text: 'Beijing agreed to resume purchases of American soybeans after the phone call with Washington.' })));
      await store.putDocument(stored(makeDoc({ id: 's-zh', title: '中美元首通电话', lang: 'zh', text: '国家主席习近平应约同美国总统特朗普通电话。台湾回归中国是战后国际秩序的重要组成部分。' })));
      await store.putDocument(stored(makeDoc({ id: 's-ja', title: '日中首脳会談', lang: 'ja', text: '首相は北京で習近平国家主席と会談し、経済協力について協議した。' })));
      const en = await store.search('soybeans purchases');
      expect(en.map((h) => h.documentId)).toContain('s-en');
      const hit = en.find((h) => h.documentId === 's-en');
      expect(hit?.title).toBe('Soybean purchases resume');
      expect(hit?.snippet).toMatch(/«[^»]+»/);
      expect(hit?.sourceId).toBe('example');
      expect(hit?.publishedAt).toBe('2025-11-24T08:00:00Z');
      const title = await store.search('soybean');
      expect(title.map((h) => h.documentId)).toContain('s-en');

      const zh = await store.search('台湾回归');
      expect(zh.map((h) => h.documentId)).toEqual(['s-zh']);
      expect(zh[0]?.snippet).toContain('«台湾回归»');
      expect((await store.search('习近平')).map((h) => h.documentId).sort()).toEqual(['round-trip', 's-zh']);
      expect((await store.search('経済協力')).map((h) => h.documentId)).toEqual(['s-ja']);
      expect(await store.search('南极洲')).toEqual([]);

      const count = await store.countDocuments();
      const hostile = ['"a OR (b', "' ; drop table documents; --", 'NEAR(', '*', '-', '"', 'AND', 'title:soybeans',
        '\\', '%_%', '中国"', '(((', 'soybeans"*', 'OR NOT', '\u0000x', '^soy', "soybeans' OR '1'='1", '{"$gt":1}', ''];
      for (const q of hostile) {
        const hits = await store.search(q);
        expect(Array.isArray(hits)).toBe(true);
      }
      expect((await store.search('"soybeans" ((')).map((h) => h.documentId)).toContain('s-en');
      expect(await store.search('%_%')).toEqual([]);
      expect(await store.countDocuments()).toBe(count);
      expect((await store.search('statement', { limit: 1 })).length).toBeLessThanOrEqual(1);
    });

    it('paginates documents with an opaque cursor, newest first, and filters', async () => {
      for (let i = 0; i < 25; i++) {
        await store.putDocument(stored(makeDoc({
          id: `page-${String(i).padStart(2, '0')}`, sourceId: 'pager', text: `Paged document number ${i}.`,
          publishedAt: `2024-01-${String(1 + (i % 10)).padStart(2, '0')}T00:00:00Z`,
        })));
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Awaited<ReturnType<Store['listDocuments']>> = await store.listDocuments({ sourceId: 'pager', limit: 7, ...(cursor === null ? {} : { cursor }) });
        seen.push(...page.items.map((d) => d.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor !== null);
      expect(pages).toBe(4);
      expect(seen).toHaveLength(25);
      expect(new Set(seen).size).toBe(25);
      const all = (await store.listDocuments({ sourceId: 'pager', limit: 100 })).items;
      expect(all.map((d) => d.id)).toEqual(seen);
      const keys = all.map((d) => d.publishedAt ?? '');
      expect([...keys].sort().reverse()).toEqual(keys);
      const window = await store.listDocuments({ sourceId: 'pager', since: '2024-01-09', until: '2024-01-10', limit: 100 });
      expect(window.items.map((d) => d.publishedAt)).toEqual(['2024-01-09T00:00:00Z', '2024-01-09T00:00:00Z']);
      await expect(store.listDocuments({ cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'E_USAGE' });

      let n = 0;
      let last = '';
      for await (const d of store.iterateDocuments(4)) {
        const key = `${d.document.publishedAt ?? d.document.fetchedAt}`;
        expect(key >= last || d.document.publishedAt === null).toBe(true);
        n++;
        if (d.document.sourceId === 'pager') last = key;
      }
      expect(n).toBe(await store.countDocuments());

      // The same documents in the same order, read without their HTML or analyses.
      const texts: Document[] = [];
      for await (const d of store.iterateDocumentTexts(4)) texts.push(d);
      const full: Document[] = [];
      for await (const d of store.iterateDocuments(4)) full.push({ ...d.document, html: null });
      expect(texts).toEqual(full);
      // The newest N, still oldest first, across pages.
      const newest = async (n: number): Promise<string[]> => {
        const ids: string[] = [];
        for await (const d of store.iterateDocumentTexts(3, { newest: n })) ids.push(d.id);
        return ids;
      };
      expect(await newest(7)).toEqual(full.slice(-7).map((d) => d.id));
      expect(await newest(0)).toEqual([]);
      expect(await newest(full.length + 10)).toEqual(full.map((d) => d.id));
    });

    it('records and lists failures, newest first', async () => {
      await store.recordFailure({ input: 'a.html', stage: 'extract', code: 'E_PARSE', message: 'bad', at: '2025-01-01T00:00:00Z' });
      await store.recordFailure({ input: 'b.html', stage: 'fetch', code: 'E_FETCH', message: 'down', at: '2025-01-02T00:00:00Z' });
      const f = await store.listFailures();
      expect(f.slice(0, 2).map((x) => x.input)).toEqual(['b.html', 'a.html']);
      expect(f[0]).toEqual({ input: 'b.html', stage: 'fetch', code: 'E_FETCH', message: 'down', at: '2025-01-02T00:00:00Z' });
      expect(await store.listFailures(1)).toHaveLength(1);
    });

    it('replaces, lists and gets stories; saves comparisons', async () => {
      const s1 = makeStory('st-1', ['s-en', 's-zh'], '2025-11-24T00:00:00Z', '2025-11-25T00:00:00Z');
      const s2 = makeStory('st-2', ['idem'], '2025-10-30T00:00:00Z', '2025-10-31T00:00:00Z');
      await store.replaceStories([s1, s2]);
      expect(await store.getStory('st-1')).toEqual(s1);
      expect((await store.listStories()).map((s) => s.id)).toEqual(['st-1', 'st-2']);
      expect((await store.listStories({ since: '2025-11-01' })).map((s) => s.id)).toEqual(['st-1']);
      expect(await store.listStories({ limit: 1 })).toHaveLength(1);

      const cmp: Comparison = {
        story: { id: 'st-1', title: s1.title, start: s1.start, end: s1.end },
        sources: [{ key: 'xinhua', name: 'Xinhua', kind: 'state-media', country: 'CHN', documentIds: ['s-zh'] }],
        emphasis: { xinhua: { taiwan: 0.6, trade: 0.4 } }, emphasisByGroup: {},
        unique: [], omissions: [{ source: 'whitehouse', issue: 'taiwan', coveredBy: ['xinhua'], reason: 'not mentioned' }],
        contradictions: [], relays: [{ from: 'xinhua', to: 'reuters', count: 2, documentIds: ['a', 'b'] }],
        reusedQuotes: [], tone: { xinhua: 0.1 },
      };
      await store.saveComparison('st-1', cmp);
      expect(await store.getComparison('st-1')).toEqual(cmp);
      await store.saveComparison('st-1', { ...cmp, tone: {} });
      expect((await store.getComparison('st-1'))?.tone).toEqual({});
      expect(await store.getComparison('st-2')).toBeNull();

      await store.replaceStories([s2]);
      expect(await store.getStory('st-1')).toBeNull();
      expect(await store.getComparison('st-1')).toBeNull();
      expect((await store.listStories()).map((s) => s.id)).toEqual(['st-2']);
      await store.replaceStories([]);
      expect(await store.listStories()).toEqual([]);
    });

    it('stores feed states', async () => {
      const fs: FeedState = {
        url: 'https://feeds.test/rss', sourceId: 'xinhua', etag: 'W/"1"', lastModified: 'Mon, 24 Nov 2025 00:00:00 GMT',
        bodyHash: 'abc', intervalSeconds: 900, nextPollAt: '2025-11-24T00:15:00Z', failures: 0, disabled: false, lastError: null,
      };
      await store.putFeedState(fs);
      expect(await store.getFeedState(fs.url)).toEqual(fs);
      await store.putFeedState({ ...fs, failures: 3, disabled: true, lastError: 'E_FETCH: 503' });
      expect(await store.getFeedState(fs.url)).toEqual({ ...fs, failures: 3, disabled: true, lastError: 'E_FETCH: 503' });
      await store.putFeedState({ ...fs, url: 'https://feeds.test/atom', sourceId: null });
      expect((await store.listFeedStates()).map((f) => f.url)).toEqual(['https://feeds.test/atom', 'https://feeds.test/rss']);
      expect(await store.getFeedState('https://none.test')).toBeNull();
    });

    it('stores a document exactly once under 20 concurrent writers, across connections', async () => {
      const others = [await target.connect(), await target.connect()];
      extra.push(...others);
      const stores = [store, ...others];
      const doc = makeDoc({ id: 'race', text: 'Twenty workers race to store this one document.' });
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => stores[i % stores.length]!.putDocument(stored(doc, makeAnalysis(doc)))));
      expect(results.filter((r) => r.status === 'stored')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'duplicate')).toHaveLength(19);
      expect(await store.documentVersions('race')).toHaveLength(1);

      // Different ids, same content: still one document.
      const twin = makeDoc({ text: 'Identical syndicated text under twenty different URLs.' });
      const res2 = await Promise.all(Array.from({ length: 20 }, (_, i) => stores[i % stores.length]!.putDocument(stored({ ...twin, id: `twin-${i}` }))));
      expect(res2.filter((r) => r.status === 'stored')).toHaveLength(1);
      expect(new Set(res2.map((r) => r.id)).size).toBe(1);
      expect(await store.findDocumentByHash(twin.contentHash)).toBe(res2.find((r) => r.status === 'stored')?.id);

      // Same id, twenty different texts: one stored, the rest are versions, all numbered 1..20.
      const res3 = await Promise.all(Array.from({ length: 20 }, (_, i) => stores[i % stores.length]!.putDocument(stored(makeDoc({ id: 'edits', text: `Edit number ${i} of the page.` })))));
      expect(res3.filter((r) => r.status === 'stored')).toHaveLength(1);
      expect(res3.filter((r) => r.status === 'updated')).toHaveLength(19);
      expect((await store.documentVersions('edits')).map((v) => v.version)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));

      // Concurrent migrations from several connections are safe too.
      await Promise.all(stores.map((s) => s.migrate()));
    });
  });
}

const sqliteDir = tempDir('store-contract');
storeContract('sqlite', async () => {
  const file = sqliteDir.file('contract.db');
  return {
    connect: () => openStore(file),
    teardown: async () => sqliteDir.remove(),
    raw: async (statement) => {
      const db = new BetterSqlite3(file);
      try { db.exec(statement); } finally { db.close(); }
    },
  };
});

describe.skipIf(SKIP_PG)('PostgreSQL store (set READOUT_SKIP_PG=1 to skip on purpose)', () => {
  storeContract('postgres', async () => {
    await requirePg();
    const schema = freshSchemaName('store');
    return {
      connect: () => openStore(PG_URL, { schema, poolSize: 4 }),
      teardown: () => dropSchemas([schema]),
      raw: async (statement) => {
        const client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
        try {
          await client.query(`SET search_path TO ${schema}`);
          await client.query(statement);
        } finally {
          await client.end();
        }
      },
    };
  });
});
