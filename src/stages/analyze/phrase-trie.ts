// A trie over token sequences: phrases are compiled once, then matched at every token position in
// time proportional to the match length. Used for the gazetteer, cue verbs, keywords and triggers.
// Matching runs at every token of every document: it allocates nothing until it has a match, and
// most tokens are turned away by a bit test on their precomputed key hash, before any map lookup.
import { keyHash, phraseTokens, type Token } from './tokenizer.js';

export type KeyMode = 'exact' | 'lower';

interface Node<V> {
  next: Map<string, Node<V>> | null;
  values: V[] | null;
  /**
   * Compiled (see PhraseTrie.compile): this node's bit set over the hashes of its child keys (and,
   * for plural tries, their plural forms) is `bitMask + 1` bits of the trie's `bits` from word
   * `bitOffset`. A clear bit means no child and no plural form can match; a set bit only means
   * "look in the map", so hash collisions cost time, never a wrong match.
   */
  bitOffset: number;
  bitMask: number;
  /**
   * For plural tries: the plural surface forms ("tariffs", "taxes") of the children that end a
   * phrase, to the values of that child, so a miss costs one lookup and no string slicing.
   */
  plural: Map<string, V[]> | null;
}

/** Curly apostrophes are folded so "China’s" and "China's" match alike. */
export function foldKey(s: string): string {
  return s.indexOf('\u2019') >= 0 ? s.replace(/\u2019/g, "'") : s;
}

export function tokenKey(t: Token, mode: KeyMode): string {
  return mode === 'exact' ? t.key : t.lkey;
}

export interface PhraseMatch<V> {
  /** Token index of the first token. */
  start: number;
  /** Token index one past the last token. */
  end: number;
  values: V[];
}

function newNode<V>(): Node<V> {
  return { next: null, values: null, bitOffset: 0, bitMask: 0, plural: null };
}

/** `key` + `suffix` as a flat string (a concatenation would be a "cons" string: slower map keys). */
function pluralOf(key: string, suffix: string): string {
  return [key, suffix].join('');
}

/**
 * Plural forms of the children of `next` that end a phrase. A key ending in "es" tries the stem
 * without "es" before the stem without "s" ("taxes" → "tax" before "taxe"), as a lookup at match
 * time would: the "es" entries are written last so they win.
 */
function pluralForms<V>(next: Map<string, Node<V>>): Map<string, V[]> {
  const forms = new Map<string, V[]>();
  for (const [key, child] of next) if (child.values) forms.set(pluralOf(key, 's'), child.values);
  for (const [key, child] of next) if (child.values) forms.set(pluralOf(key, 'es'), child.values);
  return forms;
}

export class PhraseTrie<V> {
  private readonly root: Node<V> = newNode();
  readonly mode: KeyMode;
  /** Match on the exact key (true) or the lowercased key (false); `mode` as a flag for hot loops. */
  private readonly exact: boolean;
  /** Accept a plural "s"/"es" on the last token (for keywords). */
  private readonly plurals: boolean;
  /** The bit sets of all nodes (see Node); rebuilt on the first match after an `add`. */
  private bits: Uint32Array = new Uint32Array(1);
  private compiled = false;
  size = 0;

  constructor(mode: KeyMode, options: { plurals?: boolean } = {}) {
    this.mode = mode;
    this.exact = mode === 'exact';
    this.plurals = options.plurals ?? false;
  }

  /** Add a phrase (tokenized like document text). Returns false when it has no tokens. */
  add(phrase: string, value: V): boolean {
    const toks = phraseTokens(phrase);
    if (toks.length === 0) return false;
    let node = this.root;
    for (const t of toks) {
      const k = tokenKey(t, this.mode);
      if (!node.next) node.next = new Map();
      let child = node.next.get(k);
      if (!child) {
        child = newNode();
        node.next.set(k, child);
      }
      node = child;
    }
    if (!node.values) node.values = [];
    node.values.push(value);
    this.size++;
    this.compiled = false;
    return true;
  }

  /**
   * Can a phrase start with this token? The root's bit test, small enough to be inlined where
   * matches are tried at every token, so most tokens cost no call.
   */
  private mayStartAt(t: Token): boolean {
    if (!this.compiled) this.compile();
    return this.mayContinue(this.root, t);
  }

  /** The node's bit test: false means no child (nor plural form) of `node` can be `t`. */
  private mayContinue(node: Node<V>, t: Token): boolean {
    const b = (this.exact ? t.keyHash : t.lkeyHash) & node.bitMask;
    return (this.bits[node.bitOffset + (b >>> 5)]! & (1 << (b & 31))) !== 0;
  }

