// Finds actors in a document: gazetteer aliases and title+name forms (case-sensitive token trie),
// role descriptions valid at the document date ("the Chinese leader"), metonyms (aliases such as
// "Beijing" belong to governments in the data), surnames of people already named in full, and
// proper names that are not in the gazetteer (emitted as `unresolved:<slug>`).
import type { ActorType, DocActor } from '../../domain/index.js';
import type { ActorEntry, SourceEntry } from '../../knowledge/index.js';
import { sentenceOfToken, type DocContext, type ResolvedMention } from './document-context.js';
import { PhraseTrie } from './phrase-trie.js';
import { phraseTokens, type Token } from './tokenizer.js';

export interface ActorRecognizerOptions {
  actors: readonly ActorEntry[];
  sources: readonly SourceEntry[];
  honorifics: readonly string[];
  nonNames: readonly string[];
  abbreviations: readonly string[];
  /** Country adjectives → ISO3, and the group nouns they head ("Syrian rebels"). */
  demonyms: Readonly<Record<string, string>>;
  groupNouns: readonly string[];
  /** Emit proper names missing from the gazetteer as unresolved actors. */
  unresolved: boolean;
}

export interface ActorRecognition {
  actors: DocActor[];
  mentions: ResolvedMention[];
}

interface Entry {
  actor: ActorEntry;
  /** Role validity for role descriptions; null for names. */
  from: string | null;
  to: string | null;
  ref: boolean;
}

// Name order: family name first for these countries ("Xi Jinping" → "Xi").
const FAMILY_FIRST = new Set(['CHN', 'TWN', 'HKG', 'MAC', 'KOR', 'PRK', 'VNM']);
const CONNECTORS = new Set(['of', 'de', 'da', 'du', 'van', 'von', 'der', 'bin', 'al', 'la', 'le', 'and']);
const PERSON_PRONOUNS = new Set(['he', 'she', 'him', 'her']);

export function slugify(s: string): string {
  // ASCII has nothing to decompose and no combining marks: skip the costly normalisation.
  const folded = /^[\x00-\x7f]*$/.test(s) ? s : s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  return folded.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'name';
}

function surnameOf(actor: ActorEntry): string | null {
  if (actor.type !== 'person') return null;
  const toks = phraseTokens(actor.name).filter((t) => t.kind === 'word' && t.text.length > 1);
  if (toks.length < 2) return null;
  const pick = FAMILY_FIRST.has(actor.country) ? toks[0] : toks[toks.length - 1];
  return pick ? pick.text : null;
}

/** `alias` with the word `word` in capitals, when it has that word and more than it; else null. */
export function withCapitalisedWord(alias: string, word: string): string | null {
  const words = alias.split(' ');
  if (words.length < 2 || !words.includes(word)) return null;
  return words.map((w) => (w === word ? w.toUpperCase() : w)).join(' ');
}

