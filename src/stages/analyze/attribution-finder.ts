// Finds who says what in each sentence: speech cues ("said", "stressed"), sourcing phrases
// ("according to"), their speakers (actors, pronouns, "the spokesperson"), the content they
// introduce and the relay chain ("Xi said …, Xinhua reported" → speaker Xi via Xinhua).
// Quotes and claims are both built from these attributions.
import type { CueFile } from '../../knowledge/index.js';
import type { DocContext, ResolvedMention } from './document-context.js';
import { PhraseTrie } from './phrase-trie.js';
import { paragraphQuoteSpans } from './quote-extractor.js';
import type { Token } from './tokenizer.js';

export type Stance = 'neutral' | 'assertive' | 'directive' | 'negative' | 'hedge';

export interface Attribution {
  sentence: number;
  kind: 'cue' | 'sourcing';
  /** Surface form of the cue ("stressed", "according to"). */
  cue: string;
  lemma: string;
  stance: Stance;
  cueStart: number;
  cueEnd: number;
  speaker: string | null;
  speakerName: string | null;
  via: string | null;
  /** Content span in characters; empty (start === end) when none. */
  contentStart: number;
  contentEnd: number;
  /** The attribution closes its sentence ("…, Xinhua reported."). */
  trailing: boolean;
  /** The speaker is a news outlet or agency. */
  speakerIsMedia: boolean;
  /** Where the attribution clause itself begins ("Xinhua reported" in "…, Xinhua reported"). */
  clauseStart: number;
}

export interface SpeakerRef {
  id: string;
  name: string;
  media: boolean;
}

interface CueInfo {
  lemma: string;
  stance: Stance;
}

const PASSIVE = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being']);
const BOUNDARY = new Set([',', ';', ':', '\u201d', '\u201c', '"', '(', ')', '\u2014', '\u2013', '--', '\u00bb', '\u00ab', '\u300c', '\u300d']);
const CLOSING_QUOTES = new Set(['"', '\u201d', '\u2019', '\u00bb', '\u300d', '\u300f']);
const OPENING_QUOTES = new Set(['\u201c', '\u00ab', '\u300c', '\u300e']);
const SKIP_AFTER_CUE = new Set(['that', ',', ':']);
const PRONOUNS = new Set(['he', 'she', 'they', 'it', 'i', 'we']);

export interface AttributionFinderOptions {
  cues: CueFile;
}

export interface AttributionInput {
  ctx: DocContext;
  mentions: readonly ResolvedMention[];
  /** Actor id of the dateline agency, if any: the default via. */
  datelineVia: string | null;
}

