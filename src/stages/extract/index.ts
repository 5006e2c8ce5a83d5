// The extraction stage: bytes from a file, stdin or the network in; one Document with metadata,
// main text (paragraphs separated by "\n\n") and a report out. Hopeless input is refused with a
// ReadoutError whose code says why (E_EMPTY_INPUT, E_BINARY_INPUT, E_TOO_LARGE, E_ENCODING).
import { z } from 'zod';
import { ReadoutError } from '../../domain/errors.js';
import { SOURCE_KINDS } from '../../domain/types.js';
import type { Document, Extracted, RawInput, ReportEntry, SourceHint, SourceKind } from '../../domain/types.js';
import { normaliseUrl, hostOf } from '../ingest/url-normaliser.js';
import { detectBinary } from './binary-sniffer.js';
import { normaliseDate } from './date-normaliser.js';
import { decodeBytes } from './encoding.js';
import { extractHtml } from './html-extractor.js';
import { guessLanguage } from './language-guess.js';
import { hasFrontMatter, leadingHeading, looksLikeMarkdown, markdownToText, splitFrontMatter } from './markdown-extractor.js';
import { contentHashOf, documentIdOf, tidyText } from './text-normaliser.js';

export const EXTRACTOR_NAME = 'readout-extract';
export const EXTRACTOR_VERSION = '1.0.0';
export const DEFAULT_MAX_BYTES = 15 * 1024 * 1024;

export type InputFormat = 'html' | 'markdown' | 'text';

export interface ExtractorOptions {
  /** Inputs larger than this are refused with E_TOO_LARGE before any parsing. Default 15 MiB. */
  maxBytes?: number;
  /** Reference time for resolving datelines without a year. */
  now?: () => Date;
}

export type Extractor = (input: RawInput) => Extracted;

const optionsSchema = z.object({
  maxBytes: z.number().int().positive().default(DEFAULT_MAX_BYTES),
  now: z.custom<() => Date>((v) => typeof v === 'function', 'now must be a function returning a Date').optional(),
});

/** Front-matter keys the extractor consumes; all others become labels. */
const CONSUMED_KEYS = new Set([
  'title', 'source', 'source_country', 'source_kind', 'url', 'source_url', 'canonical_url', 'published', 'published_time',
  'published_at', 'date', 'modified', 'modified_time', 'updated', 'lang', 'language', 'byline', 'author', 'site_name',
]);

const SOURCE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function extensionOf(fileName: string | null): string {
  if (!fileName) return '';
  const m = /\.([a-z0-9]+)$/i.exec(fileName);
  return m ? m[1]!.toLowerCase() : '';
}

/** Decide the input format from the content type, then the file extension, then the bytes. */
export function detectFormat(input: Pick<RawInput, 'contentType' | 'fileName'>, text: string): InputFormat {
  const ct = (input.contentType ?? '').toLowerCase();
  if (/\b(?:text\/html|application\/xhtml\+xml)\b/.test(ct)) return 'html';
  if (/\btext\/(?:markdown|x-markdown)\b/.test(ct)) return 'markdown';
  const ext = extensionOf(input.fileName);
  if (['html', 'htm', 'xhtml', 'shtml'].includes(ext)) return 'html';
  if (['md', 'markdown', 'mdown', 'mkd'].includes(ext)) return 'markdown';
  const head = text.slice(0, 2048).replace(/^\ufeff/, '').trimStart();
  if (/^(?:<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]|<meta[\s>])/i.test(head)) return 'html';
  if (/^<!--[\s\S]*?-->\s*<(?:!doctype html|html)/i.test(head)) return 'html';
  if (hasFrontMatter(text)) return 'markdown';
  if (ext === 'txt' || /\btext\/plain\b/.test(ct)) return 'text';
  const tags = head.match(/<\/?(?:p|div|span|a|br|h[1-6]|article|section)[\s>/]/gi)?.length ?? 0;
  if (tags >= 5) return 'html';
  if (looksLikeMarkdown(text)) return 'markdown';
  return 'text';
}

