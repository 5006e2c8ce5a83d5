// A cheap pass over the page source, before the DOM is built, that cuts out what neither
// Readability nor our metadata reader ever looks at: scripts (JSON-LD is kept), styles, comments,
// templates, the drawing inside inline SVG, <noscript> without an image, <link> other than
// rel=canonical, and the attributes nobody reads (data-*, on*, inline style without
// display/visibility…). Building a DOM node in linkedom costs about ten times more than
// tokenising it, and every node that is never built is also one that Readability never walks,
// measures, serialises or re-parses.
//
// Optionally it also prunes what Readability's own walk removes before it scores anything:
// hidden elements and "unlikely candidates" (by Readability's own patterns, read from the
// library), and whitespace-only text beside block boundaries. Pruning keeps every subtree that
// holds something read before or outside that walk (headings for the title, <meta>, JSON-LD,
// <time>, the canonical link) and never cuts inside a heading or a byline candidate, whose text
// Readability measures and returns.
//
// The cut follows htmlparser2's own Parser — the tokenizer and tree rules linkedom itself uses —
// so each cut spans exactly one element (with its implied end) and the DOM built from the slimmed
// source is the original DOM minus those subtrees, attributes and text. Kept markup is copied
// verbatim. This pass is not a security boundary: what is stored still goes through the
// allow-list sanitiser.
import { Parser } from 'htmlparser2';
import { Readability } from '@mozilla/readability';

export interface SlimOptions {
  /** Cut elements Readability removes as hidden (display:none, visibility:hidden, hidden, aria-hidden, modal dialogs). */
  pruneHidden?: boolean;
  /**
   * Cut Readability's unlikely candidates (class/id patterns, navigation roles). Readability removes
   * them only on its first attempt, so a caller must re-run on an unpruned source when it retries.
   */
  pruneUnlikely?: boolean;
  /** Cut whitespace-only text next to a block element's start or end tag (never inside <pre>). */
  dropBlockWhitespace?: boolean;
  /** Rewrite start tags without the attributes nobody reads. Default true. */
  dropUnreadAttributes?: boolean;
}

// What each element name means to this pass, as bits of one lookup.
/** The whole subtree goes: Readability removes it, or nothing reads it. */
const DROPPED = 1;
/**
 * The content goes, the start and end tags stay: an inline SVG icon's drawing is never read, but
 * its presence changes how Readability judges its parent (an icon plus a number).
 */
const HOLLOWED = 2;
/** Readability scans every attribute (lazy images, noscript images, embedded video, metadata). */
const ALL_ATTRIBUTES_READ = 4;
/** Foreign content: a trailing "/>" can matter, so start tags inside are never rewritten. */
const FOREIGN_ROOT = 8;
/** Read before or outside Readability's walk: a subtree holding one is never pruned. */
const ANCHOR = 16;
/** Readability measures or returns its text (title heuristics, duplicate-title headers). */
const TEXT_JUDGED = 32;
/** Never pruned: the document frame, and noscript (Readability may move its image out). */
const NEVER_PRUNED = 64;
/** Whitespace inside is kept. */
const WHITESPACE_KEPT = 128;
/**
 * Start and end tags end a line both in a browser and in html-text.ts: whitespace beside them is
 * void. (Not <meta> or <link>: in the body they sit inline, and whitespace beside them separates words.)
 */
const BLOCK = 256;

const TAG_BITS = new Map<string, number>();
const mark = (bits: number, names: string[]): void => {
  for (const n of names) TAG_BITS.set(n, (TAG_BITS.get(n) ?? 0) | bits);
};
mark(DROPPED, ['script', 'style', 'template']);
mark(HOLLOWED | FOREIGN_ROOT, ['svg']);
mark(FOREIGN_ROOT, ['math']);
mark(ALL_ATTRIBUTES_READ, ['html', 'img', 'picture', 'figure', 'source', 'object', 'embed', 'iframe', 'video', 'audio', 'meta', 'link', 'script', 'base']);
mark(ANCHOR, ['h1', 'h2', 'title', 'meta', 'script', 'link', 'time', 'base']);
mark(TEXT_JUDGED, ['h1', 'h2']);
mark(NEVER_PRUNED, ['html', 'head', 'body', 'noscript']);
mark(WHITESPACE_KEPT, ['pre', 'textarea', 'listing', 'xmp', 'plaintext']);
mark(BLOCK, [
  'address', 'article', 'aside', 'blockquote', 'caption', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main',
  'nav', 'ol', 'p', 'section', 'summary', 'table', 'tbody', 'tfoot', 'thead', 'tr', 'td', 'th', 'ul', 'body',
  'html', 'head',
]);