export function createAttributionFinder(options: AttributionFinderOptions): (input: AttributionInput) => Attribution[][] {
  const speech = new PhraseTrie<CueInfo>('lower');
  for (const c of options.cues.speech) for (const f of c.forms) speech.add(f, { lemma: c.lemma, stance: c.stance });
  const sourcing = new PhraseTrie<string>('lower');
  for (const s of options.cues.sourcing) sourcing.add(s, s);
  const speakerNouns = new PhraseTrie<string>('lower');
  for (const s of options.cues.speakerNouns) speakerNouns.add(s, s);

  return function find({ ctx, mentions, datelineVia }: AttributionInput): Attribution[][] {
    const tokens = ctx.tokens;
    // Mentions indexed by the token they start and end at.
    // Tokens inside names or inside quotation marks are never cues ("United States", '"made clear …"').
    const inMention = new Uint8Array(tokens.length);
    for (const m of mentions) for (let k = m.tokenStart; k < m.tokenEnd; k++) inMention[k] = 1;
    {
      let t = 0;
      for (const spans of paragraphQuoteSpans(ctx)) {
        for (const q of spans) {
          while (t < tokens.length && tokens[t]!.start < q.start) t++;
          while (t < tokens.length && tokens[t]!.end <= q.end) inMention[t++] = 1;
        }
      }
    }
    const mentionAtEnd = new Map<number, ResolvedMention>();
    const mentionAtStart = new Map<number, ResolvedMention>();
    for (const m of mentions) {
      mentionAtEnd.set(m.tokenEnd, m);
      mentionAtStart.set(m.tokenStart, m);
    }
    const resolvePronoun = (tokenIndex: number, lower: string): SpeakerRef | null => resolveBack(ctx, mentions, tokenIndex, lower === 'they' || lower === 'it' || lower === 'we' ? 'group' : 'person');

    const out: Attribution[][] = [];
    for (let si = 0; si < ctx.sentenceTokens.length; si++) {
      const { from, to } = ctx.sentenceTokens[si]!;
      const sent = ctx.sentences[si]!;
      const found: Attribution[] = [];
      // Last content token (before final punctuation).
      let lastContent = to - 1;
      while (lastContent > from && tokens[lastContent]!.kind === 'punct') lastContent--;

      let i = from;
      while (i < to) {
        const src = tokens[i]!.kind === 'word' ? sourcing.longestAt(tokens, i, to) : null;
        if (src) {
          // "according to X": the source follows.
          let k = src.end;
          while (k < to && k < src.end + 3 && !mentionAtStart.has(k)) k++;
          const m = mentionAtStart.get(k);
          if (m) {
            const leading = src.start === from || (src.start === from + 1 && tokens[from]!.kind === 'punct');
            const afterComma = src.start > from && BOUNDARY.has(tokens[src.start - 1]!.text);
            let contentStart: number;
            let contentEnd: number;
            let trailing = false;
            if (leading) {
              let c = m.tokenEnd;
              while (c < to && tokens[c]!.kind === 'punct') c++;
              contentStart = c < to ? tokens[c]!.start : sent.end;
              contentEnd = tokens[lastContent]!.end;
            } else {
              trailing = afterComma;
              contentStart = sent.start;
              let e = src.start - 1;
              while (e > from && tokens[e]!.kind === 'punct') e--;
              contentEnd = tokens[e]!.end;
              if (!afterComma) {
                contentEnd = tokens[lastContent]!.end;
              }
            }
            found.push({
              sentence: si, kind: 'sourcing', cue: ctx.text.slice(tokens[src.start]!.start, tokens[src.end - 1]!.end), lemma: 'according-to', stance: 'neutral',
              cueStart: tokens[src.start]!.start, cueEnd: tokens[src.end - 1]!.end, speaker: m.actorId, speakerName: m.name, via: null,
              contentStart, contentEnd: Math.max(contentStart, contentEnd), trailing, speakerIsMedia: m.media, clauseStart: tokens[src.start]!.start,
            });
            i = m.tokenEnd;
            continue;
          }
        }
        // A cue inside a name is not a cue ("United States").
        const cue = tokens[i]!.kind === 'word' && !inMention[i] ? speech.longestAt(tokens, i, to) : null;
        if (!cue) {
          i++;
          continue;
        }
        const prev = tokens[cue.start - 1];
        if (prev && cue.start > from && (PASSIVE.has(prev.lower) || prev.lower === 'to')) {
          i = cue.end;
          continue;
        }
        const info = cue.values[0]!;
        const cs = cue.start;
        const ce = cue.end;
        // Clause boundary to the left.
        let b = cs - 1;
        while (b >= from && !BOUNDARY.has(tokens[b]!.text)) b--;
        const clauseStart = b + 1;
        const prevAttr = found.length > 0 ? found[found.length - 1]! : null;
        const prevCueEndTok = prevAttr ? tokenAt(tokens, prevAttr.cueEnd, from, to) : from;
        let speaker: SpeakerRef | null = null;
        // 1) nearest speaker in the same clause, left of the cue
        speaker = nearestLeft(clauseStart, cs, Math.max(clauseStart, prevCueEndTok));
        // 2) inverted: '"…," said Xi'
        let inverted = false;
        if (!speaker && clauseStart === cs) {
          for (let k = ce; k < Math.min(to, ce + 4); k++) {
            const m = mentionAtStart.get(k);
            if (m) {
              speaker = ref(m);
              inverted = true;
              break;
            }
            const sn = speakerNouns.longestAt(tokens, k, to);
            if (sn) {
              speaker = speakerNoun(sn.start, tokens[sn.end - 1]!.lower);
              inverted = true;
              break;
            }
            if (PRONOUNS.has(tokens[k]!.lower)) {
              speaker = resolvePronoun(k, tokens[k]!.lower);
              inverted = true;
              break;
            }
          }
        }
        // 3) coordinated or participle cue: same speaker as the previous cue ("…, adding that")
        if (!speaker && prevAttr && prevAttr.kind === 'cue' && (tokens[cs]!.lower.endsWith('ing') || prev?.lower === 'and' || prev?.lower === 'also')) {
          speaker = prevAttr.speaker ? { id: prevAttr.speaker, name: prevAttr.speakerName ?? prevAttr.speaker, media: prevAttr.speakerIsMedia } : null;
        }
        // 4) across an appositive: nearest person, then any actor, within 14 tokens
        if (!speaker && !tokens[cs]!.lower.endsWith('ing')) speaker = nearestLeft(Math.max(from, cs - 14), cs, Math.max(from, prevCueEndTok), true);
        if (!speaker) {
          i = ce;
          continue;
        }
        // Where the speaker/cue clause ends.
        let tail = ce;
        if (inverted) {
          while (tail < to && tokens[tail]!.kind !== 'punct') tail++;
        }
        const clauseEndsSentence = clauseClosesSentence(tokens, tail, b, from, to);
        const trailing = clauseStart > from && clauseEndsSentence && (tokens[b]?.text === ',' || CLOSING_QUOTES.has(tokens[b]?.text ?? '') || (b > from && CLOSING_QUOTES.has(tokens[b - 1]!.text)));
        let contentStart: number;
        let contentEnd: number;
        if (trailing) {
          // Content runs from the sentence start (or after an earlier attribution) to the comma.
          contentStart = prevAttr && prevAttr.kind === 'sourcing' && !prevAttr.trailing ? prevAttr.contentStart : sent.start;
          let e = b;
          while (e > from && (tokens[e]!.kind === 'punct')) e--;
          contentEnd = tokens[e]!.end;
          if (e > from && CLOSING_QUOTES.has(tokens[e + 1]?.text ?? '') && tokens[e + 1]!.end <= tokens[b]!.start) contentEnd = tokens[e]!.end;
        } else {
          let c = ce;
          // "said on Monday that …": the content starts after "that".
          for (let k = ce; k < Math.min(to, ce + 6); k++) {
            if (tokens[k]!.text === ',') break;
            if (tokens[k]!.lower === 'that') {
              c = k;
              break;
            }
          }
          // "told a regular briefing: …": the content starts after the colon.
          for (let k = c; k < Math.min(to, ce + 8); k++) {
            if (tokens[k]!.text === ':') {
              c = k + 1;
              break;
            }
            if (mentionAtStart.has(k) && k > c) break;
          }
          while (c < to && (SKIP_AFTER_CUE.has(tokens[c]!.lower) && c < ce + 7 || tokens[c]!.kind === 'punct')) c++;
          contentStart = c < to ? tokens[c]!.start : sent.end;
          contentEnd = tokens[lastContent]!.end;
        }
        if (contentEnd < contentStart) contentEnd = contentStart;
        found.push({
          sentence: si, kind: 'cue', cue: ctx.text.slice(tokens[cs]!.start, tokens[ce - 1]!.end), lemma: info.lemma, stance: info.stance,
          cueStart: tokens[cs]!.start, cueEnd: tokens[ce - 1]!.end, speaker: speaker.id, speakerName: speaker.name, via: null,
          contentStart, contentEnd, trailing, speakerIsMedia: speaker.media, clauseStart: tokens[Math.min(clauseStart, cs)]!.start,
        });
        i = inverted ? Math.max(ce, tail) : ce;
      }

      // Relay chain: a trailing or leading media/sourcing attribution relays the inner ones.
      const relays = found.filter((a) => a.kind === 'sourcing' || (a.trailing && a.speakerIsMedia));
      const inner = found.filter((a) => !relays.includes(a));
      const kept: Attribution[] = [];
      if (relays.length > 0 && inner.length > 0) {
        const relay = relays[0]!;
        for (const a of inner) {
          if (a.speaker !== relay.speaker) a.via = relay.speaker;
          // The inner content stops where the relay clause begins.
          if (relay.trailing && a.contentEnd > relay.clauseStart) a.contentEnd = Math.max(a.contentStart, trimEnd(ctx.text, relay.clauseStart, a.contentStart));
          kept.push(a);
        }
        for (const r of relays.slice(1)) kept.push(r);
      } else kept.push(...found);
      for (const a of kept) if (!a.via && datelineVia && a.speaker !== datelineVia) a.via = datelineVia;
      out.push(kept);
    }
    return out;

    function ref(m: ResolvedMention): SpeakerRef {
      return { id: m.actorId, name: m.name, media: m.media };
    }

    function speakerNoun(tokenIndex: number, head: string): SpeakerRef | null {
      const wantPerson = head.startsWith('spokes') || head === 'official' || head === 'president' || head === 'leader' || head === 'minister' || head === 'premier';
      for (let k = lastBefore(mentions, tokenIndex); k >= 0; k--) {
        const m = mentions[k]!;
        if (m.tokenStart >= tokenIndex) continue;
        if (wantPerson ? m.person : m.name.toLowerCase().includes(head)) return ref(m);
        if (m.tokenStart < tokenIndex - 400) break;
      }
      return null;
    }

    /** The nearest actor, pronoun or speaker noun ending in [lo, hi); `personFirst` prefers people. */
    function nearestLeft(lo: number, hi: number, floor: number, personFirst = false): SpeakerRef | null {
      const start = Math.max(lo, floor);
      let fallback: SpeakerRef | null = null;
      for (let k = hi - 1; k >= start; k--) {
        const t = tokens[k]!;
        const m = mentionAtEnd.get(k + 1);
        if (m && m.tokenStart >= start) {
          // "Xi's call" is a possessive, not a speaker, unless nothing else is there.
          const poss = tokens[m.tokenEnd];
          const isPoss = poss !== undefined && (poss.lower === "'s" || poss.lower === '\u2019s');
          if (!personFirst || m.person) {
            if (!isPoss) return ref(m);
          }
          if (!fallback) fallback = ref(m);
          k = m.tokenStart;
          continue;
        }
        if (PRONOUNS.has(t.lower) && t.kind === 'word') {
          const r = resolvePronoun(k, t.lower);
          if (r) return r;
        }
        const sn = speakerNouns.longestAt(tokens, k, hi);
        if (sn && sn.end <= hi) {
          const r = speakerNoun(k, tokens[sn.end - 1]!.lower);
          if (r) return r;
        }
      }
      return fallback;
    }
  };
}