  /** The longest phrase starting at token `i`, or null. `limit` is an exclusive token bound. */
  longestAt(tokens: readonly Token[], i: number, limit = tokens.length): PhraseMatch<V> | null {
    return i < limit && this.mayStartAt(tokens[i]!) ? this.longestFrom(tokens, i, limit) : null;
  }

  private longestFrom(tokens: readonly Token[], i: number, limit: number): PhraseMatch<V> | null {
    let node = this.root;
    let bestEnd = -1;
    let bestValues: V[] | null = null;
    for (let j = i; j < limit; j++) {
      const next = node.next;
      if (next === null) break;
      const t = tokens[j]!;
      if (!this.mayContinue(node, t)) break;
      const key = this.exact ? t.key : t.lkey;
      const child = next.get(key);
      if (child === undefined) {
        // A plural form ending a phrase: "soybeans" for "soybean", "tariffs" for "tariff".
        const hit = node.plural?.get(key);
        if (hit !== undefined) {
          bestEnd = j + 1;
          bestValues = hit;
        }
        break;
      }
      node = child;
      if (child.values !== null) {
        bestEnd = j + 1;
        bestValues = child.values;
      }
    }
    return bestValues === null ? null : { start: i, end: bestEnd, values: bestValues };
  }

  /** Is there a phrase starting at token `i`? (`longestAt(...) !== null` without the match object.) */
  hasAt(tokens: readonly Token[], i: number, limit = tokens.length): boolean {
    if (i >= limit || !this.mayStartAt(tokens[i]!)) return false;
    let node = this.root;
    for (let j = i; j < limit; j++) {
      const next = node.next;
      if (next === null) break;
      const t = tokens[j]!;
      if (!this.mayContinue(node, t)) break;
      const key = this.exact ? t.key : t.lkey;
      const child = next.get(key);
      if (child === undefined) return node.plural !== null && node.plural.has(key);
      if (child.values !== null) return true;
      node = child;
    }
    return false;
  }

  /** Adds the values of every phrase starting at token `i` (all lengths) to `into`. */
  addAllAt(tokens: readonly Token[], i: number, limit: number, into: Set<V>): void {
    if (!this.compiled) this.compile();
    let node = this.root;
    for (let j = i; j < limit; j++) {
      const next = node.next;
      if (next === null) return;
      const t = tokens[j]!;
      if (!this.mayContinue(node, t)) return;
      const child = next.get(this.exact ? t.key : t.lkey);
      if (child === undefined) return;
      if (child.values !== null) for (const v of child.values) into.add(v);
      node = child;
    }
  }

  /** Is there any phrase in tokens[from, to)? (`scan(...).length > 0` without the matches.) */
  anyIn(tokens: readonly Token[], from = 0, to = tokens.length): boolean {
    for (let i = from; i < to; i++) if (this.hasAt(tokens, i, to)) return true;
    return false;
  }

  /** Leftmost-longest, non-overlapping matches over tokens[from, to). */
  scan(tokens: readonly Token[], from = 0, to = tokens.length): PhraseMatch<V>[] {
    const out: PhraseMatch<V>[] = [];
    let i = from;
    while (i < to) {
      const m = this.longestAt(tokens, i, to);
      if (m) {
        out.push(m);
        i = m.end;
      } else i++;
    }
    return out;
  }

  /**
   * Builds every node's bit set (about 32 bits per key it must let through, a power of two) and,
   * for plural tries, its plural forms. Runs on the first match after phrases were added.
   */
  private compile(): void {
    const inner: { node: Node<V>; hashes: number[] }[] = [];
    let words = 0;
    const stack: Node<V>[] = [this.root];
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      node.plural = null;
      node.bitOffset = 0;
      node.bitMask = 0;
      if (node.next === null) continue;
      const hashes: number[] = [];
      for (const [key, child] of node.next) {
        hashes.push(keyHash(key));
        if (this.plurals && child.values) hashes.push(keyHash(pluralOf(key, 's')), keyHash(pluralOf(key, 'es')));
        stack.push(child);
      }
      if (this.plurals) node.plural = pluralForms(node.next);
      let size = 32;
      while (size < hashes.length * 32) size *= 2;
      node.bitOffset = words;
      node.bitMask = size - 1;
      words += size >>> 5;
      inner.push({ node, hashes });
    }
    const bits = new Uint32Array(Math.max(1, words));
    for (const { node, hashes } of inner) {
      for (const h of hashes) {
        const b = h & node.bitMask;
        bits[node.bitOffset + (b >>> 5)]! |= 1 << (b & 31);
      }
    }
    this.bits = bits;
    this.compiled = true;
  }
}
