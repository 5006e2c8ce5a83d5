// An in-memory ReadoutApp for server and dashboard tests: a fake, not a mock. It holds a small
// story (a phone call between two leaders, told by four sources) written for these tests, and
// answers every method of the interface from that data.
import { createHash } from 'node:crypto';
import type {
  ActorProfile, AnalyzeInput, AnalyzeOutput, CommitmentEntry, IngestOptions, IssueTimelinePoint, ReadoutApp, StoryListItem,
} from '../../src/app/app-types.js';
import type {
  Analysis, Claim, Comparison, Document, DocumentQuery, DocumentVersion, IngestSummary, Page, ReportEntry,
  SearchHit, Source, StoredFailure,
} from '../../src/domain/index.js';
import { ReadoutError } from '../../src/domain/index.js';

interface FakeDoc {
  document: Document;
  analysis: Analysis | null;
  report: ReportEntry[];
  versions: DocumentVersion[];
}

const SOURCES: Source[] = [
  { id: 'ministry-a', name: 'Ministry of Foreign Affairs of Arland', country: 'ARL', kind: 'government', language: 'en', feeds: [] },
  { id: 'palace-b', name: 'Office of the President of Borduria', country: 'BOR', kind: 'government', language: 'en', feeds: [] },
  { id: 'agency-a', name: 'Arland News Agency', country: 'ARL', kind: 'state-media', language: 'en', feeds: [] },
  { id: 'wire-x', name: 'Global Wire', country: 'GBR', kind: 'wire', language: 'en', feeds: [] },
];

const ISSUES = [
  { id: 'trade', label: 'Trade', description: 'Trade in goods and services' },
  { id: 'agriculture', label: 'Agriculture', description: 'Farm goods such as grain and soybeans' },
  { id: 'sovereignty', label: 'Sovereignty', description: 'Territorial claims' },
  { id: 'summitry', label: 'Summitry', description: 'Visits and meetings of leaders' },
];

