// Feeds in every common format (RSS 0.9x/2.0, RSS 1.0/RDF, Atom, JSON Feed) to one shape.
// feedsmith does the parsing; before it, bytes are decoded per the encoding rules and the XML is
// defused (no external entities, bounded expansion). When feedsmith gives up, a tolerant
// tag-scanning fallback still recovers items from broken feeds, flagged in `warnings`.
import { parseFeed as feedsmithParse } from 'feedsmith';
import { parseHTML } from 'linkedom';
import { z } from 'zod';
import { ReadoutError } from '../../domain/errors.js';
import { decodeBytes } from '../extract/encoding.js';
import { normaliseDate } from '../extract/date-normaliser.js';
import { sanitiseContentHtml } from '../extract/html-sanitiser.js';
import { defuseXml, wellFormednessProblem } from './xml-safety.js';

export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json';

export interface FeedItem {
  id: string | null;
  url: string | null;
  title: string | null;
  publishedAt: string | null;
  updatedAt: string | null;
  author: string | null;
  /** Plain text. */
  summary: string | null;
  /** Sanitised HTML of the full content, when the feed carries it. */
  contentHtml: string | null;
}

export interface ParsedFeed {
  format: FeedFormat;
  title: string | null;
  link: string | null;
  description: string | null;
  language: string | null;
  updatedAt: string | null;
  items: FeedItem[];
  /** False when the XML is not well-formed (feedparser's "bozo"); the items are best effort. */
  wellFormed: boolean;
  /** The character encoding the bytes were decoded with. */
  encoding: string;
  warnings: string[];
}

export interface ParseFeedOptions {
  contentType?: string | null;
  /** The feed's own URL: relative links resolve against it. */
  url?: string | null;
  maxItems?: number;
  maxUrlLength?: number;
}

const optionsSchema = z.object({
  contentType: z.string().nullable().optional(),
  url: z.string().nullable().optional(),
  maxItems: z.number().int().positive().default(500),
  maxUrlLength: z.number().int().positive().default(2048),
});

type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Loose) : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const str = (v: unknown): string | null => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  const o = obj(v);
  if (o) return str(o['value'] ?? o['#text'] ?? o['name']);
  return null;
};

const first = (v: unknown): string | null => arr(v).map(str).find((x) => x) ?? null;

/** HTML or escaped text to plain text, whitespace collapsed. Scripts and styles are dropped;
 * the text inside other elements (even iframe or object) is kept, as feed readers show it. */
export function htmlToPlainText(value: string | null): string | null {
  if (value === null) return null;
  let out = value;
  if (/<[a-zA-Z!/]/.test(out)) {
    out = out
      .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
      .replace(/<(script|style)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, '')
      .replace(/<\/?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|blockquote|pre|table|section|article)\b[^>]*>/gi, ' ')
      .replace(/<\/?[a-zA-Z][^>]*>/g, '');
  }
  if (out.includes('&')) {
    // linkedom decodes the full HTML entity table; "<" is escaped first so nothing parses as markup.
    out = parseHTML(`<!doctype html><html><body>${out.replace(/</g, '&lt;')}</body></html>`).document.body.textContent ?? out;
  }
  const clean = out.replace(/\s+/g, ' ').trim();
  return clean || null;
}

function textOf(v: unknown): string | null {
  const o = obj(v);
  // Atom text constructs: type="text" is literal, html/xhtml are markup.
  if (o && typeof o['type'] === 'string' && o['type'] === 'text') {
    const s = str(o['value']);
    return s === null ? null : s.replace(/\s+/g, ' ').trim() || null;
  }
  return htmlToPlainText(str(v));
}

