// Normalised text, content hashes and document ids. The hash is over a whitespace-collapsed NFC
// form so that re-wrapped or re-indented copies of the same text hash identically.
import { createHash } from 'node:crypto';

/** NFC, all whitespace runs collapsed to one space, trimmed: the form that is hashed. */
export function normaliseForHash(text: string): string {
  return text.normalize('NFC').replace(WHITESPACE_TO_COLLAPSE, ' ').trim();
}

/**
 * Whitespace runs other than a lone space: replacing only these gives what replacing every run
 * (/\s+/g) gives, at a third of the cost on prose, where most runs are one space.
 */
const WHITESPACE_TO_COLLAPSE = /[^\S ]\s*| \s+/g;

export function sha256Hex(input: string | Uint8Array): string {
  return createHash('sha256').update(input).digest('hex');
}

/** sha256 hex of the normalised text. */
export function contentHashOf(text: string): string {
  return sha256Hex(normaliseForHash(text));
}

/**
 * 'd_' + 16 hex of sha256 of the canonical URL (with the publication day, when known, appended
 * after '#'), else of the content hash. The day keeps apart different statements that a CMS
 * published under one reused URL (the White House corpus has five such URLs, e.g. ".../auto-draft/"),
 * while edits of one page — same URL, same publication day — keep their id and become versions.
 */
export function documentIdOf(canonicalUrl: string | null, contentHash: string, publishedAt: string | null = null): string {
  const day = publishedAt && /^\d{4}-\d{2}-\d{2}/.test(publishedAt) ? publishedAt.slice(0, 10) : null;
  const key = canonicalUrl ? (day ? `${canonicalUrl}#${day}` : canonicalUrl) : contentHash;
  return 'd_' + sha256Hex(key).slice(0, 16);
}

/**
 * Tidy extracted text while keeping its structure: NFC, no carriage returns or NBSP runs,
 * spaces collapsed inside lines, at most one blank line between paragraphs.
 */
export function tidyText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]/g, (c) => (c === '\u3000' ? '\u3000' : ' '))
    .replace(/[\u200b\u2060\ufeff]/g, '')
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