/**
 * Attributes that something downstream reads: Readability (scoring, visibility, bylines, data
 * tables, metadata), our metadata reader, the sanitiser's allow-list and <html lang/dir>.
 * Compared lower-cased.
 */
const READ_ATTRIBUTES = new Set([
  'id', 'class', 'hidden', 'aria-hidden', 'aria-modal', 'role', 'itemprop', 'rel', 'href', 'name', 'content',
  'property', 'http-equiv', 'charset', 'src', 'srcset', 'poster', 'type', 'dir', 'lang', 'xml:lang', 'colspan',
  'rowspan', 'scope', 'summary', 'datatable', 'datetime', 'pubdate',
]);
/** Attributes read only on some elements. */
const READ_ATTRIBUTES_BY_TAG = new Map<string, ReadonlySet<string>>([['abbr', new Set(['title'])]]);
/** Inline style is read only for display and visibility (Readability's visibility test). */
const STYLE_READ = /display|visibility/i;
const WHITESPACE_ONLY = /^[ \t\n\r\f]*$/;

interface ReadabilityPatterns {
  unlikelyCandidates: RegExp;
  okMaybeItsACandidate: RegExp;
  byline: RegExp;
  unlikelyRoles: ReadonlySet<string>;
}

/** Readability's own patterns, so that pruning follows the library rather than a copy of it. */
function readabilityPatterns(): ReadabilityPatterns | null {
  const proto = Readability.prototype as unknown as { REGEXPS?: Record<string, unknown>; UNLIKELY_ROLES?: unknown };
  const re = proto.REGEXPS;
  const roles = proto.UNLIKELY_ROLES;
  if (!re || !(re['unlikelyCandidates'] instanceof RegExp) || !(re['okMaybeItsACandidate'] instanceof RegExp)
    || !(re['byline'] instanceof RegExp) || !Array.isArray(roles)) return null;
  return {
    unlikelyCandidates: re['unlikelyCandidates'], okMaybeItsACandidate: re['okMaybeItsACandidate'], byline: re['byline'],
    unlikelyRoles: new Set(roles.filter((r): r is string => typeof r === 'string')),
  };
}
const PATTERNS = readabilityPatterns();

/** linkedom's reading of an inline style: "key: value" pairs split on ";", the last one wins. */
export function inlineStyleValue(style: string, key: string): string | null {
  let found: string | null = null;
  for (const rule of style.split(/\s*;\s*/)) {
    const colon = rule.indexOf(':');
    if (colon < 0 || rule.slice(0, colon).trim() !== key) continue;
    const value = rule.slice(colon + 1).trim();
    if (value) found = value;
  }
  return found;
}

/** The attributes of one start tag that this pass looks at, read in one sweep. */
class TagAttributes {
  cls: string | undefined;
  id: string | undefined;
  style: string | undefined;
  hidden = false;
  ariaHidden: string | undefined;
  ariaModal: string | undefined;
  role: string | undefined;
  rel: string | undefined;
  itemprop: string | undefined;
  type: string | undefined;
  /** The start tag without unread attributes; null when every attribute is read. */
  rewritten: string | null = null;