export function parseFeed(bytes: Uint8Array, options: ParseFeedOptions = {}): ParsedFeed {
  const opts = optionsSchema.parse(options);
  const warnings: string[] = [];
  const base = opts.url ?? null;
  const cleanUrl = (v: unknown, relativeTo: string | null = base): string | null => {
    const s = str(v)?.trim();
    if (!s) return null;
    if (s.length > opts.maxUrlLength) { warnings.push(`a URL longer than ${opts.maxUrlLength} characters was dropped`); return null; }
    try {
      const u = relativeTo ? new URL(s, relativeTo) : new URL(s);
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
    } catch {
      return null;
    }
  };
  const html = (v: string | null, link: string | null): string | null => (v ? sanitiseContentHtml(v, link ?? base) || null : null);

  const decoded = decodeBytes(bytes, { contentType: opts.contentType ?? null });
  const text = decoded.text.replace(/^\ufeff/, '');
  const trimmed = text.trimStart();
  if (!trimmed) throw new ReadoutError('E_EMPTY_INPUT', `the feed${base ? ` ${base}` : ''} is empty`);

  if (trimmed.startsWith('{')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (e) {
      throw new ReadoutError('E_PARSE', `the JSON feed${base ? ` ${base}` : ''} is not valid JSON: ${(e as Error).message}`);
    }
    return { ...fromJsonFeed(obj(data) ?? {}, opts.maxItems, cleanUrl, html, warnings), encoding: decoded.encoding };
  }

  const safe = defuseXml(text);
  warnings.push(...safe.warnings);
  const problem = wellFormednessProblem(text, safe.declared);
  if (problem) warnings.push(`not well-formed XML: ${problem}`);

  let parsed: ReturnType<typeof feedsmithParse> | null = null;
  try {
    parsed = feedsmithParse(safe.xml);
  } catch (e) {
    warnings.push(`strict parse failed (${(e as Error).message}); used the tolerant scanner`);
  }
  const result = parsed ? fromFeedsmith(parsed, opts.maxItems, cleanUrl, html, warnings) : tolerantParse(safe.xml, opts.maxItems, cleanUrl, html, warnings);
  if (!result) {
    throw new ReadoutError('E_PARSE', `${base ?? 'the input'} is not a recognisable RSS, Atom, RDF or JSON feed${problem ? ` (${problem})` : ''}; check the feed URL`);
  }
  fillFromRaw(result, safe.xml, html);
  result.language ??= rootLanguage(safe.xml);
  result.wellFormed = problem === null;
  result.encoding = decoded.encoding;
  return result;
}

type UrlCleaner = (v: unknown, relativeTo?: string | null) => string | null;
type HtmlCleaner = (v: string | null, link: string | null) => string | null;

function capItems<T>(items: T[], max: number, warnings: string[]): T[] {
  if (items.length > max) {
    warnings.push(`the feed has ${items.length} items; only the first ${max} were kept`);
    return items.slice(0, max);
  }
  return items;
}

function firstAuthor(...candidates: unknown[]): string | null {
  for (const c of candidates) {
    for (const a of arr(c)) {
      const o = obj(a);
      const name = o ? str(o['name']) ?? str(o['email']) : str(a);
      if (name?.trim()) return name.trim();
    }
  }
  return null;
}

function atomLink(links: unknown, cleanUrl: UrlCleaner, base: string | null): string | null {
  const list = arr(links).map(obj).filter((l): l is Loose => !!l);
  const alt = list.find((l) => l['rel'] === undefined || l['rel'] === 'alternate') ?? null;
  return alt ? cleanUrl(alt['href'], base) : null;
}