function headlineOf(text: string): { title: string; rest: string } | null {
  const m = /^\s*([^\n]+)\n(?:\s*\n)?([\s\S]+)$/.exec(text);
  if (!m) return null;
  const first = m[1]!.trim();
  const rest = m[2]!.trim();
  const words = first.split(/\s+/).length;
  if (first.length > 200 || words > 30 || rest.length === 0) return null;
  if (/[.;,:]$/.test(first) && !/\.\.\.$/.test(first)) return null;
  // A single lower-case fragment is a wrapped sentence, not a headline.
  if (/^\p{Ll}/u.test(first)) return null;
  return { title: first, rest };
}

function fallbackTitle(fileName: string | null, text: string): string {
  if (fileName) {
    const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[a-z0-9]+$/i, '').replace(/[-_]+/g, ' ').trim();
    if (base) return base;
  }
  const first = text.split('\n', 1)[0] ?? '';
  return first.length > 120 ? `${first.slice(0, 117).trimEnd()}…` : first;
}

function sourceHintFrom(fields: Record<string, string>, siteName: string | null): SourceHint {
  const source = fields['source']?.trim() || null;
  const kindRaw = fields['source_kind']?.trim().toLowerCase() ?? null;
  const countryRaw = fields['source_country']?.trim().toUpperCase() ?? null;
  return {
    id: source && SOURCE_ID.test(source) ? source : null,
    name: source && !SOURCE_ID.test(source) ? source : siteName,
    country: countryRaw && /^[A-Z]{3}$/.test(countryRaw) ? countryRaw : null,
    kind: kindRaw && (SOURCE_KINDS as readonly string[]).includes(kindRaw) ? (kindRaw as SourceKind) : null,
  };
}