function sha(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** A document whose claims are given as sentences of its text; offsets are computed, not typed. */
function makeDoc(spec: {
  id: string; sourceId: string; title: string; publishedAt: string; paragraphs: string[];
  claims: { sentence: string; holder: string; issues: string[]; modality?: Claim['modality'] }[];
  issues: Record<string, number>; html?: string;
}): FakeDoc {
  const text = spec.paragraphs.join('\n\n');
  const sentences: Analysis['sentences'] = [];
  let offset = 0;
  spec.paragraphs.forEach((p, paragraph) => {
    for (const m of p.matchAll(/[^.!?]+[.!?]/g)) {
      const raw = m[0];
      const lead = raw.length - raw.trimStart().length;
      const start = offset + (m.index ?? 0) + lead;
      sentences.push({ start, end: start + raw.trim().length, index: sentences.length, paragraph });
    }
    offset += p.length + 2;
  });
  const sentenceAt = (start: number): number => sentences.findIndex((s) => s.start <= start && start < s.end);
  const claims: Claim[] = spec.claims.map((c) => {
    const start = text.indexOf(c.sentence);
    if (start < 0) throw new Error(`fake-app: claim not in text: ${c.sentence}`);
    return {
      start, end: start + c.sentence.length, text: c.sentence, holder: c.holder, holderName: c.holder, via: null,
      modality: c.modality ?? 'asserted', issues: c.issues, sentence: sentenceAt(start),
    };
  });
  const document: Document = {
    id: spec.id, url: `https://news.example/${spec.id}`, canonicalUrl: `https://news.example/${spec.id}`, sourceId: spec.sourceId,
    title: spec.title, byline: null, publishedAt: spec.publishedAt, modifiedAt: null, lang: 'en', siteName: null, text,
    contentHash: sha(text), fetchedAt: spec.publishedAt, extractor: { name: 'fake', version: '1' },
    html: spec.html ?? spec.paragraphs.map((p) => `<p>${p}</p>`).join(''),
  };
  const analysis: Analysis = {
    documentId: spec.id, lang: 'en', sentences,
    actors: [
      { id: 'ARL-LEADER', name: 'Premier Vasco', type: 'person', country: 'ARL', sector: 'GOV', mentions: [] },
      { id: 'BOR-LEADER', name: 'President Orla', type: 'person', country: 'BOR', sector: 'GOV', mentions: [] },
    ],
    issues: Object.entries(spec.issues).map(([id, weight]) => ({ id, label: ISSUES.find((i) => i.id === id)?.label ?? id, weight, mentions: [] })),
    quotes: [], claims,
    events: [], commitments: [], provenance: [{ stage: 'fake', version: '1', inputHash: sha(text) }],
  };
  return { document, analysis, report: [], versions: [{ documentId: spec.id, version: 1, contentHash: sha(text), title: spec.title, text, fetchedAt: spec.publishedAt }] };
}

function seedDocs(): FakeDoc[] {
  return [
    makeDoc({
      id: 'doc-ministry', sourceId: 'ministry-a', title: 'Premier Vasco speaks with President Orla by phone', publishedAt: '2026-03-02T09:00:00Z',
      paragraphs: [
        'On 2 March Premier Vasco held a phone call with President Orla at the request of the Bordurian side.',
        'Premier Vasco stressed that the northern islands have always belonged to Arland. Both sides agreed to keep talking about trade.',
      ],
      claims: [
        { sentence: 'Premier Vasco stressed that the northern islands have always belonged to Arland.', holder: 'ARL-LEADER', issues: ['sovereignty'] },
        { sentence: 'On 2 March Premier Vasco held a phone call with President Orla at the request of the Bordurian side.', holder: 'ARL-LEADER', issues: ['summitry'] },
      ],
      issues: { sovereignty: 0.6, trade: 0.2, summitry: 0.2 },
    }),
    makeDoc({
      id: 'doc-palace', sourceId: 'palace-b', title: 'President Orla: a very good call with Premier Vasco', publishedAt: '2026-03-02T14:00:00Z',
      paragraphs: [
        'President Orla said the call with Premier Vasco went very well.',
        'Arland will buy twelve million tonnes of Bordurian grain this year. The President plans to visit the Arland capital in May.',
      ],
      claims: [
        { sentence: 'Arland will buy twelve million tonnes of Bordurian grain this year.', holder: 'BOR-LEADER', issues: ['agriculture', 'trade'] },
        { sentence: 'The President plans to visit the Arland capital in May.', holder: 'BOR-LEADER', issues: ['summitry'] },
      ],
      issues: { agriculture: 0.5, trade: 0.3, summitry: 0.2 },
    }),
    makeDoc({
      id: 'doc-agency', sourceId: 'agency-a', title: 'Leaders of Arland and Borduria hold phone talks', publishedAt: '2026-03-02T10:30:00Z',
      paragraphs: [
        'Premier Vasco told President Orla that the northern islands are part of Arland, the agency reported.',
        'The two leaders discussed trade.',
      ],
      claims: [
        { sentence: 'Premier Vasco told President Orla that the northern islands are part of Arland, the agency reported.', holder: 'ARL-LEADER', issues: ['sovereignty'], modality: 'reported' },
      ],
      issues: { sovereignty: 0.7, trade: 0.3 },
    }),
    makeDoc({
      id: 'doc-wire', sourceId: 'wire-x', title: 'Orla and Vasco talk grain and islands', publishedAt: '2026-03-02T16:00:00Z',
      paragraphs: [
        'President Orla initiated the call, people familiar with it said.',
        'Arland agreed to large grain purchases, according to the Bordurian side.',
      ],
      claims: [
        { sentence: 'President Orla initiated the call, people familiar with it said.', holder: null as unknown as string, issues: ['summitry'], modality: 'hedged' },
      ],
      issues: { agriculture: 0.5, summitry: 0.5 },
    }),
  ];
}

function storyOf(docs: FakeDoc[]): StoryListItem {
  return {
    id: 'story-call', title: 'Phone call between Premier Vasco and President Orla', start: '2026-03-02', end: '2026-03-02',
    mainEvent: { type: 'CONSULT', mode: 'phone', actors: ['ARL-LEADER', 'BOR-LEADER'], date: '2026-03-02' },
    documentIds: docs.map((d) => d.document.id), links: [],
    provenance: { stage: 'fake', version: '1', inputHash: 'seed' },
    sources: SOURCES.map((s) => ({ id: s.id, name: s.name, kind: s.kind, country: s.country })),
    divergence: 0.62,
    issues: [{ id: 'sovereignty', weight: 0.33 }, { id: 'agriculture', weight: 0.25 }, { id: 'summitry', weight: 0.23 }, { id: 'trade', weight: 0.19 }],
  };
}

function comparisonOf(docs: FakeDoc[], story: StoryListItem): Comparison {
  const claim = (docId: string, i: number) => {
    const d = docs.find((x) => x.document.id === docId);
    const c = d?.analysis?.claims[i];
    if (d === undefined || c === undefined) throw new Error(`fake-app: no claim ${docId}#${i}`);
    return { source: d.document.sourceId ?? '', documentId: docId, sentence: c.sentence, text: c.text, start: c.start, end: c.end, issues: c.issues };
  };
  const emphasis: Record<string, Record<string, number>> = {};
  for (const d of docs) emphasis[d.document.sourceId ?? ''] = Object.fromEntries((d.analysis?.issues ?? []).map((i) => [i.id, i.weight]));
  const ministryAsk = claim('doc-ministry', 1);
  const wireAsk = claim('doc-wire', 0);
  return {
    story: { id: story.id, title: story.title, start: story.start, end: story.end },
    sources: SOURCES.map((s) => ({ key: s.id, name: s.name, kind: s.kind, country: s.country, documentIds: docs.filter((d) => d.document.sourceId === s.id).map((d) => d.document.id) })),
    emphasis,
    emphasisByGroup: {
      'kind:government': { sovereignty: 0.3, agriculture: 0.25, trade: 0.25, summitry: 0.2 },
      'kind:state-media': { sovereignty: 0.7, trade: 0.3 },
      'kind:wire': { agriculture: 0.5, summitry: 0.5 },
    },
    unique: [claim('doc-ministry', 0), claim('doc-palace', 0), claim('doc-palace', 1)],
    omissions: [
      { source: 'palace-b', issue: 'sovereignty', coveredBy: ['ministry-a', 'agency-a'], reason: 'no sentence about sovereignty' },
      { source: 'ministry-a', issue: 'agriculture', coveredBy: ['palace-b', 'wire-x'], reason: 'no sentence about agriculture' },
    ],
    contradictions: [{
      kind: 'initiator', topic: 'who asked for the call',
      sides: [
        { ...ministryAsk, value: 'Borduria asked' },
        { ...wireAsk, value: 'Orla initiated' },
      ].map(({ issues: _issues, ...side }) => side),
    }],
    relays: [{ from: 'ministry-a', to: 'agency-a', count: 1, documentIds: ['doc-agency'] }, { from: 'palace-b', to: 'wire-x', count: 1, documentIds: ['doc-wire'] }],
    reusedQuotes: [{ text: 'the northern islands are part of Arland', speaker: 'ARL-LEADER', sources: ['ministry-a', 'agency-a'] }],
    tone: { 'ministry-a': -0.1, 'palace-b': 0.6, 'agency-a': 0, 'wire-x': 0.1 },
  };
}

export interface FakeReadoutApp extends ReadoutApp {
  /** Number of times each method was called (to check the server calls the app, not a cache). */
  readonly calls: Record<string, number>;
  /** Adds extra stories (for pagination tests). */
  addStories(n: number): void;
}

export function createFakeApp(): FakeReadoutApp {
  const docs = seedDocs();
  const stories: StoryListItem[] = [storyOf(docs)];
  const failures: StoredFailure[] = [{ input: 'https://news.example/broken', stage: 'fetch', code: 'E_FETCH', message: 'HTTP 500', at: '2026-03-02T18:00:00Z' }];
  const calls: Record<string, number> = {};
  const count = (name: string) => { calls[name] = (calls[name] ?? 0) + 1; };
  const summary = (): IngestSummary => ({ seen: 0, stored: 0, duplicates: 0, updated: 0, failed: 0 });

  const getDoc = (id: string) => docs.find((d) => d.document.id === id);
  const notImplemented = (what: string) => new ReadoutError('E_USAGE', `the fake app does not ${what}`);

  return {
    calls,
    addStories(n) {
      for (let i = 0; i < n; i++) stories.push({ ...storyOf(docs), id: `story-extra-${i}`, title: `Extra story ${i}`, divergence: (i % 10) / 10 });
    },
    async loadInput(_spec: string): Promise<AnalyzeInput> { throw notImplemented('read inputs'); },
    async loadStream(): Promise<AnalyzeInput> { throw notImplemented('read streams'); },
    async ensureSampleCorpus() { return null; },
    async work() { /* the fake has no queue */ },
    async analyze(_input: AnalyzeInput): Promise<AnalyzeOutput> { throw notImplemented('analyze'); },
    async extract(_input: AnalyzeInput) { throw notImplemented('extract'); },
    async ingest(inputs: string[], _options?: IngestOptions) {
      count('ingest');
      return { ...summary(), seen: inputs.length, failed: inputs.length };
    },
    async enqueue(inputs) {
      count('enqueue');
      return { enqueued: inputs.length, skipped: 0 };
    },
    async ingestBytes(input) {
      count('ingestBytes');
      const raw = new TextDecoder().decode(input.bytes);
      const isHtml = (input.contentType ?? '').includes('html');
      const text = isHtml ? raw.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim() : raw;
      if (text.length === 0) return { status: 'failed', id: null, report: [{ stage: 'extract', level: 'error', code: 'E_EMPTY_INPUT', message: 'no text' }] };
      const hash = sha(text);
      const dup = docs.find((d) => d.document.contentHash === hash);
      if (dup !== undefined) return { status: 'duplicate', id: dup.document.id, report: [] };
      const id = `posted-${hash.slice(0, 12)}`;
      const now = new Date().toISOString();
      docs.push({
        // The fake stores posted HTML unsanitised on purpose: the dashboard must stay safe anyway.
        document: {
          id, url: input.url ?? null, canonicalUrl: null, sourceId: input.sourceId ?? null, title: input.fileName ?? id, byline: null,
          publishedAt: now, modifiedAt: null, lang: 'en', siteName: null, text, contentHash: hash, fetchedAt: now,
          extractor: { name: 'fake', version: '1' }, html: isHtml ? raw : null,
        },
        analysis: null, report: [], versions: [{ documentId: id, version: 1, contentHash: hash, title: id, text, fetchedAt: now }],
      });
      return { status: 'stored', id, report: [] };
    },
    async listSources() { count('listSources'); return SOURCES; },
    async addSource(source) { SOURCES.push(source); },
    async importOpml() { throw notImplemented('import OPML'); },
    async exportOpml() { return '<opml version="2.0"/>'; },
    async listDocuments(q: DocumentQuery = {}): Promise<Page<Document>> {
      count('listDocuments');
      const sorted = docs.map((d) => d.document)
        .filter((d) => q.sourceId === undefined || d.sourceId === q.sourceId)
        .sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''));
      const offset = q.cursor === undefined ? 0 : Number(q.cursor);
      const limit = q.limit ?? 50;
      const items = sorted.slice(offset, offset + limit);
      return { items, nextCursor: offset + limit < sorted.length ? String(offset + limit) : null };
    },
    async getDocument(id) {
      count('getDocument');
      const d = getDoc(id);
      if (d === undefined) return null;
      return { document: d.document, analysis: d.analysis, report: d.report, source: SOURCES.find((s) => s.id === d.document.sourceId) ?? null };
    },
    async documentVersions(id) { return getDoc(id)?.versions ?? []; },
    async search(query, limit = 20): Promise<SearchHit[]> {
      count('search');
      const needle = query.toLowerCase();
      return docs.filter((d) => d.document.text.toLowerCase().includes(needle) || d.document.title.toLowerCase().includes(needle))
        .slice(0, limit)
        .map((d) => {
          const at = Math.max(0, d.document.text.toLowerCase().indexOf(needle));
          return { documentId: d.document.id, title: d.document.title, snippet: d.document.text.slice(Math.max(0, at - 30), at + 60), publishedAt: d.document.publishedAt, sourceId: d.document.sourceId };
        });
    },
    async listFailures(limit = 100) { return failures.slice(0, limit); },
    async listStories(q = {}) {
      count('listStories');
      return stories.filter((s) => q.since === undefined || s.start >= q.since).slice(0, q.limit ?? stories.length);
    },
    async getStory(id) { count('getStory'); return stories.find((s) => s.id === id) ?? null; },
    async compareStory(storyId) {
      count('compareStory');
      const story = stories.find((s) => s.id === storyId);
      if (story === undefined) throw new ReadoutError('E_NOT_FOUND', `story ${storyId} does not exist`);
      return comparisonOf(docs, story);
    },
    async compareInputs() { throw notImplemented('compare loose inputs'); },
    renderComparison(comparison, format) {
      return format === 'md' ? `# ${comparison.story.title}\n` : `<h1>${comparison.story.title.replace(/</g, '&lt;')}</h1>`;
    },
    async brief(storyId, format) {
      const story = stories.find((s) => s.id === storyId);
      if (story === undefined) throw new ReadoutError('E_NOT_FOUND', `story ${storyId} does not exist`);
      return this.renderComparison(comparisonOf(docs, story), format);
    },
    async issueTimeline(q = {}): Promise<IssueTimelinePoint[]> {
      const points: IssueTimelinePoint[] = [];
      const days = ['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02', '2026-03-03'];
      const groups = q.groupBy === 'source' ? SOURCES.map((s) => s.id) : ['government', 'state-media', 'wire'];
      days.forEach((period, di) => groups.forEach((group, gi) => ISSUES.forEach((issue, ii) => {
        if (q.issue !== undefined && q.issue !== issue.id) return;
        points.push({ period, group, issue: issue.id, weight: ((di + 1) * (gi + 2) * (ii + 1)) % 7 / 7, documents: (di + gi + ii) % 4 });
      })));
      return points;
    },
    async listIssues() { return ISSUES; },
    async listActors() {
      return [
        { id: 'ARL-LEADER', name: 'Premier Vasco', type: 'person', country: 'ARL', documents: 3 },
        { id: 'BOR-LEADER', name: 'President Orla', type: 'person', country: 'BOR', documents: 3 },
        { id: 'ARL', name: 'Arland', type: 'country', country: 'ARL', documents: 4 },
      ];
    },
    async actorProfile(id): Promise<ActorProfile | null> {
      if (id !== 'ARL-LEADER' && id !== 'BOR-LEADER') return null;
      const other = id === 'ARL-LEADER' ? 'BOR-LEADER' : 'ARL-LEADER';
      const doc = getDoc('doc-ministry');
      const claim = doc?.analysis?.claims[0];
      return {
        id, name: id === 'ARL-LEADER' ? 'Premier Vasco' : 'President Orla', type: 'person', country: id.slice(0, 3), sector: 'GOV', documents: 3,
        relations: [
          { actor: other, name: other === 'ARL-LEADER' ? 'Premier Vasco' : 'President Orla', weight: 4, events: { CONSULT: 2 } },
          { actor: 'ARL', name: 'Arland', weight: 2, events: {} },
          { actor: 'GRAIN-BOARD', name: 'Grain Board', weight: 1, events: { AGREE: 1 } },
        ],
        quotes: claim === undefined ? [] : [{ documentId: 'doc-ministry', text: claim.text, start: claim.start, end: claim.end }],
      };
    },
    async commitments(): Promise<CommitmentEntry[]> {
      const doc = getDoc('doc-palace');
      const claim = doc?.analysis?.claims[0];
      if (doc === undefined || claim === undefined) return [];
      return [{
        documentId: doc.document.id, documentTitle: doc.document.title, sourceId: doc.document.sourceId, publishedAt: doc.document.publishedAt,
        actor: 'ARL', action: 'buy', object: 'Bordurian grain', amount: 12, unit: 'MMT', period: '2026', text: claim.text, start: claim.start, end: claim.end,
      }];
    },
    async close() { /* nothing to release */ },
  };
}