  constructor(name: string, attribs: Record<string, string>, rewrite: boolean) {
    const byTag = rewrite ? READ_ATTRIBUTES_BY_TAG.get(name) : undefined;
    let tag = `<${name}`;
    let dropped = false;
    for (const key in attribs) {
      const value = attribs[key]!;
      // Exact names, as linkedom's getAttribute finds them (this parser keeps the source's case, as linkedom's does).
      switch (key) {
        case 'class': this.cls = value; break;
        case 'id': this.id = value; break;
        case 'style': this.style = value; break;
        case 'hidden': this.hidden = true; break;
        case 'aria-hidden': this.ariaHidden = value; break;
        case 'aria-modal': this.ariaModal = value; break;
        case 'role': this.role = value; break;
        case 'rel': this.rel = value; break;
        case 'itemprop': this.itemprop = value; break;
        case 'type': this.type = value; break;
      }
      if (!rewrite) continue;
      const lower = key.toLowerCase();
      if (READ_ATTRIBUTES.has(lower) || byTag?.has(lower) === true || (lower === 'style' && STYLE_READ.test(value))) {
        // Values are raw source text (entities undecoded), so only the quote needs escaping.
        tag += ` ${key}="${value.includes('"') ? value.replace(/"/g, '&quot;') : value}"`;
      } else {
        dropped = true;
      }
    }
    if (dropped) this.rewritten = `${tag}>`;
  }

  /** Readability's className + " " + id. */
  matchString(): string | null {
    return this.cls === undefined && this.id === undefined ? null : `${this.cls ?? ''} ${this.id ?? ''}`;
  }

  /** Readability's _isProbablyVisible, negated, plus its aria-modal dialog rule. */
  isHidden(): boolean {
    if (this.style !== undefined && (inlineStyleValue(this.style, 'display') === 'none' || inlineStyleValue(this.style, 'visibility') === 'hidden')) return true;
    if (this.hidden) return true;
    if (this.ariaHidden === 'true' && !(this.cls ?? '').includes('fallback-image')) return true;
    return this.ariaModal === 'true' && this.role === 'dialog';
  }

  /** Readability's _isValidByline, before its text-length test. */
  isBylineCandidate(matchString: string | null, patterns: ReadabilityPatterns): boolean {
    if (this.rel === 'author' || (this.itemprop ?? '').includes('author')) return true;
    return matchString !== null && patterns.byline.test(matchString);
  }

  /** Readability's unlikely-candidate test (class/id patterns, navigation roles). */
  isUnlikely(matchString: string | null, patterns: ReadabilityPatterns): boolean {
    if (this.role !== undefined && patterns.unlikelyRoles.has(this.role)) return true;
    return matchString !== null && patterns.unlikelyCandidates.test(matchString) && !patterns.okMaybeItsACandidate.test(matchString);
  }
}

const enum Fate { Keep, Drop, Hollow, Prune }

/** The whitespace run and tag kind before an element whose own fate is settled only at its end. */
interface WhitespaceState {
  pendingStart: number;
  pendingEnd: number;
  pendingAfterBlock: boolean;
  lastTagWasBlock: boolean;
}

class OpenElement {
  fate = Fate.Keep;
  /** The subtree holds an anchor. */
  anchored = false;
  /** The subtree holds an <img> (a <noscript> with one may be unwrapped by Readability). */
  hasImage: boolean;
  /** This element or an ancestor is a table or code (Readability keeps unlikely candidates there). */
  inTableOrCode = false;
  /** This element or an ancestor has its text measured or returned (heading, byline candidate). */
  inJudgedText = false;
  /** This element or an ancestor keeps its whitespace. */
  inPre = false;
  before: WhitespaceState | null = null;

  constructor(
    readonly name: string,
    readonly bits: number,
    /** Index of the "<" of the start tag; -1 when the parser implied the element. */
    readonly start: number,
    /** Index of the ">" of the start tag. */
    readonly openEnd: number,
  ) {
    this.hasImage = name === 'img';
  }
}

interface Cut {
  start: number;
  end: number;
  replacement: string;
}