function fromFeedsmith(parsed: ReturnType<typeof feedsmithParse>, maxItems: number, cleanUrl: UrlCleaner, html: HtmlCleaner, warnings: string[]): ParsedFeed {
  const feed = parsed.feed as unknown as Loose;
  const dc = (o: Loose): Loose => obj(o['dc']) ?? {};
  const atomNs = (o: Loose): Loose => obj(o['atom']) ?? {};
  if (parsed.format === 'atom') {
    const link = atomLink(feed['links'], cleanUrl, null);
    const items = capItems(arr(feed['entries']), maxItems, warnings).map((raw): FeedItem => {
      const e = obj(raw) ?? {};
      const url = atomLink(e['links'], cleanUrl, link);
      const content = obj(e['content']);
      const contentValue = str(content?.['value'] ?? e['content']);
      const contentIsText = content?.['type'] === 'text';
      return {
        id: str(e['id'])?.trim() || null,
        url,
        title: textOf(e['title']),
        publishedAt: normaliseDate(str(e['published']) ?? str(e['issued']) ?? str(dc(e)['date'])),
        updatedAt: normaliseDate(str(e['updated']) ?? str(e['modified'])),
        author: firstAuthor(e['authors'], feed['authors'], dc(e)['creators']),
        summary: textOf(e['summary']) ?? (contentValue ? htmlToPlainText(contentValue) : null),
        contentHtml: contentValue ? html(contentIsText ? `<p>${escapeHtml(contentValue)}</p>` : contentValue, url) : null,
      };
    });
    return {
      format: 'atom', title: textOf(feed['title']), link, description: textOf(feed['subtitle'] ?? feed['tagline']),
      language: str(feed['lang']) ?? null, updatedAt: normaliseDate(str(feed['updated'])), items, wellFormed: true, encoding: '', warnings,
    };
  }
  // RSS and RDF share their item vocabulary.
  const link = cleanUrl(feed['link']) ?? atomLink(atomNs(feed)['links'], cleanUrl, null);
  const items = capItems(arr(feed['items']), maxItems, warnings).map((raw): FeedItem => {
    const it = obj(raw) ?? {};
    const guid = obj(it['guid']);
    const guidValue = str(guid?.['value'] ?? it['guid'])?.trim() || null;
    const guidIsLink = guid?.['isPermaLink'] !== false;
    const rdfAbout = str(obj(it['rdf'])?.['about']);
    const url = cleanUrl(it['link'], link) ?? atomLink(atomNs(it)['links'], cleanUrl, link) ?? (guidIsLink ? cleanUrl(guidValue, link) : null) ?? cleanUrl(rdfAbout, link);
    const encoded = str(obj(it['content'])?.['encoded']);
    const description = str(it['description']);
    const dcIt = dc(it);
    return {
      id: guidValue ?? rdfAbout ?? url,
      url,
      title: htmlToPlainText(str(it['title']) ?? first(dcIt['titles'])),
      publishedAt: normaliseDate(str(it['pubDate']) ?? first(dcIt['dates']) ?? first(obj(it['dcterms'])?.['created']) ?? first(obj(it['dcterms'])?.['issued'])),
      updatedAt: normaliseDate(str(atomNs(it)['updated']) ?? first(obj(it['dcterms'])?.['modified'])),
      author: firstAuthor(it['authors'], dcIt['creators'], it['author'], obj(it['itunes'])?.['author']),
      summary: htmlToPlainText(description) ?? htmlToPlainText(encoded) ?? htmlToPlainText(first(dcIt['descriptions'])) ?? htmlToPlainText(str(obj(it['itunes'])?.['summary'])),
      contentHtml: html(encoded ?? (description && /<[a-z]/i.test(description) ? description : null), url),
    };
  });
  const dcFeed = dc(feed);
  return {
    format: parsed.format === 'rdf' ? 'rdf' : 'rss',
    title: htmlToPlainText(str(feed['title']) ?? first(dcFeed['titles'])),
    link,
    description: htmlToPlainText(str(feed['description']) ?? first(dcFeed['descriptions']) ?? str(obj(feed['itunes'])?.['summary']) ?? str(obj(feed['itunes'])?.['subtitle'])),
    language: str(feed['language']) ?? first(dcFeed['languages']),
    updatedAt: normaliseDate(str(feed['lastBuildDate']) ?? str(feed['pubDate']) ?? first(dcFeed['dates']) ?? first(obj(feed['dcterms'])?.['modified'])),
    items,
    wellFormed: true,
    encoding: '',
    warnings,
  };
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function fromJsonFeed(feed: Loose, maxItems: number, cleanUrl: UrlCleaner, html: HtmlCleaner, warnings: string[]): ParsedFeed {
  if (typeof feed['version'] !== 'string' || !String(feed['version']).includes('jsonfeed.org')) {
    if (!Array.isArray(feed['items'])) throw new ReadoutError('E_PARSE', 'the JSON is not a JSON Feed (no version and no items)');
    warnings.push('JSON Feed without a jsonfeed.org version');
  }
  const link = cleanUrl(feed['home_page_url']);
  const items = capItems(arr(feed['items']), maxItems, warnings).map((raw): FeedItem => {
    const it = obj(raw) ?? {};
    const url = cleanUrl(it['url'], link) ?? cleanUrl(it['external_url'], link);
    const contentHtml = str(it['content_html']);
    const contentText = str(it['content_text']);
    return {
      id: str(it['id']) ?? url,
      url,
      title: htmlToPlainText(str(it['title'])),
      publishedAt: normaliseDate(str(it['date_published'])),
      updatedAt: normaliseDate(str(it['date_modified'])),
      author: firstAuthor(it['authors'], it['author'], feed['authors'], feed['author']),
      summary: htmlToPlainText(str(it['summary'])) ?? (contentText ? contentText.replace(/\s+/g, ' ').trim() : htmlToPlainText(contentHtml)),
      contentHtml: html(contentHtml ?? (contentText ? `<p>${escapeHtml(contentText)}</p>` : null), url),
    };
  });
  return {
    format: 'json', title: htmlToPlainText(str(feed['title'])), link, description: htmlToPlainText(str(feed['description'])),
    language: str(feed['language']) ?? null, updatedAt: null, items, wellFormed: true, encoding: '', warnings,
  };
}

/** Text of the first <tag> (any namespace prefix) in a fragment, CDATA unwrapped. */
function tagText(fragment: string, names: string[]): string | null {
  for (const name of names) {
    const re = new RegExp(`<(?:[\\w-]+:)?${name}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:[\\w-]+:)?${name}\\s*>`, 'i');
    const m = re.exec(fragment);
    if (m) {
      const v = m[1]!.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1').trim();
      if (v) return v;
    }
  }
  return null;
}

function tagAttr(fragment: string, name: string, attr: string): string | null {
  const re = new RegExp(`<(?:[\\w-]+:)?${name}\\b([^>]*?)/?>`, 'gi');
  let m: RegExpExecArray | null;
  while ((m = re.exec(fragment))) {
    const attrs = m[1] ?? '';
    const rel = /\brel\s*=\s*["']([^"']*)["']/i.exec(attrs)?.[1];
    if (rel && rel !== 'alternate') continue;
    const v = new RegExp(`\\b${attr}\\s*=\\s*["']([^"']*)["']`, 'i').exec(attrs)?.[1];
    if (v) return v;
  }
  return null;
}

/** Last resort for feeds the strict parser rejects: scan <item>/<entry> blocks with regexes. */
function tolerantParse(xml: string, maxItems: number, cleanUrl: UrlCleaner, html: HtmlCleaner, warnings: string[]): ParsedFeed | null {
  const isAtom = /<(?:[\w-]+:)?feed[\s>]/i.test(xml) && !/<(?:[\w-]+:)?(?:rss|channel)[\s>]/i.test(xml);
  const isRdf = /<(?:[\w-]+:)?RDF[\s>]/.test(xml);
  if (!isAtom && !/<(?:[\w-]+:)?(?:rss|channel|RDF)[\s>]/i.test(xml)) return null;
  const blocks = [...xml.matchAll(isAtom ? /<(?:[\w-]+:)?entry[\s>][\s\S]*?<\/(?:[\w-]+:)?entry\s*>/gi : /<(?:[\w-]+:)?item[\s>][\s\S]*?<\/(?:[\w-]+:)?item\s*>/gi)].map((m) => m[0]);
  const firstBlock = xml.search(isAtom ? /<(?:[\w-]+:)?entry[\s>]/i : /<(?:[\w-]+:)?item[\s>]/i);
  const head = firstBlock >= 0 ? xml.slice(0, firstBlock) : xml;
  const link = cleanUrl(isAtom ? tagAttr(head, 'link', 'href') : tagText(head, ['link']));
  const items = capItems(blocks, maxItems, warnings).map((b): FeedItem => {
    const url = cleanUrl(isAtom ? tagAttr(b, 'link', 'href') : tagText(b, ['link']) ?? tagText(b, ['guid']), link);
    const content = rawElement(b, ['encoded', 'content', 'body', 'fullitem']);
    const summary = rawElement(b, isAtom ? ['summary'] : ['description', 'summary']);
    return {
      id: tagText(b, isAtom ? ['id'] : ['guid']) ?? url,
      url,
      title: htmlToPlainText(tagText(b, ['title'])),
      publishedAt: normaliseDate(tagText(b, ['pubDate', 'published', 'issued', 'date'])),
      updatedAt: normaliseDate(tagText(b, ['updated', 'modified'])),
      author: htmlToPlainText(tagText(b, ['creator', 'author', 'name'])),
      summary: htmlToPlainText(summary ?? content),
      contentHtml: html(content, url),
    };
  });
  return {
    format: isAtom ? 'atom' : isRdf ? 'rdf' : 'rss',
    title: htmlToPlainText(rawElement(head, ['title'])),
    link,
    description: htmlToPlainText(rawElement(head, ['description', 'subtitle', 'tagline', 'info'])),
    language: tagText(head, ['language']) ?? rootLanguage(xml),
    updatedAt: normaliseDate(tagText(head, ['lastBuildDate', 'updated', 'pubDate', 'date'])),
    items,
    wellFormed: false,
    encoding: '',
    warnings,
  };
}

/** Text of the first matching element with its mode: base64 and escaped modes (Atom 0.3) are undone. */
function rawElement(fragment: string, names: string[]): string | null {
  for (const name of names) {
    const re = new RegExp(`<(?:[\\w-]+:)?${name}(\\s[^>]*)?>([\\s\\S]*?)</(?:[\\w-]+:)?${name}\\s*>`, 'i');
    const m = re.exec(fragment);
    if (!m) continue;
    const attrs = m[1] ?? '';
    let v = m[2]!.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1').trim();
    if (/\bmode\s*=\s*["']base64["']/i.test(attrs)) {
      v = Buffer.from(v.replace(/\s+/g, ''), 'base64').toString('utf8');
    } else if (!/<[a-z]/i.test(v)) {
      v = unescapeMarkup(v);
    }
    if (v) return v;
  }
  return null;
}

/**
 * Fields feedsmith does not map (Atom 0.3 <info>, base64 content, <xhtml:body>, <fullitem>) are
 * recovered from the raw XML, item by item, when the item blocks line up with the parsed items.
 */
/** xml:lang on the root element (Atom puts the feed language there). */
function rootLanguage(xml: string): string | null {
  const root = /<(?:[\w-]+:)?(?:feed|rss|RDF)\b([^>]*)>/.exec(xml);
  const lang = root ? /\bxml:lang\s*=\s*["']([^"']+)["']/.exec(root[1] ?? '')?.[1] : undefined;
  return lang ? lang.replace('_', '-') : null;
}

function fillFromRaw(feed: ParsedFeed, xml: string, html: HtmlCleaner): void {
  const isAtom = feed.format === 'atom';
  const blockRe = isAtom ? /<(?:[\w-]+:)?entry[\s>][\s\S]*?<\/(?:[\w-]+:)?entry\s*>/gi : /<(?:[\w-]+:)?item[\s>][\s\S]*?<\/(?:[\w-]+:)?item\s*>/gi;
  const firstBlock = xml.search(isAtom ? /<(?:[\w-]+:)?entry[\s>]/i : /<(?:[\w-]+:)?item[\s>]/i);
  const head = firstBlock >= 0 ? xml.slice(0, firstBlock) : xml;
  if (isAtom) {
    if (!feed.description) feed.description = htmlToPlainText(rawElement(head, ['info', 'tagline', 'subtitle']));
    if (/<(?:[\w-]+:)?title[^>]*\bmode\s*=\s*["']base64/i.test(head)) feed.title = htmlToPlainText(rawElement(head, ['title']));
    if (/<(?:[\w-]+:)?(?:tagline|subtitle)[^>]*\bmode\s*=\s*["']base64/i.test(head)) feed.description = htmlToPlainText(rawElement(head, ['tagline', 'subtitle']));
  }
  const blocks = [...xml.matchAll(blockRe)].map((m) => m[0]);
  if (blocks.length < feed.items.length) return;
  feed.items.forEach((item, i) => {
    const b = blocks[i]!;
    if (isAtom) {
      if (/<(?:[\w-]+:)?title[^>]*\bmode\s*=\s*["']base64/i.test(b)) item.title = htmlToPlainText(rawElement(b, ['title']));
      if (/<(?:[\w-]+:)?summary[^>]*\bmode\s*=\s*["']base64/i.test(b)) item.summary = htmlToPlainText(rawElement(b, ['summary']));
      if (/<(?:[\w-]+:)?content[^>]*\bmode\s*=\s*["']base64/i.test(b)) {
        const c = rawElement(b, ['content']);
        item.contentHtml = html(c, item.url);
        if (!/<(?:[\w-]+:)?summary[\s>]/i.test(b)) item.summary = htmlToPlainText(c);
      }
    } else if (!item.contentHtml) {
      const body = rawElement(b, ['body', 'fullitem']);
      if (body) {
        item.contentHtml = html(body, item.url);
        if (!item.summary) item.summary = htmlToPlainText(body);
      }
    }
  });
}

/** Escaped markup (&lt;p&gt;) inside a feed element becomes markup again. */
function unescapeMarkup(s: string): string {
  return /&lt;[a-z/!]/i.test(s) ? s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&') : s;
}
