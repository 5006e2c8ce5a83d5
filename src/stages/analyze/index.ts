// The analysis engine: a pipeline of small stages (split → tokens → actors → issues →
// attributions → quotes, claims → events → commitments) compiled once from the knowledge files.
import { z } from 'zod';
import { ReadoutError } from '../../domain/index.js';
import type { Analysis, Document, Provenance, ReportEntry } from '../../domain/index.js';
import type { Knowledge } from '../../knowledge/index.js';
import { createActorRecognizer } from './actor-recognizer.js';
import { createAttributionFinder } from './attribution-finder.js';
import { createClaimExtractor } from './claim-extractor.js';
import { createCommitmentExtractor } from './commitment-extractor.js';
import { buildContext } from './document-context.js';
import { createEventCoder } from './event-coder.js';
import { createIssueTagger } from './issue-tagger.js';
import { createLanguageDetector } from './language-detector.js';
import { PhraseTrie } from './phrase-trie.js';
import { createQuoteExtractor } from './quote-extractor.js';
import { createSentenceSplitter } from './sentence-splitter.js';

export const ANALYZER_VERSION = '1.0.0';

export const EXTRACTORS = ['actors', 'issues', 'quotes', 'claims', 'events', 'commitments'] as const;
export type ExtractorName = (typeof EXTRACTORS)[number];

export const analyzerOptionsSchema = z.object({
  /** Which extractors to run; actors always run when any other extractor needs them. */
  extractors: z.array(z.enum(EXTRACTORS)).default([...EXTRACTORS]),
  /** Emit proper names missing from the gazetteer as `unresolved:<slug>` actors. */
  unresolvedActors: z.boolean().default(true),
  /** Emit reported (indirect) speech as quotes. */
  reportedSpeech: z.boolean().default(true),
  /** Sentences with fewer words are not claims. */
  minClaimWords: z.number().int().min(1).default(4),
  /** Language when the document does not say and detection is unsure. */
  defaultLanguage: z.string().default('en'),
});
export type AnalyzerOptions = z.input<typeof analyzerOptionsSchema>;

export interface AnalyzerResult {
  analysis: Analysis;
  report: ReportEntry[];
}

const STAGE = 'analyze';
const STAGE_VERSIONS: Record<string, string> = {
  'analyze/sentences': '1.0.0',
  'analyze/language': '1.0.0',
  'analyze/actors': '1.0.0',
  'analyze/issues': '1.0.0',
  'analyze/quotes': '1.0.0',
  'analyze/claims': '1.0.0',
  'analyze/events': '1.0.0',
  'analyze/commitments': '1.0.0',
};

