// Feed-parsing conformance on feedparser's test corpus (../shared/data/feedparser-tests): each file
// states a Python `Expect:` expression in its first comment. The common forms are translated to
// checks on parseFeed's output; the rest are counted as untranslatable.
// Run: node --import tsx bench/eval-feeds.ts
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFeed, htmlToPlainText, type ParsedFeed } from '../src/stages/ingest/feed-parser.js';
import { dateInstant, normaliseDate } from '../src/stages/extract/date-normaliser.js';
import { normaliseCharsetLabel } from '../src/stages/extract/encoding.js';
import { isReadoutError } from '../src/domain/errors.js';

const here = dirname(fileURLToPath(import.meta.url));
export const FEEDPARSER_TESTS = resolve(here, '../../shared/data/feedparser-tests');

export interface FeedRow {
  file: string;
  expect: string;
  translated: boolean;
  passed: boolean | null;
  detail: string;
}

type Value = string | number | boolean | null;
type Check = (feed: ParsedFeed | null, error: string | null) => { ok: boolean; got: Value };

/** A Python string (or 'a' + 'b' concatenation) or number literal, or undefined for anything else. */
export function pythonLiteral(src: string): Value | undefined {
  const s = src.trim();
  if (/^-?\d+(?:\.\d+)?$/.test(s)) return Number(s);
  if (s === 'None') return null;
  const re = /\s*([uUbB]?[rR]?)('''|"""|'|")([\s\S]*?)\2\s*(\+|$)/y;
  let out = '';
  let pos = 0;
  while (pos < s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) return undefined;
    const raw = /[rR]/.test(m[1] ?? '');
    out += raw ? m[3]! : unescapePython(m[3]!);
    pos = re.lastIndex;
    if (m[4] === '') break;
  }
  return pos >= s.length ? out : undefined;
}

function unescapePython(body: string): string {
  return body.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/g, (_all, e: string) => {
    if (e[0] === 'u' || e[0] === 'U' || e[0] === 'x') return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCodePoint(parseInt(e, 8));
    return ({ n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' } as Record<string, string>)[e] ?? `\\${e}`;
  });
}

/** Split on top-level " and " (outside string literals). */
function splitAnd(expr: string): string[] | null {
  const parts: string[] = [];
  let quote: string | null = null;
  let depth = 0;
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i]!;
    if (quote) { if (c === '\\') i++; else if (c === quote) quote = null; continue; }
    if (c === "'" || c === '"') { quote = c; continue; }
    if (c === '(' || c === '[' || c === '{') depth++;
    if (c === ')' || c === ']' || c === '}') depth--;
    if (depth === 0 && expr.startsWith(' and ', i)) { parts.push(expr.slice(start, i)); start = i + 5; i += 4; }
    if (depth === 0 && expr.startsWith(' or ', i)) return null;
  }
  parts.push(expr.slice(start));
  return parts.map((p) => p.trim());
}

type Kind = 'text' | 'html' | 'date' | 'url' | 'raw';
const FEED_FIELDS: Record<string, [keyof ParsedFeed, Kind]> = {
  title: ['title', 'text'], link: ['link', 'url'], description: ['description', 'text'], subtitle: ['description', 'text'],
  tagline: ['description', 'text'], info: ['description', 'text'], language: ['language', 'raw'], updated: ['updatedAt', 'date'],
};
const ENTRY_FIELDS: Record<string, [keyof ParsedFeed['items'][number], Kind]> = {
  title: ['title', 'text'], link: ['url', 'url'], id: ['id', 'raw'], author: ['author', 'text'], summary: ['summary', 'text'],
  description: ['summary', 'text'], updated: ['updatedAt', 'date'], published: ['publishedAt', 'date'], issued: ['publishedAt', 'date'],
  modified: ['updatedAt', 'date'], created: ['publishedAt', 'date'], guid: ['id', 'raw'],
};

function compare(kind: Kind, got: Value, want: Value): boolean {
  // Our text fields are plain text already; feedparser's may hold markup, so only theirs is flattened.
  if (kind === 'text') return (htmlToPlainText(want === null ? null : String(want)) ?? '') === (got === null ? '' : String(got).replace(/\s+/g, ' ').trim());
  if (kind === 'html') return (htmlToPlainText(want === null ? null : String(want)) ?? '') === (htmlToPlainText(got === null ? null : String(got)) ?? '');
  if (want === null || got === null) return want === got || (want === '' && got === null);
  if (kind === 'date') return dateInstant(normaliseDate(String(got))) === dateInstant(normaliseDate(String(want)));
  if (kind === 'url') {
    try { return new URL(String(got)).href === new URL(String(want)).href; } catch { return got === want; }
  }
  return String(got).trim() === String(want).trim();
}

function translateClause(clause: string): Check | null {
  if (clause === '1' || clause === 'True') return (f) => ({ ok: f !== null, got: f !== null });
  if (clause === 'bozo') return (f, err) => ({ ok: f === null ? err !== null : !f.wellFormed, got: f ? !f.wellFormed : 'error' });
  if (clause === 'not bozo') return (f) => ({ ok: f !== null && f.wellFormed, got: f ? !f.wellFormed : 'error' });
  const m = /^(.+?)\s*==\s*(.+)$/.exec(clause);
  if (!m) return null;
  const lhs = m[1]!.trim();
  const want = pythonLiteral(m[2]!);
  if (want === undefined) return null;
  let lm: RegExpExecArray | null;
  if ((lm = /^len\(entries\)$/.exec(lhs))) return (f) => ({ ok: (f?.items.length ?? -1) === want, got: f?.items.length ?? null });
  if (lhs === 'encoding') {
    return (f) => {
      const got = f?.encoding ?? null;
      const w = String(want).toLowerCase();
      // us-ascii bytes decode identically as UTF-8, which is what we report for them.
      const ok = got !== null && (normaliseCharsetLabel(w) === got || (w === 'us-ascii' && got === 'utf-8'));
      return { ok, got };
    };
  }
  if ((lm = /^feed\[['"](\w+)['"]\]$/.exec(lhs))) {
    const spec = FEED_FIELDS[lm[1]!];
    if (!spec) return null;
    return (f) => { const got = (f?.[spec[0]] ?? null) as Value; return { ok: f !== null && compare(spec[1], got, want), got }; };
  }
  if ((lm = /^entries\[(\d+)\]\[['"](\w+)['"]\](?:\[0\]\[['"]value['"]\])?$/.exec(lhs))) {
    const index = Number(lm[1]);
    const field = lm[2]!;
    const isContent = lhs.includes("[0]['value']") || lhs.includes('[0]["value"]');
    if (isContent && field !== 'content') return null;
    const spec: [keyof ParsedFeed['items'][number], Kind] | undefined = isContent ? ['contentHtml', 'html'] : ENTRY_FIELDS[field];
    if (!spec) return null;
    return (f) => {
      const item = f?.items[index];
      const got = (item?.[spec[0]] ?? null) as Value;
      // feedparser's "updated" falls back to the publication date (dc:date, pubDate).
      const value = spec[0] === 'updatedAt' ? item?.updatedAt ?? item?.publishedAt ?? null : got;
      return { ok: !!item && compare(spec[1], value, want), got: value };
    };
  }
  return null;
}

function header(text: string, name: string): string | null {
  const m = new RegExp(`^\\s*${name}:\\s*(.+)$`, 'mi').exec(text);
  return m ? m[1]!.trim() : null;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else if (/\.(xml|json|rdf|rss|atom)$/i.test(name)) out.push(p);
  }
  return out.sort();
}

export async function evalFeeds(dir = FEEDPARSER_TESTS): Promise<FeedRow[]> {
  const rows: FeedRow[] = [];
  for (const file of listFiles(dir)) {
    const bytes = readFileSync(file);
    // The comment is ASCII in every encoding the corpus uses except UTF-16/32, which we read loosely.
    const head = bytes.subarray(0, 4096).toString('latin1').replace(/\0/g, '');
    const expect = header(head, 'Expect');
    const rel = relative(dir, file);
    if (!expect) { rows.push({ file: rel, expect: '', translated: false, passed: null, detail: 'no Expect line' }); continue; }
    const clauses = splitAnd(expect);
    const checks = clauses?.map(translateClause) ?? null;
    if (!checks || checks.some((c) => c === null)) {
      rows.push({ file: rel, expect, translated: false, passed: null, detail: 'untranslatable' });
      continue;
    }
    const contentTypeHeader = header(head, 'Header');
    const contentType = contentTypeHeader && /^content-type:/i.test(contentTypeHeader) ? contentTypeHeader.replace(/^content-type:\s*/i, '') : null;
    let feed: ParsedFeed | null = null;
    let error: string | null = null;
    try {
      // feedparser's suite served files from http://127.0.0.1:8097/ unless a Content-Location says otherwise.
      const location = /content-location:\s*(\S+)/i.exec(head)?.[1] ?? `http://127.0.0.1:8097/${rel}`;
      feed = parseFeed(bytes, { contentType, url: location });
    } catch (e) {
      error = isReadoutError(e) ? `${e.code}: ${e.message}` : `CRASH: ${String(e)}`;
    }
    const results = checks.map((c) => c!(feed, error));
    const failed = results.findIndex((r) => !r.ok);
    rows.push({
      file: rel, expect, translated: true, passed: failed < 0,
      detail: failed < 0 ? '' : `clause ${JSON.stringify(clauses![failed])} got ${JSON.stringify(results[failed]!.got)}${error ? ` (${error})` : ''}`,
    });
  }
  return rows;
}

export function summariseFeeds(rows: FeedRow[]): Record<string, number> {
  const translated = rows.filter((r) => r.translated);
  const passed = translated.filter((r) => r.passed).length;
  return {
    files: rows.length,
    translated: translated.length,
    untranslatable: rows.length - translated.length,
    passed,
    failed: translated.length - passed,
    passRate: translated.length ? passed / translated.length : 0,
    crashes: rows.filter((r) => r.detail.includes('CRASH')).length,
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!existsSync(FEEDPARSER_TESTS)) {
    console.log(`eval-feeds: ${FEEDPARSER_TESTS} is absent; nothing to evaluate (place ../shared/data beside the repo).`);
    process.exit(0);
  }
  const rows = await evalFeeds();
  const summary = summariseFeeds(rows);
  const byFolder = new Map<string, { n: number; pass: number }>();
  for (const r of rows.filter((x) => x.translated)) {
    const k = dirname(r.file);
    const v = byFolder.get(k) ?? { n: 0, pass: 0 };
    v.n++; if (r.passed) v.pass++;
    byFolder.set(k, v);
  }
  console.table([...byFolder].map(([folder, v]) => ({ folder, translated: v.n, passed: v.pass, rate: (v.pass / v.n).toFixed(3) })));
  console.table(Object.fromEntries(Object.entries(summary).map(([k, v]) => [k, { value: Number.isInteger(v) ? v : Number(v.toFixed(4)) }])));
  if (process.argv.includes('--failures')) for (const r of rows.filter((x) => x.translated && !x.passed)) console.log(`${r.file}: ${r.detail}`);
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'eval-feeds.json'), JSON.stringify({ summary, rows }, null, 2));
  console.log(`goal: pass rate >= 0.90 over translated cases → ${summary['passRate']! >= 0.9 ? 'met' : 'NOT met'}; wrote bench/results/eval-feeds.json`);
}
