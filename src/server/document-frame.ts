// The page shown inside the dashboard's sandboxed iframe: a stored document's sanitised HTML (or,
// without HTML, its text escaped into paragraphs). The frame's own CSP forbids scripts and every
// fetch, so even a sanitiser miss cannot run code or phone home.
import type { Document } from '../domain/index.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

const FRAME_STYLE = 'body{font:16px/1.55 Georgia,serif;color:#1a1a1a;background:#fff;max-width:42rem;margin:1rem auto;padding:0 1rem}img,video,iframe,object,embed{display:none}a{color:#0b4f8a}';

export function renderDocumentFrame(doc: Pick<Document, 'title' | 'text' | 'lang'> & { html?: string | null | undefined }): string {
  const body = typeof doc.html === 'string' && doc.html.length > 0
    ? doc.html
    : doc.text.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const lang = doc.lang !== null && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(doc.lang) ? doc.lang : 'und';
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">`
    + `<title>${escapeHtml(doc.title)}</title><style>${FRAME_STYLE}</style></head><body>${body}</body></html>`;
}