/** The page source without the markup nobody reads; see the header comment for what goes. */
export function slimHtml(source: string, options: SlimOptions = {}): string {
  const patterns = PATTERNS;
  const pruneHidden = options.pruneHidden === true;
  const pruneUnlikely = options.pruneUnlikely === true && patterns !== null;
  const dropBlockWhitespace = options.dropBlockWhitespace === true;
  const dropUnreadAttributes = options.dropUnreadAttributes !== false;
  const judgeBylines = patterns !== null && (pruneHidden || pruneUnlikely || dropBlockWhitespace);
  const cuts: Cut[] = [];
  const open: OpenElement[] = [];
  /** Open elements inside a dropped or hollowed element (whose content is cut whole). */
  let insideCut = 0;
  let foreign = 0;
  // Whitespace-only text waiting for the next tag to tell whether it sits at a block boundary.
  let pendingStart = -1;
  let pendingEnd = -1;
  let pendingAfterBlock = false;
  let lastTagWasBlock = true;

  const cut = (start: number, end: number, replacement = ''): void => {
    // Cuts are kept in source order. One decided late (at an element's end, or whitespace settled
    // after a cut element) replaces the cuts inside it and goes before the ones after it.
    let after: Cut[] | null = null;
    while (cuts.length && cuts[cuts.length - 1]!.start >= start) {
      const later = cuts.pop()!;
      if (later.start >= end) (after ??= []).push(later);
    }
    cuts.push({ start, end: Math.min(end, source.length), replacement });
    if (after) for (let i = after.length - 1; i >= 0; i--) cuts.push(after[i]!);
  };
  /** A kept tag follows: cut the pending whitespace if either side of it is a block boundary. */
  const settleWhitespace = (tagIsBlock: boolean): void => {
    if (pendingStart >= 0 && (pendingAfterBlock || tagIsBlock)) cut(pendingStart, pendingEnd);
    pendingStart = -1;
    lastTagWasBlock = tagIsBlock;
  };

  const parser: Parser = new Parser({
    onopentag(name, attribs, isImplied) {
      const parent = open.length ? open[open.length - 1]! : null;
      const bits = TAG_BITS.get(name) ?? 0;
      const element = new OpenElement(name, bits, isImplied ? -1 : parser.startIndex, parser.endIndex);
      open.push(element);
      if (bits & FOREIGN_ROOT) foreign++;
      if (insideCut > 0) { insideCut++; return; }
      const tag = new TagAttributes(name, attribs, dropUnreadAttributes && foreign === 0 && !(bits & ALL_ATTRIBUTES_READ) && !isImplied);
      const matchString = judgeBylines || pruneUnlikely ? tag.matchString() : null;
      element.inTableOrCode = (parent?.inTableOrCode ?? false) || name === 'table' || name === 'code';
      element.inJudgedText = (parent?.inJudgedText ?? false) || (bits & TEXT_JUDGED) !== 0
        || (judgeBylines && tag.isBylineCandidate(matchString, patterns!));
      element.inPre = (parent?.inPre ?? false) || (bits & WHITESPACE_KEPT) !== 0;
      if (isImplied) return;
      const start = element.start;
      const end = parser.endIndex + 1;
      if (source.charCodeAt(start) !== 0x3c || source.charCodeAt(end - 1) !== 0x3e) { settleWhitespace(false); return; }

      if (bits & HOLLOWED) {
        settleWhitespace(false);
        element.fate = Fate.Hollow;
        insideCut = 1;
        return;
      }
      if ((bits & DROPPED) && !(name === 'script' && (tag.type ?? '').trim().toLowerCase() === 'application/ld+json')) {
        element.fate = Fate.Drop;
        insideCut = 1;
        return;
      }
      if (name === 'link' && !/(?:^|\s)canonical(?:\s|$)/i.test(tag.rel ?? '')) {
        cut(start, end);
        return;
      }
      if (bits & ANCHOR) element.anchored = true;
      if ((pruneHidden || pruneUnlikely) && !(bits & (ANCHOR | NEVER_PRUNED)) && !(parent?.inJudgedText ?? false)) {
        const prune = (pruneHidden && tag.isHidden())
          || (pruneUnlikely && name !== 'a' && !element.inTableOrCode && !element.inJudgedText && tag.isUnlikely(matchString, patterns!));
        if (prune) element.fate = Fate.Prune;
      }
      const isBlock = (bits & BLOCK) !== 0;
      if (element.fate === Fate.Prune || name === 'noscript') {
        // Whether the whitespace before it stays depends on whether the element does.
        element.before = { pendingStart, pendingEnd, pendingAfterBlock, lastTagWasBlock };
        pendingStart = -1;
        lastTagWasBlock = isBlock;
      } else {
        settleWhitespace(isBlock);
      }
      if (tag.rewritten !== null) cut(start, end, tag.rewritten);
    },
    onclosetag(name, isImplied) {
      const element = open.pop();
      if (!element) return;
      if (element.bits & FOREIGN_ROOT) foreign = Math.max(0, foreign - 1);
      const parent = open.length ? open[open.length - 1]! : null;
      if (parent) {
        parent.anchored ||= element.anchored;
        parent.hasImage ||= element.hasImage;
      }
      if (insideCut > 1) { insideCut--; return; }
      insideCut = 0;
      if (element.start < 0) return;
      // An explicit end tag goes with the element; an implied end stops before the token that
      // implied it (an ancestor's end tag, a start tag or the end of input), or after the start
      // tag when that closed itself.
      const end = !isImplied ? parser.endIndex + 1 : Math.max(parser.startIndex, element.openEnd + 1);
      if (element.fate === Fate.Drop) { cut(element.start, end); return; }
      if (element.fate === Fate.Hollow) {
        const contentEnd = Math.min(parser.startIndex, source.length);
        if (contentEnd > element.openEnd + 1) cut(element.openEnd + 1, contentEnd);
        settleWhitespace(false);
        return;
      }
      const before = element.before;
      if ((element.fate === Fate.Prune && !element.anchored) || (name === 'noscript' && !element.hasImage)) {
        // (Readability removes every <noscript> once it has unwrapped lone images from them.)
        cut(element.start, end);
        // The text around a cut element joins as if the element had never been there.
        if (before) ({ pendingStart, pendingEnd, pendingAfterBlock, lastTagWasBlock } = before);
        return;
      }
      const isBlock = (element.bits & BLOCK) !== 0;
      if (before && before.pendingStart >= 0 && (before.pendingAfterBlock || isBlock)) cut(before.pendingStart, before.pendingEnd);
      if (!isImplied) settleWhitespace(isBlock);
    },
    ontext(text) {
      if (insideCut > 0 || !dropBlockWhitespace) return;
      const element = open.length ? open[open.length - 1]! : null;
      if (element?.inPre || element?.inJudgedText || !WHITESPACE_ONLY.test(text)) {
        pendingStart = -1;
        lastTagWasBlock = false;
        return;
      }
      if (pendingStart < 0) {
        pendingStart = parser.startIndex;
        // Text directly in <head> is never shown or read.
        pendingAfterBlock = lastTagWasBlock || element?.name === 'head';
      }
      pendingEnd = parser.endIndex + 1;
    },
    oncomment() {
      if (insideCut > 0) return;
      cut(parser.startIndex, parser.endIndex + 1);
    },
  }, {
    // As linkedom parses: attribute names keep their case. Entities stay undecoded: kept markup
    // is copied as it is, and the few values this pass tests (class, style, role…) rarely hold any.
    lowerCaseAttributeNames: false,
    decodeEntities: false,
  });
  parser.end(source);
  if (pendingStart >= 0 && pendingAfterBlock) cut(pendingStart, pendingEnd);

  if (!cuts.length) return source;
  const parts: string[] = [];
  let at = 0;
  for (const c of cuts) {
    if (c.start < at) continue; // (cuts never overlap; a bug here would only keep markup)
    parts.push(source.slice(at, c.start));
    // A literal "<" in text right before a cut must not join what follows into a new tag
    // ("a <<!-- x -->b>"): an empty comment keeps them apart.
    parts.push(c.replacement === '' && c.start > at && source.charCodeAt(c.start - 1) === 0x3c ? '<!---->' : c.replacement);
    at = c.end;
  }
  parts.push(source.slice(at));
  return parts.join('');
}
