// The composition root: wires knowledge, stages, storage and the queue into the ReadoutApp that
// both the CLI and the HTTP server use. Everything is created once here, from parsed options.
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  ReadoutError, toReadoutError,
  type Analysis, type Clock, type Comparison, type Document, type Fetcher, type IngestSummary,
  type PutResult, type ReportEntry, type Source, type Story, type StoredDocument, type Store, type SerialisedDocument,
} from '../domain/index.js';
import { loadKnowledge, type Knowledge } from '../knowledge/index.js';
import { runBatch, stage, type Stage } from '../pipeline/index.js';
import { createAnalyzer } from '../stages/analyze/index.js';
import { renderBrief } from '../stages/brief/index.js';
import { createComparer, loadCompareLexicon, renderComparison, type Comparer } from '../stages/compare/index.js';
import { createExtractor } from '../stages/extract/index.js';
import {
  buildOpml, createHttpFetcher, createSyndicationDetector, diffSentences, opmlToSourceEntries, parseFeed, parseOpml, type SyndicationDetector,
} from '../stages/ingest/index.js';
import { createStoryGrouper, groupingReaderFor, isGroupingRecord, loadStopwords, mainEventOf, type GroupingReader, type StoryItem } from '../stages/stories/index.js';
import { openStore } from '../storage/index.js';
import type { AnalyzeInput, IngestOptions, ReadoutApp, StoryListItem } from './app-types.js';
import { createInsightsService } from './insights-service.js';
import { createAnalysisPool, type AnalysisPool } from './analysis-pool.js';
import { ANALYSIS_THREAD_LIMITS, TEXT_ANALYSIS_THREAD_LIMITS, startModuleThread } from './analysis-thread.js';
import { readCapped, readFileCapped } from './bounded-read.js';
import { analyzeDocumentInput, applyOverrides, completeForStore, prepareForStore, toRawInput, type AnalyzedInput, type DocumentAnalysisDeps, type PreparedInput } from './document-analysis.js';
import { createSourceResolver, type CatalogueEntry } from './source-resolver.js';
import { summariseStory, type SummaryInput } from './story-summary.js';
import { createWorkService } from './work-service.js';

const optionsSchema = z.object({
  db: z.string().min(1),
  dataDir: z.string().optional(),
  samplesDir: z.string().optional(),
  maxBytes: z.number().int().positive().default(15 * 1024 * 1024),
  log: z.custom<(line: string) => void>((v) => typeof v === 'function').optional(),
  clock: z.custom<Clock>((v) => typeof v === 'object' && v !== null && 'now' in v).optional(),
  fetcher: z.custom<Fetcher>((v) => typeof v === 'object' && v !== null && 'fetch' in v).optional(),
  /** Test hook: resolve hostnames for the SSRF guard (maps names to addresses). */
  allowPrivateNetwork: z.boolean().default(false),
});
export type AppOptions = z.input<typeof optionsSchema>;

export const DEFAULT_SAMPLES_DIR = fileURLToPath(new URL('../../samples/', import.meta.url));

/** Web pages, which analysis threads parse into a DOM (see ANALYSIS_THREAD_LIMITS). */
const PAGE_EXTENSIONS = new Set(['.html', '.htm', '.xhtml']);
const TEXT_EXTENSIONS = new Set(['.md', '.markdown', '.txt', '.text', ...PAGE_EXTENSIONS]);
const FEED_EXTENSIONS = new Set(['.xml', '.rss', '.atom', '.rdf', '.json']);

/** What ingest knows of a batch before reading it: how many inputs (null while feeds or URLs may add more), and how many are web pages. */
interface IngestCounters {
  total: number | null;
  pages: number;
}

function isUrl(spec: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(spec);
}

function looksLikeFeed(contentType: string | null, bytes: Uint8Array): boolean {
  if (contentType && /(rss|atom|rdf|feed\+json|application\/xml|text\/xml)/i.test(contentType)) return true;
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 1024)).trimStart().toLowerCase();
  return /^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<(rss|feed|rdf:rdf)\b/.test(head) || (head.startsWith('{') && head.includes('jsonfeed.org'));
}

function looksLikeOpml(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 2048)).toLowerCase();
  return head.includes('<opml');
}

