// OPML in and out: reading a reader's subscription list, writing our source catalogue so that
// other readers can import it. Extra attributes (country, kind, language, sourceId) round-trip.
import { parseOpml as feedsmithParseOpml } from 'feedsmith';
import { ReadoutError } from '../../domain/errors.js';
import type { Source } from '../../domain/types.js';
import { sourceSchema, type SourceEntry } from '../../knowledge/schemas.js';
import { decodeBytes } from '../extract/encoding.js';
import { defuseXml } from './xml-safety.js';

export interface OpmlOutline {
  text: string;
  title: string | null;
  xmlUrl: string | null;
  htmlUrl: string | null;
  type: string | null;
  language: string | null;
  /** Titles of the enclosing folder outlines, outermost first. */
  categories: string[];
  /** readout's own attributes, present when the file was written by buildOpml. */
  sourceId: string | null;
  country: string | null;
  kind: string | null;
}

export interface OpmlDocument {
  title: string | null;
  /** Every outline with an xmlUrl, flattened. */
  feeds: OpmlOutline[];
}

const EXTRA = ['sourceId', 'country', 'kind'] as const;

type LooseOutline = Record<string, unknown> & { outlines?: LooseOutline[] };
const s = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

export function parseOpml(input: string | Uint8Array): OpmlDocument {
  const xml = typeof input === 'string' ? input : decodeBytes(input).text;
  const safe = defuseXml(xml.replace(/^\ufeff/, ''));
  let doc: { head?: { title?: string }; body?: { outlines?: LooseOutline[] } };
  try {
    doc = feedsmithParseOpml(safe.xml, { extraOutlineAttributes: EXTRA }) as unknown as typeof doc;
  } catch (e) {
    throw new ReadoutError('E_PARSE', `the OPML file could not be parsed (${(e as Error).message}); export it again from your reader`);
  }
  const feeds: OpmlOutline[] = [];
  const walk = (outlines: LooseOutline[] | undefined, path: string[], depth: number): void => {
    if (!outlines || depth > 20) return;
    for (const o of outlines) {
      const text = s(o['text']) ?? s(o['title']) ?? '';
      const xmlUrl = s(o['xmlUrl']);
      if (xmlUrl) {
        feeds.push({
          text, title: s(o['title']), xmlUrl, htmlUrl: s(o['htmlUrl']), type: s(o['type']), language: s(o['language']),
          categories: path, sourceId: s(o['sourceId']), country: s(o['country']), kind: s(o['kind']),
        });
      }
      walk(o.outlines, text ? [...path, text] : path, depth + 1);
    }
  };
  walk(doc.body?.outlines, [], 0);
  return { title: s(doc.head?.title), feeds };
}

function escapeXml(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** OPML 2.0 with one outline per feed, grouped in one folder per source kind. */
export function buildOpml(sources: readonly Source[], options: { title?: string; now?: Date } = {}): string {
  const byKind = new Map<string, Source[]>();
  for (const src of sources) {
    const list = byKind.get(src.kind) ?? [];
    list.push(src);
    byKind.set(src.kind, list);
  }
  const attrs = (pairs: [string, string | null | undefined][]): string =>
    pairs.filter((p): p is [string, string] => !!p[1]).map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeXml(options.title ?? 'readout sources')}</title>`,
    `    <dateCreated>${(options.now ?? new Date()).toUTCString()}</dateCreated>`,
    '  </head>',
    '  <body>',
  ];
  for (const [kind, list] of [...byKind].sort((a, b) => a[0].localeCompare(b[0]))) {
    lines.push(`    <outline${attrs([['text', kind], ['title', kind]])}>`);
    for (const src of [...list].sort((a, b) => a.id.localeCompare(b.id))) {
      for (const feed of src.feeds) {
        lines.push(`      <outline${attrs([
          ['type', 'rss'], ['text', src.name], ['title', src.name], ['xmlUrl', feed], ['htmlUrl', src.homepage ?? null],
          ['language', src.language], ['sourceId', src.id], ['country', src.country], ['kind', src.kind],
        ])}/>`);
      }
    }
    lines.push('    </outline>');
  }
  lines.push('  </body>', '</opml>', '');
  return lines.join('\n');
}

function slug(v: string): string {
  return v.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'source';
}

/**
 * Source catalogue entries from an OPML document: feeds with the same sourceId (or, for foreign
 * files, the same title) become one source. Entries are validated with sourceSchema; unknown
 * kinds become "other" and unknown countries ''.
 */
export function opmlToSourceEntries(doc: OpmlDocument): SourceEntry[] {
  const grouped = new Map<string, OpmlOutline[]>();
  for (const f of doc.feeds) {
    const id = f.sourceId && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(f.sourceId) ? f.sourceId : slug(f.title ?? f.text);
    const list = grouped.get(id) ?? [];
    list.push(f);
    grouped.set(id, list);
  }
  const out: SourceEntry[] = [];
  for (const [id, feeds] of grouped) {
    const f = feeds[0]!;
    let host: string[] = [];
    try { host = f.htmlUrl ? [new URL(f.htmlUrl).hostname.replace(/^www\./, '')] : []; } catch { host = []; }
    const parsed = sourceSchema.safeParse({
      id,
      name: f.title ?? f.text ?? id,
      ...(f.htmlUrl && /^https?:\/\//.test(f.htmlUrl) ? { homepage: f.htmlUrl } : {}),
      country: f.country && /^[A-Z]{3}$/.test(f.country) ? f.country : '',
      kind: ['government', 'state-media', 'wire', 'press', 'commentary', 'other'].includes(f.kind ?? '') ? f.kind : 'other',
      language: f.language && f.language.length >= 2 ? f.language.slice(0, 2).toLowerCase() : 'en',
      feeds: feeds.map((x) => x.xmlUrl).filter((u): u is string => !!u && /^https?:\/\//.test(u)),
      hosts: host,
    });
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}
