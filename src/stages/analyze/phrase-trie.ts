// A trie over token sequences: phrases are compiled once, then matched at every token position in
// time proportional to the match length. Used for the gazetteer, cue verbs, keywords and triggers.
import { tokenize, type Token } from './tokenizer.js';

export type KeyMode = 'exact' | 'lower';

interface Node<V> {
  next: Map<string, Node<V>> | null;
  values: V[] | null;
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

export class PhraseTrie<V> {
  private readonly root: Node<V> = { next: null, values: null };
  readonly mode: KeyMode;
  /** Accept a plural "s"/"es" on the last token (for keywords). */
  private readonly plurals: boolean;
  size = 0;

  constructor(mode: KeyMode, options: { plurals?: boolean } = {}) {
    this.mode = mode;
    this.plurals = options.plurals ?? false;
  }

  /** Add a phrase (tokenized like document text). Returns false when it has no tokens. */
  add(phrase: string, value: V): boolean {
    const toks = tokenize(phrase);
    if (toks.length === 0) return false;
    let node = this.root;
    for (const t of toks) {
      const k = tokenKey(t, this.mode);
      if (!node.next) node.next = new Map();
      let child = node.next.get(k);
      if (!child) {
        child = { next: null, values: null };
        node.next.set(k, child);
      }
      node = child;
    }
    if (!node.values) node.values = [];
    node.values.push(value);
    this.size++;
    return true;
  }

  /** The longest phrase starting at token `i`, or null. `limit` is an exclusive token bound. */
  longestAt(tokens: readonly Token[], i: number, limit = tokens.length): PhraseMatch<V> | null {
    let node: Node<V> | undefined = this.root;
    let best: PhraseMatch<V> | null = null;
    for (let j = i; j < limit && node?.next; j++) {
      const key = tokenKey(tokens[j]!, this.mode);
      const child: Node<V> | undefined = node.next.get(key);
      if (!child) {
        if (this.plurals) {
          // A plural form ending a phrase: "soybeans" for "soybean", "tariffs" for "tariff".
          const es = key.endsWith('es') ? node.next.get(key.slice(0, -2)) : undefined;
          const s = key.endsWith('s') ? node.next.get(key.slice(0, -1)) : undefined;
          const hit = es?.values ? es : s?.values ? s : undefined;
          if (hit?.values) best = { start: i, end: j + 1, values: hit.values };
        }
        break;
      }
      node = child;
      if (node.values) best = { start: i, end: j + 1, values: node.values };
    }
    return best;
  }

  /** Values of every phrase starting at token `i` (all lengths). */
  allAt(tokens: readonly Token[], i: number, limit = tokens.length): V[] {
    const out: V[] = [];
    let node: Node<V> | undefined = this.root;
    for (let j = i; j < limit && node?.next; j++) {
      node = node.next.get(tokenKey(tokens[j]!, this.mode));
      if (node?.values) out.push(...node.values);
    }
    return out;
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
}