export async function openApp(rawOptions: AppOptions): Promise<ReadoutApp> {
  const parsed = optionsSchema.safeParse(rawOptions);
  if (!parsed.success) throw new ReadoutError('E_CONFIG', `invalid application options: ${parsed.error.issues[0]?.message ?? ''}`);
  const options = parsed.data;
  const log = options.log ?? (() => undefined);
  const clock: Clock = options.clock ?? { now: () => new Date() };

  // Heavy parts are created on first use: `readout analyze` never opens a database.
  let knowledge: Knowledge | null = null;
  const getKnowledge = (): Knowledge => (knowledge ??= loadKnowledge(options.dataDir));
  let analyzer: ReturnType<typeof createAnalyzer> | null = null;
  const getAnalyzer = (): ReturnType<typeof createAnalyzer> => (analyzer ??= createAnalyzer(getKnowledge()));
  const extractor = createExtractor({ maxBytes: options.maxBytes, now: () => clock.now() });
  const fetchers = new Map<boolean, Fetcher>();
  const getFetcher = (allowPrivateNetwork: boolean): Fetcher => {
    if (options.fetcher) return options.fetcher;
    let f = fetchers.get(allowPrivateNetwork);
    if (!f) {
      f = createHttpFetcher({ allowPrivateNetwork: allowPrivateNetwork || options.allowPrivateNetwork, maxBytes: options.maxBytes });
      fetchers.set(allowPrivateNetwork, f);
    }
    return f;
  };

  let storePromise: Promise<Store> | null = null;
  const getStore = (): Promise<Store> => {
    storePromise ??= openStore(options.db, { startThread: startModuleThread }).then(async (store) => {
      await store.migrate();
      return store;
    });
    return storePromise;
  };
  // The catalogue in data/sources.yaml seeds the database once per process, only for commands that
  // need sources (reading stories must not pay for loading the knowledge files).
  let seeded: Promise<Store> | null = null;
  const getSeededStore = (): Promise<Store> => {
    seeded ??= getStore().then(async (store) => {
      const known = new Set((await store.listSources()).map((s) => s.id));
      for (const s of catalogueEntries()) {
        if (!known.has(s.id)) {
          const { hosts: _h, ...source } = s;
          await store.upsertSource(source);
        }
      }
      return store;
    });
    return seeded;
  };

  const catalogueEntries = (): CatalogueEntry[] =>
    getKnowledge().sources.map((s) => ({
      id: s.id, name: s.name, country: s.country, kind: s.kind, language: s.language, feeds: s.feeds, hosts: s.hosts,
      ...(s.homepage ? { homepage: s.homepage } : {}),
    }));

  /** Catalogue from data/ plus sources the user added to the database. */
  const storeCatalogue = async (): Promise<CatalogueEntry[]> => {
    const entries = catalogueEntries();
    const ids = new Set(entries.map((e) => e.id));
    for (const s of await (await getSeededStore()).listSources()) if (!ids.has(s.id)) entries.push({ ...s, hosts: [] });
    return entries;
  };
  const resolverFor = async (withStore: boolean) => createSourceResolver(withStore ? await storeCatalogue() : catalogueEntries());

  const analysisDeps = (resolver: ReturnType<typeof createSourceResolver>): DocumentAnalysisDeps => ({
    extract: extractor, resolveSource: resolver, analyze: (doc) => getAnalyzer()(doc),
  });

  /** extract → resolve source → analyse, as one pipeline stage. */
  const analyzeStage = (resolver: ReturnType<typeof createSourceResolver>): Stage<AnalyzeInput, AnalyzedInput> =>
    stage('extract+analyze', '1', (input) => analyzeDocumentInput(analysisDeps(resolver), input, clock.now().toISOString()));

  const runOne = async (input: AnalyzeInput, withStore: boolean) => {
    const pipeline = analyzeStage(await resolverFor(withStore));
    let out: Awaited<ReturnType<typeof pipeline.run>> | null = null;
    let failure: ReadoutError | null = null;
    await runBatch([{ key: input.fileName ?? input.url ?? '-', input }], pipeline, {
      onResult: (r) => {
        if (r.ok) out = r.value;
        else failure = new ReadoutError(r.error.code as 'E_STAGE', r.error.message);
      },
    });
    if (failure) throw failure;
    return out!;
  };

  const loadInput = async (spec: string, opts: { allowPrivateNetwork?: boolean; url?: string | null } = {}): Promise<AnalyzeInput> => {
    if (isUrl(spec)) {
      const res = await getFetcher(Boolean(opts.allowPrivateNetwork)).fetch({ url: spec });
      if (res.status >= 400) throw new ReadoutError('E_FETCH', `${spec} answered HTTP ${res.status}; check the URL`);
      return { bytes: res.body, url: opts.url ?? res.url, contentType: res.headers['content-type'] ?? null, fileName: null };
    }
    const path = resolve(spec);
    const st = await stat(path).catch(() => null);
    if (!st) throw new ReadoutError('E_NOT_FOUND', `no such file: ${spec}; check the path`);
    if (st.isDirectory()) throw new ReadoutError('E_USAGE', `${spec} is a folder; give a file (or use \`readout ingest\` for folders)`);
    if (st.size > options.maxBytes) {
      throw new ReadoutError('E_TOO_LARGE', `${spec} is ${(st.size / 1048576).toFixed(1)} MiB, over the ${(options.maxBytes / 1048576).toFixed(0)} MiB limit; split it or extract the article first`);
    }
    // A regular file is read straight into one buffer; anything else (a pipe, a device) as a stream.
    const bytes = st.isFile() ? await readFileCapped(path, st.size, options.maxBytes, spec) : await readCapped(createReadStream(path), options.maxBytes, spec);
    return { bytes, url: opts.url ?? null, contentType: null, fileName: path };
  };

  const loadStream = async (stream: AsyncIterable<Uint8Array>, opts: { url?: string | null; fileName?: string | null } = {}): Promise<AnalyzeInput> => ({
    bytes: await readCapped(stream, options.maxBytes, 'standard input'),
    url: opts.url ?? null,
    contentType: null,
    fileName: opts.fileName ?? null,
  });

  /** Expand files, folders, OPML and feeds into loadable inputs. */
  async function* expandInputs(specs: string[], opts: IngestOptions, counters: IngestCounters): AsyncGenerator<{ key: string; input: () => Promise<AnalyzeInput> }> {
    for (const spec of specs) {
      if (isUrl(spec)) {
        let first: AnalyzeInput;
        try {
          first = await loadInput(spec, { allowPrivateNetwork: Boolean(opts.allowPrivateNetwork) });
        } catch (e) {
          yield { key: spec, input: () => Promise.reject(e) };
          continue;
        }
        if (looksLikeOpml(first.bytes)) {
          yield* feedsOfOpml(first.bytes, opts);
        } else if (looksLikeFeed(first.contentType ?? null, first.bytes)) {
          yield* itemsOfFeed(first, opts);
        } else {
          yield { key: spec, input: async () => first };
        }
        continue;
      }
      const path = resolve(spec);
      const st = await stat(path).catch(() => null);
      if (!st) {
        yield { key: spec, input: () => Promise.reject(new ReadoutError('E_NOT_FOUND', `no such file or folder: ${spec}; check the path`)) };
        continue;
      }
      if (st.isDirectory()) {
        const files = await walk(path);
        if (counters.total !== null) counters.total += files.length - 1;
        for (const f of files) if (PAGE_EXTENSIONS.has(extname(f).toLowerCase())) counters.pages++;
        for (const f of files) yield* fileInputs(f, opts);
      } else {
        yield* fileInputs(path, opts);
      }
    }
  }

  async function* fileInputs(path: string, opts: IngestOptions): AsyncGenerator<{ key: string; input: () => Promise<AnalyzeInput> }> {
    const ext = extname(path).toLowerCase();
    if (ext === '.opml' || FEED_EXTENSIONS.has(ext)) {
      let input: AnalyzeInput;
      try {
        input = await loadInput(path);
      } catch (e) {
        yield { key: path, input: () => Promise.reject(e) };
        return;
      }
      if (looksLikeOpml(input.bytes)) yield* feedsOfOpml(input.bytes, opts);
      else if (looksLikeFeed(null, input.bytes)) yield* itemsOfFeed(input, opts);
      else yield { key: path, input: async () => input };
      return;
    }
    yield { key: path, input: () => loadInput(path) };
  }

  async function* itemsOfFeed(feed: AnalyzeInput, opts: IngestOptions): AsyncGenerator<{ key: string; input: () => Promise<AnalyzeInput> }> {
    let parsedFeed: ReturnType<typeof parseFeed>;
    try {
      parsedFeed = parseFeed(feed.bytes, { ...(feed.contentType ? { contentType: feed.contentType } : {}), ...(feed.url ? { url: feed.url } : {}) });
    } catch (e) {
      yield { key: feed.url ?? feed.fileName ?? 'feed', input: () => Promise.reject(e) };
      return;
    }
    for (const item of parsedFeed.items) {
      const key = item.url ?? item.id ?? item.title ?? 'feed item';
      yield {
        key,
        input: async () => {
          // Prefer the full page; fall back to the feed's own content when the page cannot be had
          // (local feed files, or a page behind a paywall).
          if (item.url && isUrl(item.url) && feed.url && isUrl(feed.url)) {
            try {
              return await loadInput(item.url, { allowPrivateNetwork: Boolean(opts.allowPrivateNetwork) });
            } catch (e) {
              if (!item.contentHtml && !item.summary) throw e;
              opts.onLog?.(`readout: warning: ${key}: ${toReadoutError(e).message}; using the feed's own text`);
            }
          }
          const body = item.contentHtml ?? item.summary ?? '';
          const html = `<!doctype html><html><head><title>${escapeHtml(item.title ?? '')}</title>${item.publishedAt ? `<meta property="article:published_time" content="${escapeHtml(item.publishedAt)}">` : ''}</head><body><article><h1>${escapeHtml(item.title ?? '')}</h1>${body}</article></body></html>`;
          return { bytes: new TextEncoder().encode(html), url: item.url ?? null, contentType: 'text/html; charset=utf-8', fileName: null };
        },
      };
    }
  }

  async function* feedsOfOpml(bytes: Uint8Array, opts: IngestOptions): AsyncGenerator<{ key: string; input: () => Promise<AnalyzeInput> }> {
    const added = await importOpml(new TextDecoder().decode(bytes));
    for (const s of added) for (const feedUrl of s.feeds) yield* expandInputs([feedUrl], opts, { total: null, pages: 0 });
  }

  const importOpml = async (xml: string): Promise<Source[]> => {
    const store = await getSeededStore();
    const sources: Source[] = opmlToSourceEntries(parseOpml(xml)).map((e) => ({
      id: e.id, name: e.name, country: e.country, kind: e.kind, language: e.language, feeds: e.feeds,
      ...(e.homepage ? { homepage: e.homepage } : {}),
    }));
    for (const s of sources) await store.upsertSource(s);
    return sources;
  };

  async function ingest(specs: string[], opts: IngestOptions = {}): Promise<IngestSummary> {
    const store = await getSeededStore();
    const summary: IngestSummary = { seen: 0, stored: 0, duplicates: 0, updated: 0, failed: 0 };
    const catalogue = await storeCatalogue();
    const resolver = createSourceResolver(catalogue);
    syndicationPromise ??= syndicationDetectorFor(store);
    const syndication = await syndicationPromise;
    const localOnly = specs.every((s) => !isUrl(s));
    const counters: IngestCounters = { total: localOnly ? specs.length : null, pages: specs.filter((s) => PAGE_EXTENSIONS.has(extname(s).toLowerCase())).length };
    // Large local batches are analysed on worker threads; the count is known once folders are
    // walked, which happens before the first document reaches the stage.
    // Asked for explicitly, threads are used for any batch size.
    const threads = opts.threads ?? Math.min(MAX_ANALYSIS_THREADS, Math.max(1, availableParallelism() - 1));
    let pool: AnalysisPool | null = null;
    const poolFor = (): AnalysisPool | null => {
      if (pool === null && threads > 0 && (opts.threads !== undefined || (counters.total ?? 0) >= POOL_MIN_DOCUMENTS)) {
        const mostlyPages = counters.total === null || counters.pages * 2 >= counters.total;
        pool = createAnalysisPool(threads, { dataDir: options.dataDir, maxBytes: options.maxBytes, catalogue, stopwords: getStopwords() },
          mostlyPages ? ANALYSIS_THREAD_LIMITS : TEXT_ANALYSIS_THREAD_LIMITS);
      }
      return pool;
    };
    // On a thread or here, the same result: the analysis serialised for the store.
    const pipeline: Stage<AnalyzeInput, PreparedInput> = stage('extract+analyze', '1', (input) => {
      const now = clock.now().toISOString();
      const p = poolFor();
      return p ? p.run(input, now) : prepareForStore(analyzeDocumentInput(analysisDeps(resolver), input, now), groupingReader());
    });

    const progress = (key: string): void => opts.onProgress?.({ done: summary.seen, total: counters.total, current: key, summary: { ...summary } });
    const recordFailure = async (key: string, stageName: string, code: string, message: string): Promise<void> => {
      summary.failed++;
      opts.onLog?.(`readout: error: ${key}: ${code}: ${message}`);
      await store.recordFailure({ input: key, stage: stageName, code, message, at: clock.now().toISOString() }).catch(() => undefined);
    };

    // Analysed documents are written in batches, one transaction each; a batch the store refuses
    // is written again one document at a time, so one bad document costs only itself.
    const pending: { key: string; value: PreparedInput }[] = [];
    let oldestPending = 0;
    let writing: Promise<void> = Promise.resolve();
    const writeBatch = async (batch: { key: string; value: PreparedInput }[]): Promise<void> => {
      for (const r of batch) if (r.value.createdSource && r.value.source) await store.upsertSource(r.value.source).catch(() => undefined);
      const docs: SerialisedDocument[] = batch.map(({ value: v }) => {
        // The record's text part is read here (the analysis thread read the analysis part), and
        // syndication takes its passages from the same word hashes.
        const { serialised, words } = completeForStore(v, groupingReader());
        return { document: v.document, serialised, report: [...v.report, ...linkSyndication(syndication, v.document, words)] };
      });
      let results: (PutResult | ReadoutError)[];
      try {
        results = await store.putDocuments(docs);
      } catch {
        results = [];
        for (const d of docs) results.push(await store.putDocument(d).catch((e: unknown) => toReadoutError(e, 'E_STORE')));
      }
      for (let i = 0; i < batch.length; i++) {
        const put = results[i]!;
        summary.seen++;
        if (put instanceof ReadoutError) {
          await recordFailure(batch[i]!.key, 'store', put.code, put.message);
        } else {
          summary[put.status === 'stored' ? 'stored' : put.status === 'updated' ? 'updated' : 'duplicates']++;
        }
        progress(batch[i]!.key);
      }
    };
    const flush = (): Promise<void> => {
      const batch = pending.splice(0);
      if (batch.length > 0) writing = writing.then(() => writeBatch(batch));
      return writing;
    };

    try {
      await runBatch(expandInputs(specs, opts, counters), pipeline, {
        // Local files queue deeper for the threads; fetches stay few at a time (politeness).
        concurrency: localOnly ? Math.max(4, threads * IN_FLIGHT_PER_THREAD) : Math.max(4, threads * 3),
        // Syndication links a copy to an original seen before it: the same order at any concurrency.
        ordered: true,
        ...(opts.signal ? { signal: opts.signal } : {}),
        onResult: async (r) => {
          if (r.ok) {
            if (pending.length === 0) oldestPending = Date.now();
            pending.push({ key: r.key, value: r.value });
            // Batches bound memory and keep progress moving when documents arrive slowly (feeds).
            if (pending.length >= WRITE_BATCH || Date.now() - oldestPending > WRITE_BATCH_MS) await flush();
            return;
          }
          summary.seen++;
          await recordFailure(r.key, r.error.stage, r.error.code, r.error.message);
          progress(r.key);
        },
      });
      await flush();
    } finally {
      await (pool as AnalysisPool | null)?.close();
    }
    if (summary.stored + summary.updated > 0) await afterStoring(store, opts.regroup !== false);
    if (opts.watch && !opts.signal?.aborted) await watchFeeds(opts, summary);
    return summary;
  }

  /**
   * Wire copies and relays are stored, never dropped: each is linked to its original by a report
   * entry. The detector sees the documents of this run and the newest stored ones, as many as it
   * remembers (older originals are found by comparison's relay analysis, per story). Only their
   * texts are read, not their analyses.
   */
  let syndicationPromise: Promise<SyndicationDetector> | null = null;
  async function syndicationDetectorFor(store: Store): Promise<SyndicationDetector> {
    const k = getKnowledge();
    const actorNames = new Map(k.actors.map((a) => [a.id, a.aliases]));
    const detector = createSyndicationDetector({
      sources: k.sources.map((s) => ({ id: s.id, names: [s.name, ...(s.actor ? actorNames.get(s.actor) ?? [] : [])].filter((n) => n.length >= 2) })),
      maxDocuments: SYNDICATION_WINDOW,
    });
    for await (const d of store.iterateDocumentTexts(500, { newest: SYNDICATION_WINDOW })) detector.add(syndicationDoc(d));
    return detector;
  }

  /** Poll the catalogue's feeds on schedule until the signal aborts. */
  async function watchFeeds(opts: IngestOptions, summary: IngestSummary): Promise<void> {
    const work = createWorkService({ getStore, getFetcher, clock, ingestOne: (spec) => ingest([spec], { ...opts, watch: false }) });
    await work.watch({ signal: opts.signal ?? new AbortController().signal, summary, ...(opts.onLog ? { onLog: opts.onLog } : {}) });
  }

  // Grouping and comparison read stopwords and the catalogue from data/, once, on first use.
  let stopwords: string[] | null = null;
  const getStopwords = (): string[] => (stopwords ??= loadStopwords(options.dataDir));
  // Each document's grouping record is made as it is analysed, with the regrouping grouper's reader.
  let reader: GroupingReader | null = null;
  const groupingReader = (): GroupingReader => (reader ??= groupingReaderFor({ stopwords: getStopwords() }));
  let comparerInstance: Comparer | null = null;
  const comparer: Comparer = (story, items) => {
    comparerInstance ??= createComparer({
      stopwords: getStopwords(),
      catalogue: getKnowledge().sources.map((s) => ({ id: s.id, name: s.name, kind: s.kind, country: s.country, actor: s.actor })),
      lexicon: loadCompareLexicon(options.dataDir),
    });
    return comparerInstance(story, items);
  };

  async function storyItemsFor(storyIds: string[]): Promise<StoryItem[]> {
    const store = await getStore();
    const sources = new Map((await store.listSources()).map((s) => [s.id, s]));
    const items: StoryItem[] = [];
    for (const id of storyIds) {
      const d = await store.getDocument(id);
      if (d?.analysis) items.push({ document: d.document, analysis: d.analysis, source: d.document.sourceId ? sources.get(d.document.sourceId) ?? null : null });
    }
    return items;
  }

  async function allItems(): Promise<StoryItem[]> {
    const store = await getStore();
    const sources = new Map((await store.listSources()).map((s) => [s.id, s]));
    const items: StoryItem[] = [];
    for await (const d of store.iterateDocuments(500)) {
      if (d.analysis) items.push({ document: d.document, analysis: d.analysis, source: d.document.sourceId ? sources.get(d.document.sourceId) ?? null : null });
    }
    return items;
  }

  /**
   * What follows storing documents: indexing them for search (on a thread of its own when there
   * are many) overlaps regrouping stories, which keeps one core busy.
   */
  async function afterStoring(store: Store, regroupStories: boolean): Promise<void> {
    const done = await Promise.allSettled([store.indexPendingText(), regroupStories ? regroup() : null]);
    for (const r of done) if (r.status === 'rejected') throw r.reason;
  }

  /**
   * Regroup every stored document into stories. Streams the store once, in time order: the
   * grouper reads each document's grouping record (made when it was analysed), keeps what placing
   * it needs, then places them all with the whole store's term statistics. Documents without a
   * usable record (stored before records existed, or read with other stop words) are read in
   * full, and their new records stored, so the next regroup finds them.
   */
  async function regroup(): Promise<Story[]> {
    const store = await getStore();
    const sources = new Map((await store.listSources()).map((s) => [s.id, s]));
    const grouper = createStoryGrouper({ stopwords: getStopwords() });
    const order: string[] = [];
    // What the story summaries need, kept small, so no document is read twice.
    const summaryInputs = new Map<string, SummaryInput>();
    const summaryInput = (sourceId: string | null, issues: readonly { id: string; weight: number }[]): SummaryInput => {
      const source = sourceId ? sources.get(sourceId) ?? null : null;
      return { sourceId: source?.id ?? sourceId ?? 'unknown', source, issues: issues.map((i) => ({ id: i.id, weight: i.weight })) };
    };
    const unread = new Set<string>();
    for await (const r of store.iterateGroupingRecords(GROUPING_RECORD_PAGE)) {
      order.push(r.id);
      const record = r.record;
      if (isGroupingRecord(record) && record.id === r.id && record.contentHash === r.contentHash && grouper.observeRecord(record)) {
        summaryInputs.set(r.id, summaryInput(r.sourceId, record.issues));
      } else {
        unread.add(r.id);
      }
    }
    if (unread.size > 0) {
      const made: { documentId: string; contentHash: string; record: string }[] = [];
      // Small pages: a page of decoded analyses outlives a few young-generation collections and is
      // promoted, so large pages grow the old generation by hundreds of megabytes of garbage.
      for await (const d of store.iterateGroupingInputs(GROUPING_PAGE, { only: unread })) {
        const record = grouper.reader.read({ document: d.document, analysis: d.analysis, source: null });
        grouper.observeRecord(record);
        summaryInputs.set(record.id, summaryInput(d.document.sourceId, record.issues));
        made.push({ documentId: record.id, contentHash: record.contentHash, record: JSON.stringify(record) });
        if (made.length >= GROUPING_PAGE) await store.saveGroupingRecords(made.splice(0));
      }
      await store.saveGroupingRecords(made);
    }
    for (const id of order) grouper.addObserved(id);
    grouper.refine(order);
    const stories: Story[] = [];
    for (const story of grouper.stories()) {
      const members = story.documentIds.map((id) => summaryInputs.get(id)).filter((x): x is SummaryInput => x !== undefined);
      stories.push({ ...story, summary: summariseStory(members) });
    }
    await store.replaceStories(stories);
    return stories;
  }

  const toListItem = (s: Story): StoryListItem => ({
    ...s,
    sources: s.summary?.sources ?? [],
    divergence: s.summary?.divergence ?? 0,
    issues: s.summary?.issues ?? [],
  });

  async function compareStory(storyId: string): Promise<Comparison> {
    const store = await getStore();
    const story = await store.getStory(storyId);
    if (!story) throw new ReadoutError('E_NOT_FOUND', `no story "${storyId}"; list them with \`readout stories\``);
    const cached = await store.getComparison(storyId);
    if (cached) return cached;
    const comparison = comparer(story, await storyItemsFor(story.documentIds));
    await store.saveComparison(storyId, comparison);
    return comparison;
  }

  const insights = createInsightsService({ getStore, getKnowledge, allItems });

  const app: ReadoutApp = {
    loadInput,
    loadStream,
    async analyze(input) {
      const out = await runOne(input, false);
      return { document: out.document, source: out.source, analysis: out.analysis, report: out.report };
    },
    async extract(input) {
      const extracted = extractor(toRawInput(input, clock.now().toISOString()));
      return { document: applyOverrides(extracted.document, input), report: extracted.report };
    },
    ingest,
    async enqueue(specs) {
      const keyed: { spec: string; key: string }[] = [];
      for (const spec of specs) {
        if (isUrl(spec)) {
          // A URL is worth fetching again on another day: its page or feed may have changed.
          keyed.push({ spec, key: `${spec}@${clock.now().toISOString().slice(0, 10)}` });
          continue;
        }
        const path = resolve(spec);
        const st = await stat(path).catch(() => null);
        if (!st) throw new ReadoutError('E_NOT_FOUND', `no such file or folder: ${spec}; check the path`);
        const files = st.isDirectory() ? await walk(path) : [path];
        for (const f of files) {
          // A file's key includes its size and time, so an edited file is queued again.
          const fst = await stat(f);
          keyed.push({ spec: f, key: `${f}@${fst.size}:${Math.round(fst.mtimeMs)}` });
        }
      }
      const work = createWorkService({ getStore, getFetcher, clock, ingestOne: (spec) => ingest([spec]) });
      return work.enqueue(options.db, keyed);
    },
    async ingestBytes(input) {
      const store = await getStore();
      try {
        const out = await runOne(input, true);
        if (out.createdSource && out.source) await store.upsertSource(out.source);
        const reader = groupingReader();
        const { serialised } = completeForStore(prepareForStore(out, reader), reader);
        const put = await store.putDocument({ document: out.document, serialised, report: out.report });
        if (put.status !== 'duplicate') await afterStoring(store, true);
        return { status: put.status, id: put.id, report: out.report };
      } catch (e) {
        const err = toReadoutError(e);
        await store.recordFailure({ input: input.url ?? input.fileName ?? 'upload', stage: 'ingest', code: err.code, message: err.message, at: clock.now().toISOString() });
        return { status: 'failed', id: null, report: [{ stage: 'ingest', level: 'error', code: err.code, message: err.message }] };
      }
    },
    async listSources() {
      return (await getSeededStore()).listSources();
    },
    async addSource(source) {
      await (await getSeededStore()).upsertSource(source);
    },
    importOpml,
    async exportOpml() {
      return buildOpml(await (await getSeededStore()).listSources());
    },
    async listDocuments(q) {
      return (await getStore()).listDocuments(q);
    },
    async getDocument(id) {
      const store = await getStore();
      const d = await store.getDocument(id);
      if (!d) return null;
      const source = d.document.sourceId ? await store.getSource(d.document.sourceId) : null;
      return { document: d.document, analysis: d.analysis, report: d.report, source };
    },
    async documentVersions(id) {
      // Quiet edits matter (an official statement softened after publication): each version says
      // what changed since the one before it.
      const versions = await (await getStore()).documentVersions(id);
      return versions.map((v, i) => {
        if (i === 0) return v;
        const diff = diffSentences(versions[i - 1]!.text, v.text);
        const changes = diff.changes
          .filter((c) => c.op !== 'equal')
          .map((c) => ({ op: c.op as 'added' | 'removed' | 'changed', before: c.before, after: c.after }));
        return { ...v, changes };
      });
    },
    async search(query, limit) {
      return (await getStore()).search(query, limit === undefined ? {} : { limit });
    },
    async listFailures(limit) {
      return (await getStore()).listFailures(limit);
    },
    async listStories(q) {
      return (await (await getStore()).listStories(q)).map(toListItem);
    },
    async getStory(id) {
      const s = await (await getStore()).getStory(id);
      return s ? toListItem(s) : null;
    },
    compareStory,
    async compareInputs(inputs) {
      const items: StoryItem[] = [];
      for (const input of inputs) {
        const out = await runOne(input, false);
        items.push({ document: out.document, analysis: out.analysis, source: out.source });
      }
      return comparer(adhocStory(items), items);
    },
    renderComparison,
    async brief(storyId, format) {
      const store = await getStore();
      const story = await store.getStory(storyId);
      if (!story) throw new ReadoutError('E_NOT_FOUND', `no story "${storyId}"; list them with \`readout stories\``);
      const comparison = await compareStory(storyId);
      const items = await storyItemsFor(story.documentIds);
      // Context: earlier stories that share a main actor.
      const actors = new Set(story.mainEvent.actors);
      const earlier = (await store.listStories({})).filter((s) => s.id !== story.id && s.end <= story.start && s.mainEvent.actors.some((a) => actors.has(a))).slice(0, 5);
      const context = [];
      for (const s of earlier) context.push({ story: s, items: await storyItemsFor(s.documentIds) });
      return renderBrief({ story, comparison, items, context, format });
    },
    issueTimeline: insights.issueTimeline,
    listIssues: async () => getKnowledge().issues.map((i) => ({ id: i.id, label: i.label, description: i.description ?? null })),
    listActors: insights.listActors,
    actorProfile: insights.actorProfile,
    commitments: insights.commitments,
    async ensureSampleCorpus(opts = {}) {
      const store = await getStore();
      if ((await store.countDocuments()) > 0) return null;
      return ingest([options.samplesDir ?? DEFAULT_SAMPLES_DIR], opts.onLog ? { onLog: opts.onLog } : {});
    },
    async work({ concurrency, signal, untilIdle }) {
      // Regrouping reads the whole store, so a worker does it at most once a minute and when it
      // stops, not after every job.
      let dirty = false;
      let regrouping: Promise<unknown> = Promise.resolve();
      const regroupIfDirty = (): Promise<unknown> => {
        if (!dirty) return regrouping;
        dirty = false;
        regrouping = regrouping.then(() => regroup()).catch((e) => log(`readout: error: regrouping stories: ${toReadoutError(e).message}`));
        return regrouping;
      };
      const timer = setInterval(() => void regroupIfDirty(), 60_000);
      const work = createWorkService({
        getStore, getFetcher, clock,
        ingestOne: async (spec) => {
          const s = await ingest([spec], { regroup: false });
          if (s.stored + s.updated > 0) dirty = true;
          return s;
        },
      });
      try {
        await work.runWorker({ db: options.db, concurrency, signal, log, untilIdle: Boolean(untilIdle) });
      } finally {
        clearInterval(timer);
        await regroupIfDirty();
      }
    },
    async close() {
      if (storePromise) await (await storePromise).close();
    },
  };
  return app;
}

