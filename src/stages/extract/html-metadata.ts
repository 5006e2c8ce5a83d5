// Metadata a page states about itself, read before Readability rewrites the DOM: JSON-LD,
// OpenGraph / article / Dublin Core meta tags, <time>, <link rel=canonical>, <html lang>.

/**
 * The part of the linkedom/DOM Document API we use. Elements are found by tag name: one linear
 * scan each, where a CSS selector would be compiled anew on every call.
 */
export interface MetaDocument {
  getElementsByTagName(tagName: string): ArrayLike<MetaElement>;
  documentElement: MetaElement | null;
}
export interface MetaElement {
  getAttribute(name: string): string | null;
  textContent: string | null;
}

export interface PageMetadata {
  title: string | null;
  byline: string | null;
  publishedAt: string | null;
  modifiedAt: string | null;
  lang: string | null;
  siteName: string | null;
  canonicalUrl: string | null;
  description: string | null;
}

const ARTICLE_TYPES = /^(?:Article|NewsArticle|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BackgroundNewsArticle|BlogPosting|LiveBlogPosting|Report|ScholarlyArticle|TechArticle|SocialMediaPosting|WebPage|PressRelease)$/;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function asString(v: Json | undefined): string | null {
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return asString(v[0]);
  if (v && typeof v === 'object') return asString(v['name'] ?? v['@value']);
  return null;
}

function authorNames(v: Json | undefined): string | null {
  if (!v) return null;
  const list = Array.isArray(v) ? v : [v];
  const names = list.map((a) => (typeof a === 'string' ? a.trim() : a && typeof a === 'object' && !Array.isArray(a) ? asString(a['name']) : null))
    .filter((n): n is string => !!n);
  return names.length ? names.join(', ') : null;
}

function typeMatches(t: Json | undefined): boolean {
  if (typeof t === 'string') return ARTICLE_TYPES.test(t);
  if (Array.isArray(t)) return t.some((x) => typeof x === 'string' && ARTICLE_TYPES.test(x));
  return false;
}

function jsonLdArticles(doc: MetaDocument): Record<string, Json>[] {
  const out: Record<string, Json>[] = [];
  const scripts = doc.getElementsByTagName('script');
  for (let i = 0; i < scripts.length; i++) {
    // As the selector script[type="application/ld+json"] would match: HTML compares type case-insensitively.
    if (scripts[i]!.getAttribute('type')?.toLowerCase() !== 'application/ld+json') continue;
    const raw = scripts[i]!.textContent ?? '';
    let data: Json;
    try {
      data = JSON.parse(raw.replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, '')) as Json;
    } catch {
      continue;
    }
    const stack: Json[] = [data];
    let guard = 0;
    while (stack.length && guard++ < 500) {
      const item = stack.pop();
      if (Array.isArray(item)) { stack.push(...item); continue; }
      if (!item || typeof item !== 'object') continue;
      if (typeMatches(item['@type'])) out.push(item);
      if (item['@graph']) stack.push(item['@graph']);
    }
  }
  // Prefer specific article types over a generic WebPage.
  return out.sort((a, b) => Number(asString(a['@type']) === 'WebPage') - Number(asString(b['@type']) === 'WebPage'));
}

/** All <meta> values by lower-cased property/name/itemprop/http-equiv, read in one pass. */
function metaTable(doc: MetaDocument): Map<string, string> {
  const table = new Map<string, string>();
  const metas = doc.getElementsByTagName('meta');
  for (let i = 0; i < metas.length; i++) {
    const el = metas[i]!;
    const content = el.getAttribute('content')?.trim();
    if (!content) continue;
    for (const attr of ['property', 'name', 'itemprop', 'http-equiv']) {
      const key = el.getAttribute(attr)?.trim().toLowerCase();
      if (key && !table.has(key)) table.set(key, content);
    }
  }
  return table;
}

export function readPageMetadata(doc: MetaDocument): PageMetadata {
  const table = metaTable(doc);
  const meta = (_doc: MetaDocument, keys: string[]): string | null => {
    for (const k of keys) { const v = table.get(k.toLowerCase()); if (v) return v; }
    return null;
  };
  const ld = jsonLdArticles(doc);
  const fromLd = (key: string): string | null => {
    for (const a of ld) { const v = asString(a[key]); if (v) return v; }
    return null;
  };
  const ldAuthor = ld.map((a) => authorNames(a['author'])).find((x) => x) ?? null;
  const ldPublisher = ld.map((a) => asString(a['publisher'])).find((x) => x) ?? null;

  let timePublished: string | null = null;
  const times = Array.from(doc.getElementsByTagName('time')).filter((t) => t.getAttribute('datetime') !== null);
  for (let i = 0; i < times.length && !timePublished; i++) {
    const t = times[i]!;
    if (t.getAttribute('pubdate') !== null || t.getAttribute('itemprop') === 'datePublished' || i === 0) timePublished = t.getAttribute('datetime');
  }

  const canonicalEl = Array.from(doc.getElementsByTagName('link')).find((l) => l.getAttribute('rel')?.toLowerCase() === 'canonical') ?? null;
  const lang = doc.documentElement?.getAttribute('lang')?.trim()
    || doc.documentElement?.getAttribute('xml:lang')?.trim()
    || meta(doc, ['content-language', 'language', 'dc.language', 'DC.language'])
    || (meta(doc, ['og:locale'])?.replace('_', '-') ?? null);

  return {
    title: fromLd('headline') ?? meta(doc, ['og:title', 'twitter:title', 'dc.title', 'DC.title']) ?? null,
    byline: ldAuthor ?? meta(doc, ['author', 'article:author', 'dc.creator', 'DC.creator', 'byl', 'parsely-author', 'sailthru.author']),
    publishedAt: fromLd('datePublished') ?? meta(doc, [
      'article:published_time', 'datePublished', 'parsely-pub-date', 'sailthru.date', 'dc.date', 'DC.date', 'dcterms.created',
      'DC.date.issued', 'citation_publication_date', 'publish-date', 'pubdate', 'date', 'og:published_time',
    ]) ?? timePublished,
    modifiedAt: fromLd('dateModified') ?? meta(doc, ['article:modified_time', 'og:updated_time', 'dateModified', 'dcterms.modified', 'last-modified']),
    lang: lang || null,
    siteName: meta(doc, ['og:site_name', 'application-name']) ?? ldPublisher,
    canonicalUrl: canonicalEl?.getAttribute('href')?.trim() || meta(doc, ['og:url']) || fromLd('url'),
    description: meta(doc, ['description', 'og:description', 'twitter:description']),
  };
}
