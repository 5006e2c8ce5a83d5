// Main text and metadata of a web page: the source is slimmed of what nothing reads
// (html-slimmer.ts), linkedom parses it, Readability finds the article (linkedom-readability.ts),
// our metadata reader and a dateline search fill what Readability leaves empty.
import { parseHTML } from 'linkedom';
import { readPageMetadata, type MetaDocument } from './html-metadata.js';
import { domToText, type TextNodeLike } from './html-text.js';
import { absoluteHttpUrl, sanitiseContentHtml } from './html-sanitiser.js';
import { findDateline } from './date-normaliser.js';
import { slimHtml, type SlimOptions } from './html-slimmer.js';
import { readArticle } from './linkedom-readability.js';

export interface HtmlExtraction {
  title: string | null;
  byline: string | null;
  publishedAt: string | null;
  /** Where publishedAt came from: page metadata, Readability or a visible dateline. */
  publishedFrom: 'metadata' | 'dateline' | null;
  modifiedAt: string | null;
  lang: string | null;
  dir: string | null;
  siteName: string | null;
  canonicalUrl: string | null;
  excerpt: string | null;
  text: string;
  html: string;
  /** False when Readability found no article and the whole body was used. */
  readability: boolean;
}

export interface HtmlExtractOptions {
  baseUrl: string | null;
  now: Date;
  /** Readability's minimum article length in characters. */
  charThreshold?: number;
  /**
   * Read the page as stock Readability reads the whole DOM: no slimming, no linkedom shortcuts.
   * Slower; tests compare the normal path against it.
   */
  reference?: boolean;
}

interface ElementLike extends TextNodeLike {
  innerHTML: string;
  remove(): void;
}

function clean(s: string | null | undefined): string | null {
  const v = s?.replace(/\s+/g, ' ').trim();
  return v ? v : null;
}

/**
 * How the page source is slimmed before linkedom builds the DOM (see html-slimmer.ts). Hidden
 * elements and whitespace between blocks are what Readability drops or ignores on every pass.
 */
const SLIM_OPTIONS: SlimOptions = { pruneHidden: true, dropBlockWhitespace: true, dropUnreadAttributes: true };

export function extractHtml(source: string, options: HtmlExtractOptions): HtmlExtraction {
  const wrapped = /<html[\s>]/i.test(source.slice(0, 4096)) ? source : `<!doctype html><html><head></head><body>${source}</body></html>`;
  const readOptions = { charThreshold: options.charThreshold ?? 500, serializer: (node: unknown) => node as ElementLike };
  // Readability's first pass removes "unlikely candidates" (menus, comments, sidebars…) before it
  // scores anything, so they are cut before parsing. Only when that pass finds too little text does
  // Readability retry with them kept: then the page is parsed again without that cut and read as
  // Readability would have read it.
  const reference = options.reference === true;
  let { document } = parseHTML(reference ? wrapped : slimHtml(wrapped, { ...SLIM_OPTIONS, pruneUnlikely: true }));
  const meta = readPageMetadata(document as unknown as MetaDocument);
  const pageTitle = clean(document.getElementsByTagName('title')[0]?.textContent);
  const htmlEl = document.documentElement as unknown as { getAttribute(n: string): string | null } | null;
  const dirAttr = htmlEl?.getAttribute('dir') ?? null;

  // Readability mutates the document, so it runs after the metadata has been read.
  const first = readArticle(document, { ...readOptions, firstPassOnly: !reference, stock: reference });
  let article = first.article;
  if (first.retried && !reference) {
    ({ document } = parseHTML(slimHtml(wrapped, SLIM_OPTIONS)));
    ({ article } = readArticle(document, readOptions));
  }

  let text: string;
  let html: string;
  let readability = true;
  if (article?.content) {
    text = domToText(article.content);
    html = sanitiseContentHtml(article.content.innerHTML, options.baseUrl);
  } else {
    readability = false;
    const body = (document.body ?? document.documentElement) as unknown as ElementLike | null;
    if (body) {
      const b = body as unknown as { querySelectorAll(s: string): ArrayLike<ElementLike> };
      const chrome = b.querySelectorAll('nav, header, footer, aside, script, style, noscript, form');
      for (let i = chrome.length - 1; i >= 0; i--) chrome[i]!.remove();
      text = domToText(body);
      html = sanitiseContentHtml(body.innerHTML, options.baseUrl);
    } else {
      text = '';
      html = '';
    }
  }

  const byline = clean(article?.byline) ?? clean(meta.byline);
  // Readability leaves a byline paragraph in place when the byline came from metadata; it is not prose.
  if (byline) {
    const first = text.split('\n\n', 1)[0] ?? '';
    const escaped = byline.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (first.length <= 120 && new RegExp(`^(?:by\\s+)?${escaped}\\.?$`, 'i').test(first.trim())) text = text.slice(first.length).trimStart();
  }

  let publishedAt = clean(article?.publishedTime) ?? meta.publishedAt;
  let publishedFrom: HtmlExtraction['publishedFrom'] = publishedAt ? 'metadata' : null;
  if (!publishedAt) {
    publishedAt = findDateline(text, options.now);
    if (publishedAt) publishedFrom = 'dateline';
  }

  return {
    title: clean(article?.title) ?? clean(meta.title) ?? pageTitle,
    byline,
    publishedAt,
    publishedFrom,
    modifiedAt: clean(meta.modifiedAt),
    lang: clean(article?.lang) ?? meta.lang,
    dir: clean(article?.dir) ?? dirAttr,
    siteName: clean(article?.siteName) ?? clean(meta.siteName),
    canonicalUrl: absoluteHttpUrl(meta.canonicalUrl, options.baseUrl),
    excerpt: clean(article?.excerpt) ?? clean(meta.description),
    text,
    html,
    readability,
  };
}