export function createActorRecognizer(options: ActorRecognizerOptions): (ctx: DocContext) => ActorRecognition {
  const names = new PhraseTrie<Entry>('exact');
  const refs = new PhraseTrie<Entry>('lower');
  const abbrev = new Set(options.abbreviations.map((a) => a.replace(/\.$/, '')));
  const mediaIds = new Set<string>();
  for (const s of options.sources) if (s.actor && s.kind !== 'government') mediaIds.add(s.actor);
  for (const a of options.actors) if (a.sector === 'MED') mediaIds.add(a.id);
  const byId = new Map<string, ActorEntry>();
  // Surnames tokenize the actor's name: done once here, not for every mention of every document.
  const surnames = new Map<ActorEntry, string | null>();

  for (const actor of options.actors) {
    byId.set(actor.id, actor);
    surnames.set(actor, surnameOf(actor));
    const entry: Entry = { actor, from: null, to: null, ref: false };
    const personNames = new Set<string>();
    const sn = surnames.get(actor)!;
    for (const alias of actor.aliases) {
      names.add(alias, entry);
      if (actor.type === 'person' && /^\p{Lu}/u.test(alias)) personNames.add(alias);
      // Japan's foreign ministry and others capitalise the family name: "TAKAICHI Sanae", "XI Jinping".
      const capitalised = sn ? withCapitalisedWord(alias, sn) : null;
      if (capitalised) {
        names.add(capitalised, entry);
        personNames.add(capitalised);
      }
    }
    if (sn) personNames.add(sn);
    const titles = new Set<string>(actor.titles);
    for (const r of actor.roles) titles.add(r.title);
    for (const title of titles) {
      for (const n of personNames) {
        names.add(`${title} ${n}`, entry);
        if (abbrev.has(title)) names.add(`${title}. ${n}`, entry);
      }
    }
    for (const r of actor.roles) {
      const re: Entry = { actor, from: r.from ?? null, to: r.to ?? null, ref: true };
      for (const ref of r.refs) refs.add(ref, re);
    }
  }

  // "<demonym> <group noun>": the country actor of that code ("Syrian rebels" → syria).
  const countryByCode = new Map<string, ActorEntry>();
  for (const a of options.actors) if (a.type === 'country' && a.country && !countryByCode.has(a.country)) countryByCode.set(a.country, a);
  const demonyms = new PhraseTrie<ActorEntry>('exact');
  for (const [adj, code] of Object.entries(options.demonyms)) {
    const actor = countryByCode.get(code);
    if (actor) demonyms.add(adj, actor);
  }
  const groupNouns = new PhraseTrie<true>('lower', { plurals: true });
  for (const g of options.groupNouns) groupNouns.add(g, true);
  const honorifics = new Set(options.honorifics.map((h) => h.replace(/\.$/, '')));
  const nonNames = new Set(options.nonNames.map((h) => h.replace(/\.$/, '')));

  function validAt(e: Entry, day: string | null): boolean {
    if (!e.ref) return true;
    if (day === null) return e.to === null;
    return (e.from === null || e.from <= day) && (e.to === null || day < e.to);
  }

  return function recognize(ctx: DocContext): ActorRecognition {
    const tokens = ctx.tokens;
    const day = ctx.refDate ? ctx.refDate.toISOString().slice(0, 10) : null;
    const raw: { start: number; end: number; actor: ActorEntry | null; candidates: ActorEntry[]; person: boolean; name?: string }[] = [];
    const covered = new Uint8Array(tokens.length);

    for (let si = 0; si < ctx.sentenceTokens.length; si++) {
      const { from, to } = ctx.sentenceTokens[si]!;
      let i = from;
      while (i < to) {
        const n = tokens[i]!.kind === 'word' || tokens[i]!.kind === 'number' ? names.longestAt(tokens, i, to) : null;
        const r = tokens[i]!.kind === 'word' ? refs.longestAt(tokens, i, to) : null;
        let best: { start: number; end: number; entries: Entry[] } | null = null;
        if (n) best = { start: n.start, end: n.end, entries: n.values };
        if (r && (!best || r.end > best.end)) {
          const valid = r.values.filter((e) => validAt(e, day));
          if (valid.length > 0) best = { start: r.start, end: r.end, entries: valid };
        }
        if (!best) {
          const d = tokens[i]!.upper ? demonyms.longestAt(tokens, i, to) : null;
          if (d && d.end < to && groupNouns.longestAt(tokens, d.end, to) && !tokens[d.end]!.upper) {
            const actor = d.values[0]!;
            raw.push({ start: d.start, end: d.end, actor, candidates: [actor], person: false });
            for (let k = d.start; k < d.end; k++) covered[k] = 1;
            i = d.end;
            continue;
          }
          i++;
          continue;
        }
        // A match must end on a word boundary that is not the middle of a longer capitalised name
        // ("Wang" inside "Wang Wentao" when only "Wang" is known).
        const next = tokens[best.end];
        const ids = best.entries.length === 1 ? [best.entries[0]!.actor.id] : [...new Set(best.entries.map((e) => e.actor.id))];
        const single = best.end - best.start === 1;
        if (single && next && next.upper && next.kind === 'word' && next.start === tokens[best.end - 1]!.end + 1 && !nonNames.has(next.text)
          && best.entries.every((e) => e.actor.type === 'person')) {
          i++;
          continue;
        }
        const cands = ids.map((id) => byId.get(id)!);
        raw.push({ start: best.start, end: best.end, actor: cands.length === 1 ? cands[0]! : null, candidates: cands, person: cands.every((c) => c.type === 'person') });
        for (let k = best.start; k < best.end; k++) covered[k] = 1;
        i = best.end;
      }
    }

    // Ambiguous names: pick the candidate the document names elsewhere without ambiguity.
    const namedIds = new Set(raw.filter((m) => m.actor).map((m) => m.actor!.id));
    for (const m of raw) {
      if (m.actor) continue;
      const known = m.candidates.filter((c) => namedIds.has(c.id));
      if (known.length === 1) m.actor = known[0]!;
    }

    // Surnames of people named in full elsewhere in the document ("Takaichi" after "Sanae Takaichi").
    const docSurnames = new Map<string, Set<string>>();
    for (const m of raw) {
      if (!m.actor || m.actor.type !== 'person') continue;
      const sn = surnames.has(m.actor) ? surnames.get(m.actor)! : surnameOf(m.actor);
      if (!sn) continue;
      let set = docSurnames.get(sn);
      if (!set) docSurnames.set(sn, (set = new Set()));
      set.add(m.actor.id);
    }

    // Proper names outside the gazetteer, and surnames.
    if (docSurnames.size > 0 || options.unresolved) {
      for (let si = 0; si < ctx.sentenceTokens.length; si++) {
        const { from, to } = ctx.sentenceTokens[si]!;
        let caps = 0;
        let words = 0;
        for (let k = from; k < to; k++) {
          const t = tokens[k]!;
          if (t.kind !== 'word') continue;
          words++;
          if (t.upper) caps++;
        }
        const headline = words >= 3 && caps / words > 0.6;
        let i = from;
        while (i < to) {
          const t = tokens[i]!;
          if (covered[i] || t.kind !== 'word' || !t.upper) {
            i++;
            continue;
          }
          const ids = docSurnames.get(t.text);
          const nextTok = tokens[i + 1];
          const nextIsName = nextTok && nextTok.upper && nextTok.kind === 'word' && !covered[i + 1] && !nonNames.has(nextTok.text);
          if (ids && ids.size === 1 && !nextIsName) {
            const actor = byId.get([...ids][0]!)!;
            raw.push({ start: i, end: i + 1, actor, candidates: [actor], person: true });
            covered[i] = 1;
            i++;
            continue;
          }
          if (!options.unresolved) {
            i++;
            continue;
          }
          // A run of capitalised words (with inner connectors), not covered by a gazetteer match.
          let j = i;
          let lastName = i;
          while (j < to) {
            const u = tokens[j]!;
            if (covered[j]) break;
            if (u.kind === 'word' && u.upper && !(nonNames.has(u.text) && j === i)) {
              lastName = j;
              j++;
              continue;
            }
            if (u.kind === 'word' && CONNECTORS.has(u.text) && j > i) {
              j++;
              continue;
            }
            if (u.text === '.' && j > i && abbrev.has(tokens[j - 1]!.text) === false && tokens[j - 1]!.text.length === 1) {
              j++; // middle initial "Donald J. Trump"
              continue;
            }
            break;
          }
          // A run does not end on a common capitalised word ("Several Chinese").
          let end = lastName + 1;
          while (end > i && nonNames.has(tokens[end - 1]!.text)) end--;
          const prev = tokens[i - 1];
          const prev2 = tokens[i - 2];
          const afterTitle = (prev && honorifics.has(prev.text)) || (prev && prev.text === '.' && prev2 && honorifics.has(prev2.text));
          let start = i;
          // At the start of a sentence a capitalised word may be an ordinary word: keep the run
          // only when it is not a common word.
          if (start === from && !afterTitle && nonNames.has(tokens[start]!.text)) start++;
          const len = end - start;
          let allNon = true;
          for (let k = start; k < end && allNon; k++) if (!nonNames.has(tokens[k]!.text) && !CONNECTORS.has(tokens[k]!.text)) allNon = false;
          if (!headline && !allNon && (len >= 2 || (len === 1 && afterTitle && tokens[start]!.text.length > 1))) {
            const text = ctx.text.slice(tokens[start]!.start, tokens[end - 1]!.end);
            raw.push({ start, end, actor: null, candidates: [], person: Boolean(afterTitle), name: text });
            for (let k = start; k < end; k++) covered[k] = 1;
          }
          i = Math.max(end, i + 1);
        }
      }
    }

    raw.sort((a, b) => a.start - b.start);
    const mentions: ResolvedMention[] = [];
    const docActors = new Map<string, DocActor>();
    for (const m of raw) {
      if (!m.actor && m.candidates.length > 0) continue; // still ambiguous: leave it out
      const first = tokens[m.start]!;
      const last = tokens[m.end - 1]!;
      const text = ctx.text.slice(first.start, last.end);
      const sentence = sentenceOfToken(ctx, m.start);
      let id: string;
      let name: string;
      let type: ActorType;
      let country: string | null;
      let sector: string | null;
      if (m.actor) {
        id = m.actor.id;
        name = m.actor.name;
        type = m.actor.type;
        country = m.actor.country || null;
        sector = m.actor.sector;
      } else {
        name = m.name ?? text;
        id = `unresolved:${slugify(name)}`;
        type = 'unresolved';
        country = null;
        sector = null;
      }
      const rm: ResolvedMention = {
        actorId: id, name, type, country, sector, start: first.start, end: last.end, text, sentence,
        tokenStart: m.start, tokenEnd: m.end, person: type === 'person' || (type === 'unresolved' && m.person), media: mediaIds.has(id),
      };
      mentions.push(rm);
      let da = docActors.get(id);
      if (!da) docActors.set(id, (da = { id, name, type, country, sector, mentions: [] }));
      da.mentions.push({ start: rm.start, end: rm.end, text, sentence });
    }
    return { actors: [...docActors.values()], mentions };
  };
}

/** Pronouns that refer to a person ("he", "she"). */
export function isPersonPronoun(t: Token): boolean {
  return PERSON_PRONOUNS.has(t.lower);
}
