// Direct quotes (any quotation marks, split quotes, multi-sentence quotes) and reported speech,
// with the speaker and relay (`via`) taken from the attributions of their sentences.
import type { Quote } from '../../domain/index.js';
import type { Attribution } from './attribution-finder.js';
import type { DocContext, ResolvedMention } from './document-context.js';

export interface QuoteExtractorOptions {
  /** Emit reported (indirect) speech as quotes with direct: false. */
  reported: boolean;
  /** Minimum words of an unattributed direct quote that continues a speaker's quotes. */
  minWords: number;
}

export interface QuoteSpan {
  /** Inner span (without the marks). */
  start: number;
  end: number;
  outerStart: number;
  outerEnd: number;
}

const PAIRS: Record<string, string> = {
  '\u201c': '\u201d', '\u00ab': '\u00bb', '\u300c': '\u300d', '\u300e': '\u300f', '\u2018': '\u2019', '\u201e': '\u201c', '\u2039': '\u203a',
};

const OPENER_CODES = new Set(Object.keys(PAIRS).map((k) => k.charCodeAt(0)));
/** Every opening mark is at or above this code, so ASCII text is skipped with one comparison. */
const LOWEST_OPENER = Math.min(...OPENER_CODES);

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}]/u.test(c);
}

/** Quotation spans of one paragraph, in order. Straight quotes pair up left to right. */
export function findQuoteSpans(text: string, from: number, to: number): QuoteSpan[] {
  const out: QuoteSpan[] = [];
  // Once no closing mark of a kind is left in the paragraph, later openers of that kind are not
  // searched again (keeps paragraphs full of stray marks linear).
  const exhausted = new Set<string>();
  let i = from;
  while (i < to) {
    const code = text.charCodeAt(i);
    // Fast path: most characters are not quotation marks.
    if (code !== 34 && (code < LOWEST_OPENER || !OPENER_CODES.has(code))) {
      i++;
      continue;
    }
    const c = text[i]!;
    let close: string | null = null;
    if (c === '"') close = '"';
    else if (c in PAIRS) {
      // A left single quote opens only at a word start (not an apostrophe).
      if (c === '\u2018' && isWordChar(text[i - 1])) {
        i++;
        continue;
      }
      close = PAIRS[c]!;
    }
    if (!close || exhausted.has(close)) {
      i++;
      continue;
    }
    const closeCode = close.charCodeAt(0);
    let j = i + 1;
    while (j < to) {
      if (text.charCodeAt(j) === closeCode) {
        // A right single quote inside a word is an apostrophe ("China’s").
        if (close === '\u2019' && isWordChar(text[j + 1]) && isWordChar(text[j - 1])) {
          j++;
          continue;
        }
        break;
      }
      j++;
    }
    if (j >= to) {
      exhausted.add(close);
      i++;
      continue;
    }
    let s = i + 1;
    let e = j;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /[\s,]/.test(text[e - 1]!)) e--;
    if (e > s) out.push({ start: s, end: e, outerStart: i, outerEnd: j + 1 });
    i = j + 1;
  }
  return out;
}

function words(s: string): number {
  let n = 0;
  let inWord = false;
  for (const ch of s) {
    const w = ch !== ' ' && ch !== '\n' && ch !== '\t';
    if (w && !inWord) n++;
    inWord = w;
  }
  return n;
}

/**
 * Quotation spans of each paragraph of the document (`findQuoteSpans`), found on first use and
 * kept in the context: the attribution finder and the quote extractor both need them.
 */
export function paragraphQuoteSpans(ctx: DocContext): readonly (readonly QuoteSpan[])[] {
  if (ctx.quoteSpans === null) ctx.quoteSpans = ctx.paragraphs.map((p) => findQuoteSpans(ctx.text, p.start, p.end));
  return ctx.quoteSpans;
}