/**
 * Documents the syndication detector remembers, stored ones included: copies and relays follow
 * their original within days, and a store's newest documents are read at the start of an ingest.
 */
const SYNDICATION_WINDOW = 5000;
/** Analysis threads at most (each loads the knowledge files, ~40 MB). */
const MAX_ANALYSIS_THREADS = 4;
/**
 * Documents in flight per analysis thread (being read, queued, analysed or waiting their turn to
 * be stored): enough that a thread still has work while the main thread writes a batch and then
 * reads the next files, so neither waits on the other. 48 left both threads a fifth idle on
 * 10,000 documents; 128 takes a tenth off the ingest's time for about 5 MB more in flight.
 */
const IN_FLIGHT_PER_THREAD = 128;
/** Documents per page when regrouping reads the store in full (see regroup). */
const GROUPING_PAGE = 50;
/** Grouping records per page when regrouping (a few kilobytes each). */
const GROUPING_RECORD_PAGE = 100;
/** Below this many documents, starting threads costs more than it saves. */
const POOL_MIN_DOCUMENTS = 200;
/**
 * Documents per store transaction during ingest, and the longest a document waits to be written.
 * A commit writes the full-text index's pending terms and every page touched, so fewer, larger
 * commits write less: on 10,000 documents, commits took 1.9 s at 128 against 2.7 s at 32. A
 * batch holds its analyses as UTF-8 bytes (about 45 KB a document), not as objects, so its
 * memory is a few megabytes (peak RSS rose by about 15 MB).
 */