export function createExtractor(options: ExtractorOptions = {}): Extractor {
  const opts = optionsSchema.parse(options);
  const now = opts.now ?? (() => new Date());

  return function extract(input: RawInput): Extracted {
    const report: ReportEntry[] = [];
    const note = (level: ReportEntry['level'], code: string, message: string): void => {
      report.push({ stage: 'extract', level, code, message });
    };
    const { bytes } = input;
    const label = input.fileName ?? input.url ?? 'input';
    if (bytes.byteLength > opts.maxBytes) {
      throw new ReadoutError('E_TOO_LARGE', `${label} is ${bytes.byteLength} bytes, over the ${opts.maxBytes}-byte limit; split it or raise maxBytes`);
    }
    if (bytes.byteLength === 0) throw new ReadoutError('E_EMPTY_INPUT', `${label} is empty; give a file or URL with text`);
    const binary = detectBinary(bytes);
    if (binary) throw new ReadoutError('E_BINARY_INPUT', `${label} looks like ${binary}, not text; convert it to HTML, Markdown or plain text first`);

    const decoded = decodeBytes(bytes, { contentType: input.contentType });
    if (decoded.source === 'sniffed' || decoded.source === 'default') {
      note('info', 'I_ENCODING_GUESSED', `no charset declared; decoded as ${decoded.encoding}`);
    }
    if (decoded.errorRate > 0) note('warning', 'W_DECODE_ERRORS', `${(decoded.errorRate * 100).toFixed(2)}% of characters could not be decoded as ${decoded.encoding}`);
    const raw = decoded.text.replace(/^\ufeff/, '');
    const format = detectFormat(input, raw);

    let title: string | null = null;
    let text = '';
    let html: string | null = null;
    let byline: string | null = null;
    let publishedAt: string | null = null;
    let modifiedAt: string | null = null;
    let lang: string | null = null;
    let siteName: string | null = null;
    let canonical: string | null = null;
    let url: string | null = input.url;
    const labels: Record<string, string> = {};
    let fields: Record<string, string> = {};

    if (format === 'html') {
      const page = extractHtml(raw, { baseUrl: input.url, now: now() });
      if (!page.readability) note('warning', 'W_NO_ARTICLE', 'no main article found; the whole page body was used');
      if (page.publishedFrom === 'dateline') note('info', 'I_DATE_FROM_DATELINE', `publication date ${page.publishedAt} read from the visible dateline`);
      title = page.title;
      text = page.text;
      html = page.html;
      byline = page.byline;
      publishedAt = normaliseDate(page.publishedAt);
      modifiedAt = normaliseDate(page.modifiedAt);
      lang = page.lang;
      siteName = page.siteName;
      canonical = page.canonicalUrl;
    } else {
      let body = raw;
      if (format === 'markdown') {
        const fm = splitFrontMatter(raw);
        if (fm.error) note('warning', 'W_FRONT_MATTER', `front matter ignored: ${fm.error.split('\n')[0]}`);
        fields = fm.fields;
        body = fm.body;
        const heading = leadingHeading(body);
        title = fields['title'] ?? heading;
        text = markdownToText(body);
        if (heading && title === heading) text = text.replace(/^[^\n]*(?:\n\n|$)/, '');
      } else {
        text = tidyText(body);
        const headline = headlineOf(text);
        if (headline) { title = headline.title; text = headline.rest; }
      }
      text = tidyText(text);
      for (const [k, v] of Object.entries(fields)) if (!CONSUMED_KEYS.has(k)) labels[k] = v;
      url = url ?? fields['url'] ?? fields['source_url'] ?? null;
      canonical = fields['canonical_url'] ?? null;
      byline = fields['byline'] ?? fields['author'] ?? null;
      publishedAt = normaliseDate(fields['published'] ?? fields['published_time'] ?? fields['published_at'] ?? fields['date']);
      modifiedAt = normaliseDate(fields['modified_time'] ?? fields['modified'] ?? fields['updated']);
      lang = fields['lang'] ?? fields['language'] ?? null;
      siteName = fields['site_name'] ?? null;
    }

    if (!/[\p{L}\p{N}]/u.test(text) && format === 'markdown' && fields['title']?.trim()) {
      // A statement published as images (a scanned memo) still exists as a dated, titled record.
      text = fields['title'].replace(/\s+/g, ' ').trim();
      note('warning', 'W_NO_BODY', 'the body holds no text (images only?); the title stands in for it');
    }
    if (!/[\p{L}\p{N}]/u.test(text)) {
      throw new ReadoutError('E_EMPTY_INPUT', `${label} holds no readable text after extraction; check that it is an article and not a script-rendered page`);
    }
    title = title ? title.replace(/\s+/g, ' ').trim() : null;
    if (!title) {
      title = fallbackTitle(input.fileName, text);
      note('info', 'I_TITLE_GUESSED', 'no title found; used the file name or the first line');
    }
    if (!publishedAt) note('warning', 'W_NO_DATE', 'no publication date found; pass --date or add `published` front matter');
    lang = lang ? lang.trim().toLowerCase().replace('_', '-') : guessLanguage(text);

    const normalisedUrl = url ? normaliseUrl(url) : null;
    const canonicalUrl = (canonical ? normaliseUrl(canonical, url) : null) ?? normalisedUrl;
    const contentHash = contentHashOf(text);
    const hint = sourceHintFrom(fields, siteName);
    if (!hint.name && !hint.id) hint.name = hostOf(canonicalUrl ?? url);

    const document: Document = {
      id: documentIdOf(canonicalUrl, contentHash, publishedAt),
      url: url ?? null,
      canonicalUrl,
      sourceId: hint.id,
      title,
      byline,
      publishedAt,
      modifiedAt,
      lang,
      siteName,
      text,
      contentHash,
      fetchedAt: input.fetchedAt,
      extractor: { name: `${EXTRACTOR_NAME}/${format}`, version: EXTRACTOR_VERSION },
      html,
    };
    return { document, sourceHint: hint, labels, report };
  };
}
