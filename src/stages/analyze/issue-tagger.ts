// Tags the issues a document talks about. Attention is counted per sentence (a sentence counts
// once per issue however many keywords it holds), narrower issues credit their `broader` ones,
// and weights are shares of the document's issue attention (they sum to 1).
import type { DocIssue, TextSpan } from '../../domain/index.js';
import type { IssueEntry } from '../../knowledge/index.js';
import type { DocContext, ResolvedMention } from './document-context.js';
import { PhraseTrie } from './phrase-trie.js';

export interface IssueTaggerOptions {
  issues: readonly IssueEntry[];
}

export interface IssueTagging {
  issues: DocIssue[];
  /** Issue ids per sentence (including broader issues). */
  bySentence: string[][];
}

/** Read-only stand-in for a missing list in the per-sentence loops (no allocation). */
const NONE: readonly never[] = [];

export function createIssueTagger(options: IssueTaggerOptions): (ctx: DocContext, mentions: readonly ResolvedMention[]) => IssueTagging {
  const keywords = new PhraseTrie<string>('lower', { plurals: true });
  const terms = new PhraseTrie<string>('exact');
  const byActor = new Map<string, string[]>();
  const labels = new Map<string, string>();
  const broader = new Map<string, string[]>();
  for (const issue of options.issues) {
    labels.set(issue.id, issue.label);
    for (const k of issue.keywords) keywords.add(k, issue.id);
    for (const t of issue.terms) terms.add(t, issue.id);
    for (const a of issue.actors) {
      const list = byActor.get(a) ?? [];
      list.push(issue.id);
      byActor.set(a, list);
    }
  }
  // Transitive closure of `broader`, computed once.
  function closure(id: string, seen = new Set<string>()): string[] {
    if (seen.has(id)) return [];
    seen.add(id);
    const out: string[] = [];
    for (const b of options.issues.find((i) => i.id === id)?.broader ?? []) {
      if (!labels.has(b)) continue;
      out.push(b, ...closure(b, seen));
    }
    return out;
  }
  for (const issue of options.issues) broader.set(issue.id, [...new Set(closure(issue.id))]);
  const tries = [keywords, terms];

  return function tag(ctx: DocContext, mentions: readonly ResolvedMention[]): IssueTagging {
    const spans = new Map<string, TextSpan[]>();
    const counts = new Map<string, number>();
    const bySentence: string[][] = [];
    const mentionsBySentence = new Map<number, ResolvedMention[]>();
    for (const m of mentions) {
      const list = mentionsBySentence.get(m.sentence);
      if (list) list.push(m);
      else mentionsBySentence.set(m.sentence, [m]);
    }
    const addSpan = (id: string, start: number, end: number): void => {
      let list = spans.get(id);
      if (!list) spans.set(id, (list = []));
      list.push({ start, end, text: ctx.text.slice(start, end) });
    };
    for (let si = 0; si < ctx.sentenceTokens.length; si++) {
      const { from, to } = ctx.sentenceTokens[si]!;
      const found = new Set<string>();
      for (const trie of tries) {
        let i = from;
        while (i < to) {
          const m = trie.longestAt(ctx.tokens, i, to);
          if (!m) {
            i++;
            continue;
          }
          const start = ctx.tokens[m.start]!.start;
          const end = ctx.tokens[m.end - 1]!.end;
          for (const id of m.values.length === 1 ? m.values : new Set(m.values)) {
            found.add(id);
            addSpan(id, start, end);
          }
          i = m.end;
        }
      }
      for (const m of mentionsBySentence.get(si) ?? NONE) {
        for (const id of byActor.get(m.actorId) ?? NONE) {
          found.add(id);
          addSpan(id, m.start, m.end);
        }
      }
      if (found.size === 0) {
        // Most sentences touch no issue: nothing to close over, count or sort.
        bySentence.push([]);
        continue;
      }
      const all = new Set(found);
      const sentence = ctx.sentences[si]!;
      for (const id of found) {
        for (const b of broader.get(id) ?? NONE) {
          if (!all.has(b)) {
            all.add(b);
            // The spans of this sentence are the tail of the list (sentences come in order and do
            // not overlap): walk back to where they begin instead of filtering the whole list.
            const list = spans.get(id);
            if (!list) continue;
            let first = list.length;
            while (first > 0 && list[first - 1]!.start >= sentence.start) first--;
            for (let k = first, n = list.length; k < n; k++) {
              const s = list[k]!;
              if (s.end <= sentence.end) addSpan(b, s.start, s.end);
            }
          }
        }
      }
      const ids = [...all].sort();
      bySentence.push(ids);
      for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    let total = 0;
    for (const c of counts.values()) total += c;
    const issues: DocIssue[] = [];
    for (const [id, c] of counts) {
      const list = (spans.get(id) ?? []).sort((a, b) => a.start - b.start);
      issues.push({ id, label: labels.get(id) ?? id, weight: total > 0 ? c / total : 0, mentions: list });
    }
    issues.sort((a, b) => b.weight - a.weight || a.id.localeCompare(b.id));
    return { issues, bySentence };
  };
}