const WRITE_BATCH = 128;
const WRITE_BATCH_MS = 1000;

const syndicationDoc = (d: Document) => ({ id: d.id, text: d.text, sourceId: d.sourceId, url: d.url, publishedAt: d.publishedAt });

/**
 * Links a document to the one it copies or relays, if any. Its passages are hashed here, on the
 * thread that writes the store, from the word hashes its grouping record was read from.
 */
function linkSyndication(detector: SyndicationDetector, doc: Document, words: Uint32Array): ReportEntry[] {
  const match = detector.link(syndicationDoc(doc), words);
  if (!match || match.originalId === doc.id) return [];
  // A relay found from a credit line alone is only worth a link when the credit names a known source.
  if (match.kind === 'relay' && (match.creditSourceId === null || match.creditSourceId === doc.sourceId)) return [];
  const credit = match.creditSourceId ?? match.credit;
  return [{
    stage: 'syndication',
    level: 'info',
    code: `I_${match.kind.toUpperCase()}`,
    message: `${match.kind} of ${match.originalId} (containment ${match.containment.toFixed(2)}, similarity ${match.similarity.toFixed(2)}${credit ? `, credited to ${credit}` : ''})`,
  }];
}

/** `readout compare FILE ...`: the given files are one story by the user's say-so. */
function adhocStory(items: StoryItem[]): Story {
  if (items.length === 0) throw new ReadoutError('E_EMPTY_INPUT', 'nothing to compare; give at least one document');
  const dates = items.map((i) => i.document.publishedAt ?? i.document.fetchedAt).sort();
  const main = items.map((i) => mainEventOf(i.analysis, undefined, { headline: i.document.title, published: i.document.publishedAt })).find((e) => e !== null) ?? null;
  const ids = items.map((i) => i.document.id);
  return {
    id: `adhoc-${ids[0]!.replace(/^d_/, '').slice(0, 12)}`,
    title: items[0]!.document.title,
    start: dates[0]!,
    end: dates[dates.length - 1]!,
    mainEvent: { type: main?.type ?? null, mode: main?.mode ?? null, actors: main?.actors ?? [], date: main?.date ?? null },
    documentIds: ids,
    links: [],
    provenance: { stage: 'compare-inputs', version: '1', inputHash: items.map((i) => i.document.contentHash).join(',') },
  };
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile() && e.name.toLowerCase() !== 'readme.md' && (TEXT_EXTENSIONS.has(extname(e.name).toLowerCase()) || FEED_EXTENSIONS.has(extname(e.name).toLowerCase()) || extname(e.name).toLowerCase() === '.opml')) out.push(p);
  }
  return out;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export type { Analysis, ReportEntry, StoredDocument };