/** Does the speaker/cue clause ending at token `tail` close its sentence (`b`: the clause boundary)? */
function clauseClosesSentence(tokens: readonly Token[], tail: number, b: number, from: number, to: number): boolean {
  let k = tail;
  while (k < to && tokens[k]!.kind === 'punct' && !BOUNDARY.has(tokens[k]!.text)) k++;
  if (k >= to || tokens[k]!.text === ',' || tokens[k]!.text === ';') return true;
  // A short tail after a quote ("…," she told reporters in Tokyo.) still closes the sentence.
  const afterQuote = b >= from && (CLOSING_QUOTES.has(tokens[b]!.text) || (b > from && CLOSING_QUOTES.has(tokens[b - 1]!.text)));
  if (!afterQuote) return false;
  let words = 0;
  for (let j = k; j < to; j++) {
    const t = tokens[j]!;
    if (t.lower === 'that' || t.text === ':' || OPENING_QUOTES.has(t.text)) return false;
    if (t.kind !== 'punct') words++;
  }
  return words <= 5;
}

function trimEnd(text: string, end: number, floor: number): number {
  let e = end;
  while (e > floor && /[\s,;:\u2014\u2013-]/.test(text[e - 1]!)) e--;
  return e;
}

function tokenAt(tokens: readonly Token[], charEnd: number, from: number, to: number): number {
  for (let k = from; k < to; k++) if (tokens[k]!.end >= charEnd) return k + 1;
  return from;
}

