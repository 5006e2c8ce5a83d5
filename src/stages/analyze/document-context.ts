// The shared, read-only view of one document that the extractors work on: its sentences and
// paragraphs, tokens (with the sentence each belongs to) and the document date.
import type { ActorType, Document, Sentence, Span } from '../../domain/index.js';
import type { QuoteSpan } from './quote-extractor.js';
import type { Dateline, SplitResult } from './sentence-splitter.js';
import { tokenize, type Token } from './tokenizer.js';

export interface DocContext {
  doc: Document;
  text: string;
  /** Reference date for relative expressions (publishedAt), or null. */
  refDate: Date | null;
  sentences: Sentence[];
  paragraphs: Span[];
  datelines: Dateline[];
  tokens: Token[];
  /** Token index range [from, to) of each sentence. */
  sentenceTokens: { from: number; to: number }[];
  /** Quotation spans per paragraph; filled on first use by `paragraphQuoteSpans`. */
  quoteSpans: QuoteSpan[][] | null;
}

/** An actor mention with what later stages need to know about its actor. */
export interface ResolvedMention {
  actorId: string;
  name: string;
  type: ActorType;
  country: string | null;
  sector: string | null;
  start: number;
  end: number;
  text: string;
  sentence: number;
  /** Token index range [tokenStart, tokenEnd). */
  tokenStart: number;
  tokenEnd: number;
  /** A person (gazetteer person or a name after a personal title). */
  person: boolean;
  /** A news outlet or agency: a candidate `via`. */
  media: boolean;
}

export function buildContext(doc: Document, split: SplitResult): DocContext {
  const text = doc.text;
  const tokens = tokenize(text);
  const sentenceTokens: { from: number; to: number }[] = [];
  let t = 0;
  for (const s of split.sentences) {
    while (t < tokens.length && tokens[t]!.start < s.start) t++;
    const from = t;
    while (t < tokens.length && tokens[t]!.end <= s.end) t++;
    sentenceTokens.push({ from, to: t });
  }
  let refDate: Date | null = null;
  if (doc.publishedAt) {
    const d = new Date(doc.publishedAt);
    if (!Number.isNaN(d.getTime())) refDate = d;
  }
  return { doc, text, refDate, sentences: split.sentences, paragraphs: split.paragraphs, datelines: split.datelines, tokens, sentenceTokens, quoteSpans: null };
}

/** Index of the sentence holding token `i`, by binary search over sentence token ranges. */
export function sentenceOfToken(ctx: DocContext, i: number): number {
  let lo = 0;
  let hi = ctx.sentenceTokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ctx.sentenceTokens[mid]!;
    if (i < r.from) hi = mid - 1;
    else if (i >= r.to) lo = mid + 1;
    else return mid;
  }
  return -1;
}
