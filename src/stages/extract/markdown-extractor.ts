// Markdown (optionally with YAML front matter) to plain text with paragraph breaks. Only the
// constructs that appear in statements and press releases are handled; everything else passes
// through as text, which is the safe failure for analysis.
// js-yaml for front matter: a few flat fields per file, read eight times faster than with `yaml`.
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';

export interface FrontMatterResult {
  /** Scalar front-matter fields as strings (dates and numbers stringified). */
  fields: Record<string, string>;
  body: string;
  /** Set when the front matter could not be parsed; the body is then the whole input. */
  error: string | null;
}

const FRONT_MATTER = /^(?:\ufeff)?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

export function hasFrontMatter(text: string): boolean {
  return FRONT_MATTER.test(text);
}

function scalarToString(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    // One level only: aliases make nested lists cheap to write and exponential to walk.
    const parts = value.map((v) => (Array.isArray(v) ? null : scalarToString(v))).filter((v): v is string => v !== null);
    return parts.length ? parts.join(', ') : null;
  }
  return null;
}

export function splitFrontMatter(text: string): FrontMatterResult {
  const m = FRONT_MATTER.exec(text);
  if (!m) return { fields: {}, body: text, error: null };
  const body = text.slice(m[0].length);
  try {
    // Dates stay strings: the core schema has no timestamp type, so offsets survive. Aliases are
    // shared references in js-yaml, never copies, so an alias bomb costs nothing to load.
    const data: unknown = loadYaml(m[1] ?? '', { schema: CORE_SCHEMA });
    const fields: Record<string, string> = {};
    if (data && typeof data === 'object' && !Array.isArray(data)) {
      for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
        const s = scalarToString(v);
        if (s !== null) fields[k.toLowerCase()] = s;
      }
    }
    return { fields, body, error: null };
  } catch (e) {
    return { fields: {}, body, error: e instanceof Error ? e.message : String(e) };
  }
}

const INLINE_SYNTAX = /[![<*_~`\\&]/;
/** Runs that the paragraph tidy-up collapses to one space (a lone space is left as it is). */
const LOOSE_SPACE = /[\t\u00a0]| {2}/;

/** Inline Markdown to text: links, images, emphasis, code, escapes, inline HTML. */
export function markdownInlineToText(line: string): string {
  // Every rule below needs one of these characters: most paragraphs of prose have none of them.
  if (!INLINE_SYNTAX.test(line)) return line;
  return line
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)/g, '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/<((?:https?|mailto):[^>\s]+)>/g, '$1')
    .replace(/<\/?[a-zA-Z][^>]*>/g, '')
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
    .replace(/(^|[^\w*\\])\*(?=\S)([^*]*?\S)\*(?!\w)/g, '$1$2')
    .replace(/(^|[^\w\\])_(?=\S)([^_]*?\S)_(?!\w)/g, '$1$2')
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!|>~<"'$&])/g, '$1')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

const LIST_ITEM = /^\s{0,3}(?:[-*+•]|\d{1,3}[.)])\s+/;
const HEADING = /^\s{0,3}#{1,6}\s+/;
const RULE = /^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$/;
const SETEXT = /^\s{0,3}(?:=+|-+)\s*$/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$/;
const REFERENCE_DEFINITION = /^\s{0,3}\[[^\]]+\]:\s+\S+/;

/**
 * Block-level Markdown to text. Paragraphs (hard-wrapped lines joined) are separated by "\n\n";
 * headings, list items and table rows become their own paragraphs so sentences never run together.
 */
export function markdownToText(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const blocks: string[] = [];
  let current: string[] = [];
  let fence: string | null = null;
  const flush = (): void => {
    if (current.length) {
      let text = markdownInlineToText(current.join(' '));
      if (LOOSE_SPACE.test(text)) text = text.replace(/[ \t\u00a0]+/g, ' ');
      text = text.trim();
      // Ornaments such as the "###" end mark of press releases carry no text.
      if (text && /[\p{L}\p{N}]/u.test(text)) blocks.push(text);
      current = [];
    }
  };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const fenceMatch = /^\s{0,3}(`{3,}|~{3,})/.exec(raw);
    if (fence !== null) {
      if (fenceMatch && fenceMatch[1]!.startsWith(fence)) { fence = null; flush(); continue; }
      current.push(raw.trim());
      continue;
    }
    if (fenceMatch) { flush(); fence = fenceMatch[1]!; continue; }
    const line = raw.replace(/^\s{0,3}>\s?/, '');
    if (line.trim() === '' || line.trim() === '\u00a0') { flush(); continue; }
    if (REFERENCE_DEFINITION.test(line)) continue;
    if (TABLE_SEPARATOR.test(line) && line.includes('-') && line.includes('|')) continue;
    if (RULE.test(line)) { flush(); continue; }
    if (SETEXT.test(line) && current.length) { flush(); continue; }
    if (HEADING.test(line)) {
      flush();
      current.push(line.replace(HEADING, '').replace(/\s+#+\s*$/, ''));
      flush();
      continue;
    }
    if (/^\s*\|.*\|\s*$/.test(line)) {
      flush();
      current.push(line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim()).filter(Boolean).join(' | '));
      flush();
      continue;
    }
    if (LIST_ITEM.test(line)) {
      flush();
      current.push(line.replace(LIST_ITEM, ''));
      continue;
    }
    current.push(line.trim());
  }
  flush();
  return blocks.join('\n\n');
}

/** A Markdown heading on the first non-empty line, if any. */
export function leadingHeading(markdown: string): string | null {
  const first = markdown.split('\n').find((l) => l.trim() !== '');
  if (!first || !HEADING.test(first)) return null;
  return markdownInlineToText(first.replace(HEADING, '').replace(/\s+#+\s*$/, '')).trim() || null;
}

/** Whether the text looks like Markdown rather than plain prose. */
export function looksLikeMarkdown(text: string): boolean {
  const sample = text.slice(0, 20_000);
  let score = 0;
  if (/^#{1,6}\s+\S/m.test(sample)) score += 2;
  if (/\[[^\]]+\]\((?:https?:|\/|#)[^)]*\)/.test(sample)) score += 2;
  if (/^\s{0,3}[-*+]\s+\S/m.test(sample)) score += 1;
  if (/\*\*[^*\n]+\*\*/.test(sample)) score += 1;
  if (/^```/m.test(sample)) score += 1;
  return score >= 2;
}