/** The most recent person (or group: country/organisation) mentioned before token `i`, within ~2 paragraphs. */
export function resolveBack(ctx: DocContext, mentions: readonly ResolvedMention[], i: number, want: 'person' | 'group'): SpeakerRef | null {
  const sentence = sentenceOf(ctx, i);
  const para = sentence >= 0 ? ctx.sentences[sentence]!.paragraph : -1;
  // Bounded look-back: at most 200 mentions, within the paragraph and the one before.
  for (let k = lastBefore(mentions, i), seen = 0; k >= 0 && seen < 200; k--, seen++) {
    const m = mentions[k]!;
    if (m.tokenEnd > i) continue;
    const mp = m.sentence >= 0 ? ctx.sentences[m.sentence]!.paragraph : -1;
    if (para - mp > 1) break;
    if (want === 'person' ? m.person : !m.person && m.type !== 'unresolved') return { id: m.actorId, name: m.name, media: m.media };
  }
  return null;
}

function sentenceOf(ctx: DocContext, tokenIndex: number): number {
  let lo = 0;
  let hi = ctx.sentenceTokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ctx.sentenceTokens[mid]!;
    if (tokenIndex < r.from) hi = mid - 1;
    else if (tokenIndex >= r.to) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** Index of the last mention starting before token `i` (mentions are sorted by position). */
export function lastBefore(mentions: readonly ResolvedMention[], i: number): number {
  let lo = 0;
  let hi = mentions.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (mentions[mid]!.tokenStart < i) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}
