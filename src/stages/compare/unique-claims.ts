// Claims only one source makes: no sentence of any other source shares enough of the claim's
// salient terms, or the claim carries a number no other source gives.
import type { UniqueClaim } from '../../domain/index.js';
import { salientTermSet } from '../stories/text-features.js';
import { sentenceOf, type DocView } from './story-view.js';

export interface UniqueOptions {
  stopwords: ReadonlySet<string>;
  /** Share of a claim's terms another source's sentence must have for the claim to be shared. */
  overlap: number;
  maxPerSource: number;
}

interface Candidate {
  view: DocView;
  sentence: number;
  text: string;
  start: number;
  end: number;
  issues: string[];
}

const NUMBER = /\d+(?:[.,]\d+)*/g;

/** Numbers that state a quantity (not years, not single digits such as dates' days). */
export function quantityNumbers(text: string): string[] {
  return [...text.matchAll(NUMBER)].map((m) => m[0].replace(/,/g, ''))
    .filter((n) => !/^(19|20)\d\d$/.test(n) && !(n.length === 1));
}

function candidatesOf(view: DocView): Candidate[] {
  const a = view.item.analysis;
  if (a.claims.length > 0) {
    return a.claims.map((c) => ({ view, sentence: c.sentence, text: c.text, start: c.start, end: c.end, issues: c.issues }));
  }
  // No claims extracted: fall back to the sentences that carry an issue.
  const out: Candidate[] = [];
  const bySentence = new Map<number, Set<string>>();
  for (const i of a.issues) {
    for (const m of i.mentions) {
      const s = sentenceOf(view, m.start);
      if (!s) continue;
      const set = bySentence.get(s.index) ?? new Set<string>();
      set.add(i.id);
      bySentence.set(s.index, set);
    }
  }
  for (const s of view.sentences) {
    const issues = bySentence.get(s.index);
    if (issues) out.push({ view, sentence: s.index, text: s.text, start: s.start, end: s.end, issues: [...issues].sort() });
  }
  return out;
}

export function uniqueClaims(views: DocView[], opt: UniqueOptions): UniqueClaim[] {
  // Index every sentence by term, with its source, for a prefix-filtered overlap search.
  const sentTerms: { source: string; terms: Set<string> }[] = [];
  const postings = new Map<string, number[]>();
  const numbersBySource = new Map<string, Set<string>>();
  for (const v of views) {
    const nums = numbersBySource.get(v.source.id) ?? new Set<string>();
    numbersBySource.set(v.source.id, nums);
    for (const n of quantityNumbers(v.item.document.text)) nums.add(n);
    for (const s of v.sentences) {
      const terms = salientTermSet(s.text, opt.stopwords);
      const idx = sentTerms.length;
      sentTerms.push({ source: v.source.id, terms });
      for (const t of terms) {
        const list = postings.get(t);
        if (list) list.push(idx);
        else postings.set(t, [idx]);
      }
    }
  }
  const out: UniqueClaim[] = [];
  const perSource = new Map<string, number>();
  const seen = new Set<string>();
  for (const v of views) {
    for (const c of candidatesOf(v)) {
      const src = v.source.id;
      if ((perSource.get(src) ?? 0) >= opt.maxPerSource) break;
      const terms = [...salientTermSet(c.text, opt.stopwords)];
      if (terms.length < 3) continue;
      const key = `${src}|${terms.slice().sort().join(' ')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const need = Math.ceil(terms.length * opt.overlap);
      // Pigeonhole: a sentence sharing `need` terms shares one of the (len - need + 1) rarest.
      terms.sort((a, b) => (postings.get(a)?.length ?? 0) - (postings.get(b)?.length ?? 0));
      const probe = terms.slice(0, terms.length - need + 1);
      let shared = false;
      const checked = new Set<number>();
      for (const t of probe) {
        for (const idx of postings.get(t) ?? []) {
          if (checked.has(idx)) continue;
          checked.add(idx);
          const st = sentTerms[idx]!;
          if (st.source === src) continue;
          let hit = 0;
          for (const x of terms) if (st.terms.has(x)) hit++;
          if (hit >= need) { shared = true; break; }
        }
        if (shared) break;
      }
      const nums = quantityNumbers(c.text);
      const novelNumber = nums.some((n) => ![...numbersBySource].some(([s, set]) => s !== src && set.has(n)));
      if (shared && !novelNumber) continue;
      perSource.set(src, (perSource.get(src) ?? 0) + 1);
      out.push({ source: src, documentId: v.id, sentence: c.sentence, text: c.text, start: c.start, end: c.end, issues: c.issues });
    }
  }
  return out;
}
