// Allow-list sanitiser for the main content we keep as HTML. What survives is inert markup:
// no scripts, styles, event handlers, frames, forms, images, or non-http(s) links.
import sanitizeHtml from 'sanitize-html';

const ALLOWED_TAGS = [
  'p', 'a', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'em', 'strong', 'b', 'i',
  'figure', 'figcaption', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'br', 'hr',
  'pre', 'code', 'sup', 'sub', 'dl', 'dt', 'dd', 'q', 'cite', 'abbr', 'time',
];

/** An absolute http(s) URL for href against base, or null for anything else (javascript:, data:, junk). */
export function absoluteHttpUrl(href: string | null | undefined, base: string | null): string | null {
  if (!href) return null;
  try {
    const u = base ? new URL(href, base) : new URL(href);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** Sanitise main-content HTML; relative links are resolved against `baseUrl` or dropped. */
export function sanitiseContentHtml(html: string, baseUrl: string | null): string {
  return sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: { a: ['href', 'rel'], th: ['colspan', 'rowspan', 'scope'], td: ['colspan', 'rowspan'], time: ['datetime'], abbr: ['title'] },
    allowedSchemes: ['http', 'https'],
    allowedSchemesByTag: {},
    allowedSchemesAppliedToAttributes: ['href'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    // Only elements whose content is code or chrome lose their text; the tags of the rest are dropped.
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'select'],
    transformTags: {
      a: (tagName, attribs) => {
        const href = absoluteHttpUrl(attribs.href, baseUrl);
        return href
          ? { tagName, attribs: { href, rel: 'nofollow noopener noreferrer' } }
          : { tagName: 'span', attribs: {} };
      },
    },
    exclusiveFilter: (frame) => frame.tag === 'p' && !frame.text.trim() && !frame.mediaChildren.length,
  });
}