export function createAnalyzer(knowledge: Knowledge, options: AnalyzerOptions = {}): (doc: Document) => AnalyzerResult {
  const parsed = analyzerOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ReadoutError('E_CONFIG', `analyzer options: ${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'}; fix the options passed to createAnalyzer`);
  }
  const opts = parsed.data;
  const want = new Set<ExtractorName>(opts.extractors);
  const cues = knowledge.cues;
  const split = createSentenceSplitter(cues);
  const detectLanguage = createLanguageDetector({ englishStopwords: cues.englishStopwords, sample: 4000 });
  const recognizeActors = createActorRecognizer({
    actors: knowledge.actors, sources: knowledge.sources, honorifics: cues.honorifics, nonNames: cues.nonNames,
    abbreviations: cues.abbreviations, unresolved: opts.unresolvedActors, demonyms: cues.demonyms, groupNouns: cues.groupNouns,
  });
  const tagIssues = createIssueTagger({ issues: knowledge.issues });
  const findAttributions = createAttributionFinder({ cues });
  const extractQuotes = createQuoteExtractor({ reported: opts.reportedSpeech, minWords: 4 });
  const extractClaims = createClaimExtractor({ cues, minWords: opts.minClaimWords });
  const codeEvents = createEventCoder({ events: knowledge.events, cues });
  const extractCommitments = createCommitmentExtractor({ commitments: knowledge.commitments });
  // Agencies named in datelines resolve through the gazetteer ("Xinhua" → xinhua).
  const agencyNames = new PhraseTrie<string>('exact');
  for (const a of knowledge.actors) for (const alias of a.aliases) agencyNames.add(alias, a.id);
  const stages = Object.keys(STAGE_VERSIONS).filter((s) => {
    const name = s.slice('analyze/'.length);
    return name === 'sentences' || name === 'language' || want.has(name as ExtractorName);
  });

  return function analyze(doc: Document): AnalyzerResult {
    const report: ReportEntry[] = [];
    const detected = detectLanguage(doc.text);
    const docLang = doc.lang ? doc.lang.toLowerCase().split(/[-_]/)[0]! : null;
    const lang = docLang ?? (detected.lang === 'und' ? null : detected.lang);
    // Short texts carry too few function words to tell; longer Latin-script text without English
    // function words is another language ("und"), which the English extractors must not read.
    const undecided = detected.lang === 'und' && doc.text.length < 200;
    const english = (lang ?? opts.defaultLanguage) === 'en' && (detected.lang === 'en' || undecided || docLang === 'en');
    const splitResult = split(doc.text);
    const ctx = buildContext(doc, splitResult);
    const provenance: Provenance[] = stages.map((s) => ({ stage: s, version: STAGE_VERSIONS[s]!, inputHash: doc.contentHash }));
    const analysis: Analysis = {
      documentId: doc.id, lang: lang ?? (english ? opts.defaultLanguage : detected.lang), sentences: splitResult.sentences, actors: [], issues: [], quotes: [], claims: [],
      events: [], commitments: [], provenance,
    };
    if (!english) {
      report.push({
        stage: STAGE, level: 'warning', code: 'W_LANG_UNSUPPORTED',
        message: `document language "${lang ?? detected.lang}" is not supported by the quote, claim, event and commitment extractors; only actors and issues were extracted`,
      });
    }
    if (doc.text.trim() === '') {
      report.push({ stage: STAGE, level: 'warning', code: 'W_EMPTY', message: 'the document has no text; nothing to analyze' });
      return { analysis, report };
    }
    const needActors = want.has('actors') || want.has('quotes') || want.has('claims') || want.has('events') || want.has('commitments') || want.has('issues');
    const recognition = needActors ? recognizeActors(ctx) : { actors: [], mentions: [] };
    if (want.has('actors')) analysis.actors = recognition.actors;
    const tagging = want.has('issues') || want.has('claims') ? tagIssues(ctx, recognition.mentions) : { issues: [], bySentence: [] };
    if (want.has('issues')) analysis.issues = tagging.issues;
    if (!english) return { analysis, report };

    let datelineVia: string | null = null;
    for (const d of splitResult.datelines) {
      if (!d.agency) continue;
      // The tokens inside the agency's span: a run, as tokens are in order and do not overlap.
      const tokens = ctx.tokens;
      let lo = 0;
      let hi = tokens.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (tokens[mid]!.start < d.agency.start) lo = mid + 1;
        else hi = mid;
      }
      let end = lo;
      while (end < tokens.length && tokens[end]!.end <= d.agency.end) end++;
      const m = agencyNames.longestAt(tokens, lo, end);
      if (m && m.end === end) {
        datelineVia = m.values[0]!;
        break;
      }
      report.push({ stage: STAGE, level: 'info', code: 'I_UNKNOWN_AGENCY', message: `dateline agency "${d.agency.text}" is not in the gazetteer; add it to data/actors to credit relays` });
    }
    if (want.has('quotes') || want.has('claims')) {
      const attributions = findAttributions({ ctx, mentions: recognition.mentions, datelineVia });
      if (want.has('quotes')) analysis.quotes = extractQuotes(ctx, attributions, recognition.mentions);
      if (want.has('claims')) analysis.claims = extractClaims(ctx, attributions, tagging.bySentence);
    }
    if (want.has('events')) {
      analysis.events = codeEvents(ctx, recognition.mentions);
      if (!ctx.refDate && analysis.events.length > 0) {
        report.push({ stage: STAGE, level: 'info', code: 'I_NO_DATE', message: 'the document has no publication date; relative event dates were not resolved (pass --date)' });
      }
    }
    if (want.has('commitments')) analysis.commitments = extractCommitments(ctx, recognition.mentions);
    return { analysis, report };
  };
}
