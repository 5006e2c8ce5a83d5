// The statements a document makes, one per sentence (or per clause split at ";"): who holds the
// claim (an attributed speaker, or null when the document asserts it), the relay (`via`), the
// modality (asserted, reported, hedged, denied, hypothetical) and the issues it touches.
import type { Claim, Modality } from '../../domain/index.js';
import type { CueFile } from '../../knowledge/index.js';
import type { Attribution } from './attribution-finder.js';
import type { DocContext } from './document-context.js';
import { PhraseTrie } from './phrase-trie.js';

export interface ClaimExtractorOptions {
  cues: CueFile;
  /** Sentences with fewer words are not claims (headings, bylines). */
  minWords: number;
}

type Marker = 'hedge' | 'denial' | 'hypothetical';
const NEGATORS = new Set(['not', "n't", 'never', 'no']);

export function createClaimExtractor(options: ClaimExtractorOptions): (ctx: DocContext, attributions: readonly Attribution[][], issuesBySentence: readonly string[][]) => Claim[] {
  const markers = new PhraseTrie<Marker>('lower');
  for (const h of options.cues.hedges) markers.add(h, 'hedge');
  for (const d of options.cues.denials) markers.add(d, 'denial');
  for (const h of options.cues.hypotheticals) markers.add(h, 'hypothetical');

  return function extract(ctx, attributions, issuesBySentence): Claim[] {
    const claims: Claim[] = [];
    const tokens = ctx.tokens;
    for (let si = 0; si < ctx.sentenceTokens.length; si++) {
      const { from, to } = ctx.sentenceTokens[si]!;
      // Clauses split at semicolons.
      const clauses: { from: number; to: number }[] = [];
      let cs = from;
      for (let k = from; k < to; k++) {
        if (tokens[k]!.text === ';') {
          clauses.push({ from: cs, to: k });
          cs = k + 1;
        }
      }
      clauses.push({ from: cs, to });
      for (const cl of clauses) {
        let wordCount = 0;
        for (let k = cl.from; k < cl.to; k++) if (tokens[k]!.kind !== 'punct') wordCount++;
        if (wordCount < options.minWords) continue;
        const start = tokens[cl.from]!.start;
        const end = tokens[cl.to - 1]!.end;
        const found = new Set<Marker>();
        let i = cl.from;
        while (i < cl.to) {
          const m = markers.longestAt(tokens, i, cl.to);
          if (m) {
            for (const v of m.values) found.add(v);
            i = m.end;
          } else i++;
        }
        // The attribution that covers most of this clause.
        let main: Attribution | null = null;
        let cover = 0;
        for (const a of attributions[si] ?? []) {
          if (!a.speaker) continue;
          if (a.cueStart < start || a.cueEnd > end) continue;
          const c = Math.min(a.contentEnd, end) - Math.max(a.contentStart, start);
          if (c > cover || (!main && c >= 0)) {
            main = a;
            cover = c;
          }
        }
        const attrs = (attributions[si] ?? []).filter((a) => a.cueStart >= start && a.cueEnd <= end);
        let negatedCue = false;
        for (const a of attrs) {
          if (a.kind !== 'cue') continue;
          for (let k = cl.from; k < cl.to; k++) {
            if (tokens[k]!.start >= a.cueStart) {
              const p1 = tokens[k - 1];
              const p2 = tokens[k - 2];
              if ((p1 && NEGATORS.has(p1.lower)) || (p2 && NEGATORS.has(p2.lower))) negatedCue = true;
              break;
            }
          }
        }
        let modality: Modality;
        if (found.has('denial') || negatedCue || (main && main.stance === 'negative' && (main.lemma === 'deny' || main.lemma === 'reject' || main.lemma === 'dismiss'))) modality = 'denied';
        else if (found.has('hedge') || (main && main.stance === 'hedge')) modality = 'hedged';
        else if (main) modality = 'reported';
        else if (found.has('hypothetical')) modality = 'hypothetical';
        else modality = 'asserted';
        claims.push({
          text: ctx.text.slice(start, end), start, end, sentence: si,
          holder: main?.speaker ?? null, holderName: main?.speakerName ?? null, via: main?.via ?? null,
          modality, issues: [...(issuesBySentence[si] ?? [])],
        });
      }
    }
    return claims;
  };
}
