// Readability over a linkedom document, with a few of its internals answered the cheap way for
// linkedom. Each gives exactly what Readability's own code gives there (html-extractor.test.ts
// compares them with stock Readability, so an upgrade that changes their meaning shows up):
// - _getAllNodesWithTag: Readability calls querySelectorAll("a,b,…"), and linkedom compiles the
//   selector with css-select on every call (thousands per page). A walk over element children in
//   document order, matching the tag name in either case as css-select does for HTML, returns the
//   same nodes in the same order.
// - _isProbablyVisible: Readability reads node.style, for which linkedom builds a CSSStyleDeclaration
//   proxy per element. The display/visibility values are read from the style attribute with
//   linkedom's own parsing rule (inlineStyleValue).
// - _isElementWithoutContent: Readability builds the textContent of every div and section it
//   walks; the walk here stops at the first text that is not white space.
// For a reader that only makes Readability's first pass (firstPassOnly), _removeFlag — called only
// when Readability is about to retry — stops it instead, and the body snapshot Readability keeps
// for retries is not taken. These are internals of the pinned Readability version (package.json);
// a release that renames them simply stops using the overrides.
import { Readability } from '@mozilla/readability';
import { inlineStyleValue } from './html-slimmer.js';

/** The DOM surface the overrides use; linkedom elements (and documents) satisfy it. */
interface WalkedNode {
  nodeType: number;
  nodeValue: string | null;
  localName: string;
  firstChild: WalkedNode | null;
  nextSibling: WalkedNode | null;
  firstElementChild: WalkedNode | null;
  nextElementSibling: WalkedNode | null;
  parentNode: WalkedNode | null;
  children: ArrayLike<WalkedNode>;
  className: unknown;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  getElementsByTagName(tagName: string): ArrayLike<WalkedNode>;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

/** The node after `node` in document order, staying inside `root`. */
function nextInTree(node: WalkedNode, root: WalkedNode): WalkedNode | null {
  if (node.firstChild) return node.firstChild;
  let at: WalkedNode | null = node;
  while (at && at !== root) {
    if (at.nextSibling) return at.nextSibling;
    at = at.parentNode;
  }
  return null;
}

export type Article<T> = NonNullable<ReturnType<Readability<T>['parse']>>;

export interface ReadOptions<T> {
  charThreshold: number;
  serializer: (node: unknown) => T;
  /**
   * Give up, with retried = true, instead of making the retry passes Readability makes when its
   * first pass finds too little text (used when the caller will retry on a fuller document).
   */
  firstPassOnly?: boolean;
  /** Stock Readability, without the linkedom shortcuts (a reference for tests). */
  stock?: boolean;
}

export interface ReadResult<T> {
  article: Article<T> | null;
  /** Readability's first pass found too little text (so it retried, or would have), or it failed. */
  retried: boolean;
}

/** Thrown inside Readability to stop it before a retry pass; never escapes readArticle. */
class RetryStop extends Error {}

export class LinkedomReadability<T> extends Readability<T> {
  firstPassOnly = false;

  _getAllNodesWithTag(root: WalkedNode, tagNames: string[]): WalkedNode[] {
    const wanted = new Set<string>();
    for (const t of tagNames) {
      wanted.add(t.toLowerCase());
      wanted.add(t.toUpperCase());
    }
    const found: WalkedNode[] = [];
    let node = root.firstElementChild;
    while (node) {
      if (wanted.has(node.localName)) found.push(node);
      const child = node.firstElementChild;
      if (child) {
        node = child;
        continue;
      }
      // No children: the next sibling, or the next sibling of the nearest ancestor that has one.
      while (node && node !== root) {
        const next: WalkedNode | null = node.nextElementSibling;
        if (next) {
          node = next;
          break;
        }
        node = node.parentNode;
      }
      if (!node || node === root) break;
    }
    return found;
  }

  _isProbablyVisible(node: WalkedNode): boolean {
    const style = node.getAttribute('style');
    if (style !== null && (inlineStyleValue(style, 'display') === 'none' || inlineStyleValue(style, 'visibility') === 'hidden')) return false;
    if (node.hasAttribute('hidden')) return false;
    if (!node.hasAttribute('aria-hidden') || node.getAttribute('aria-hidden') !== 'true') return true;
    // Wikimedia marks math fallback images aria-hidden; Readability keeps those.
    const className = node.className;
    return typeof className === 'string' && className.includes('fallback-image');
  }

  /**
   * Readability's test: no text (textContent.trim() is empty) and no children but <br>/<hr>. linkedom
   * builds textContent as one string per call, for every div and section walked; this stops at the
   * first text that is not white space.
   */
  _isElementWithoutContent(node: WalkedNode): boolean {
    if (node.nodeType !== ELEMENT_NODE) return false;
    for (let at = node.firstChild; at; at = nextInTree(at, node)) {
      if ((at.nodeType === TEXT_NODE || at.nodeType === CDATA_SECTION_NODE) && (at.nodeValue ?? '').trim().length > 0) return false;
    }
    // Rare (no text at all), so Readability's own element test as it is.
    const children = node.children.length;
    return children === 0 || children === node.getElementsByTagName('br').length + node.getElementsByTagName('hr').length;
  }

  /** Readability calls this only when its pass found too little text and it is about to retry. */
  _removeFlag(flag: number): void {
    if (this.firstPassOnly) throw new RetryStop();
    (Readability.prototype as unknown as { _removeFlag(this: unknown, flag: number): void })._removeFlag.call(this, flag);
  }
}

/** Readability's article from a linkedom document; Readability mutates the document. */
export function readArticle<T>(document: object, options: ReadOptions<T>): ReadResult<T> {
  const readerOptions = {
    charThreshold: options.charThreshold,
    serializer: options.serializer,
    // Class names never survive our sanitiser, so Readability need not strip them one by one.
    keepClasses: !options.stock,
  };
  const reader = options.stock ? new Readability<T>(document as Document, readerOptions) : new LinkedomReadability<T>(document as Document, readerOptions);
  if (reader instanceof LinkedomReadability) reader.firstPassOnly = options.firstPassOnly === true;
  // Readability serialises the whole body before its first pass, to restore it for a retry pass.
  // A first-pass-only reader never retries, so that snapshot can be empty.
  let body = options.firstPassOnly && !options.stock ? (document as { body?: object | null }).body ?? null : null;
  try {
    if (body) Object.defineProperty(body, 'innerHTML', { configurable: true, get: () => '', set: () => undefined });
  } catch {
    body = null; // (an element that takes no own properties: Readability then snapshots as usual)
  }
  try {
    const article = reader.parse();
    const attempts = (reader as unknown as { _attempts?: unknown })._attempts;
    // Readability records every pass that fell short in _attempts; if that field ever goes, assume the worst.
    return { article, retried: !article || !Array.isArray(attempts) || attempts.length > 0 };
  } catch {
    // Readability throws on pathological documents; RetryStop is our own early stop.
    return { article: null, retried: true };
  } finally {
    if (body) delete (body as { innerHTML?: unknown }).innerHTML;
  }
}