export function createQuoteExtractor(options: QuoteExtractorOptions): (ctx: DocContext, attributions: readonly Attribution[][], mentions: readonly ResolvedMention[]) => Quote[] {
  return function extract(ctx, attributions, mentions): Quote[] {
    const quotes: Quote[] = [];
    const text = ctx.text;
    const sentenceAt = (pos: number): number => {
      let lo = 0;
      let hi = ctx.sentences.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const s = ctx.sentences[mid]!;
        if (pos < s.start) hi = mid - 1;
        else if (pos >= s.end) lo = mid + 1;
        else return mid;
      }
      return Math.max(0, Math.min(ctx.sentences.length - 1, lo));
    };
    const directSpans: QuoteSpan[] = [];
    // The person mention ending right before `pos` (within 2 characters), after `floor`.
    const personEndingNear = (pos: number, floor: number): ResolvedMention | undefined => {
      let lo = 0;
      let hi = mentions.length - 1;
      let idx = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (mentions[mid]!.start < pos) {
          idx = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      const m = idx >= 0 ? mentions[idx] : undefined;
      return m && m.person && m.end <= pos && pos - m.end <= 2 && m.start >= floor ? m : undefined;
    };
    const spansByParagraph = paragraphQuoteSpans(ctx);
    for (let pi = 0; pi < ctx.paragraphs.length; pi++) {
      let lastSpeaker: { attr: Attribution; speaker: string | null; speakerName: string | null; via: string | null; cue: string } | null = null;
      for (const q of spansByParagraph[pi]!) {
        const s0 = sentenceAt(q.outerStart);
        const s1 = sentenceAt(Math.max(q.outerStart, q.outerEnd - 1));
        // Attributions of the sentences the quote touches (and the one after a quote that ends its sentence).
        const cands: Attribution[] = [];
        for (let s = s0; s <= Math.min(s1 + 1, ctx.sentences.length - 1); s++) {
          if (s > s1 && ctx.sentences[s]!.paragraph !== ctx.sentences[s1]!.paragraph) break;
          if (s > s1) {
            // Only a bare attribution sentence ("Wang said.") belongs to the quote before it.
            const sa = attributions[s] ?? [];
            if (!(sa.length === 1 && sa[0]!.trailing === false && sa[0]!.contentEnd - sa[0]!.contentStart < 3)) break;
          }
          for (const a of attributions[s] ?? []) if (a.cueEnd <= q.outerStart || a.cueStart >= q.outerEnd) cands.push(a);
        }
        let best: Attribution | null = null;
        let bestDist = Infinity;
        // An attribution whose content holds the quote wins ("X recalled that … "quote" …").
        for (const a of cands) {
          if (a.speaker && a.contentStart <= q.outerStart && a.contentEnd >= q.end && a.cueEnd <= q.outerStart) {
            const d = q.outerStart - a.cueEnd;
            if (d < bestDist) {
              best = a;
              bestDist = d;
            }
          }
        }
        for (const a of best ? [] : cands) {
          if (!a.speaker) continue;
          const d = a.cueEnd <= q.outerStart ? q.outerStart - a.cueEnd : a.cueStart - q.outerEnd;
          // A trailing relay ("…, Xinhua reported") is not the speaker when an inner cue exists.
          if (d < bestDist) {
            best = a;
            bestDist = d;
          }
        }
        let speaker = best?.speaker ?? null;
        let speakerName = best?.speakerName ?? null;
        let via = best?.via ?? null;
        let cue = best?.cue ?? '';
        // Nested: 'Beijing emphasized that Xi "rectified …"': the person right before the quote speaks,
        // the cue's speaker relays.
        if (best && best.cueEnd <= q.outerStart) {
          const before = personEndingNear(q.outerStart, best.cueEnd);
          if (before && before.actorId !== best.speaker) {
            via = best.speaker;
            speaker = before.actorId;
            speakerName = before.name;
          }
        }
        if (!best) {
          if (lastSpeaker && words(text.slice(q.start, q.end)) >= options.minWords) {
            speaker = lastSpeaker.speaker;
            speakerName = lastSpeaker.speakerName;
            via = lastSpeaker.via;
            cue = lastSpeaker.cue;
          } else continue;
        } else lastSpeaker = { attr: best, speaker, speakerName, via, cue };
        directSpans.push(q);
        quotes.push({ speaker, speakerName, cue, text: text.slice(q.start, q.end), direct: true, via, start: q.start, end: q.end, sentence: s0 });
      }
    }
    if (options.reported) {
      for (const list of attributions) {
        for (const a of list) {
          if (!a.speaker || a.contentEnd - a.contentStart < 3) continue;
          const len = a.contentEnd - a.contentStart;
          // 'X said: "…"' is one direct quote, not also a reported one; 'X said that Y "…"' is both.
          let quoted = 0;
          let opensContent = false;
          for (const q of directSpans) {
            const o = Math.min(q.outerEnd, a.contentEnd) - Math.max(q.outerStart, a.contentStart);
            if (o > 0) quoted += o;
            if (o > 0 && q.outerStart - a.contentStart <= 1) opensContent = true;
          }
          if (quoted / len >= 0.6 && opensContent) continue;
          const content = text.slice(a.contentStart, a.contentEnd);
          if (words(content) < 2) continue;
          quotes.push({ speaker: a.speaker, speakerName: a.speakerName, cue: a.cue, text: content, direct: false, via: a.via, start: a.contentStart, end: a.contentEnd, sentence: a.sentence });
        }
      }
    }
    quotes.sort((x, y) => x.start - y.start || Number(y.direct) - Number(x.direct));
    return quotes;
  };
}
