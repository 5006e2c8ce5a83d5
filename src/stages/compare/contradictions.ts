// Conflicting facts between sources: who initiated the call, the event's date, numbers for the
// same quantity, and who said a quote. Each side points to a document, sentence and offsets.
import type { Contradiction, ContradictionSide, Story } from '../../domain/index.js';
import { mainEventOf, relateEvents } from '../stories/index.js';
import type { CompareCues, InitiationCue } from './compare-lexicon.js';
import { sentenceOf, type DocView } from './story-view.js';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A whole-word, case-insensitive matcher of a phrase. */
function wordRe(phrase: string, flags = 'giu'): RegExp {
  const body = escapeRegExp(phrase).replace(/\s+/g, '\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, flags);
}

interface CompiledCue { cue: InitiationCue; re: RegExp; near: RegExp[] }

const OBJECT_GAP = /^\s+(?:the\s+)?(?:\p{Lu}[\p{L}.'’-]*\s+){0,4}$/u;

interface Mention { start: number; end: number; actor: string; value: string }

function mentionsOf(view: DocView): Mention[] {
  const out: Mention[] = [];
  for (const a of view.item.analysis.actors) {
    const value = a.country && a.country.length > 0 ? a.country : a.id;
    for (const m of a.mentions) out.push({ start: m.start, end: m.end, actor: a.id, value });
  }
  return out.sort((x, y) => x.start - y.start);
}

/** Collects one side per (source, value): the first sentence where the source states it. */
class Sides {
  private readonly byKey = new Map<string, ContradictionSide>();
  add(view: DocView, start: number, end: number, value: string): void {
    const key = `${view.source.id}|${value}`;
    if (this.byKey.has(key)) return;
    const s = sentenceOf(view, start);
    this.byKey.set(key, {
      source: view.source.id, documentId: view.id, sentence: s?.index ?? -1,
      text: s?.text ?? view.item.document.text.slice(start, end), value,
      start: s?.start ?? start, end: s?.end ?? end,
    });
  }
  conflict(kind: string, topic: string): Contradiction | null {
    const sides = [...this.byKey.values()];
    if (new Set(sides.map((s) => s.value)).size < 2) return null;
    sides.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : a.source < b.source ? -1 : 1));
    return { kind, topic, sides };
  }
}

function initiatorsIn(view: DocView, { cue, re, near }: CompiledCue, participants: Set<string>): { start: number; end: number; value: string }[] {
  const text = view.item.document.text;
  const mentions = mentionsOf(view);
  const out: { start: number; end: number; value: string }[] = [];
  for (const m of text.matchAll(re)) {
    const cs = m.index;
    const ce = cs + m[0].length;
    const sentence = sentenceOf(view, cs);
    if (!sentence) continue;
    if (near.length > 0 && !near.some((w) => w.test(sentence.text))) continue;
    const inSentence = mentions.filter((x) => x.start >= sentence.start && x.end <= sentence.end);
    let who: Mention | undefined;
    if (cue.initiator === 'after') {
      who = inSentence.find((x) => x.start >= ce && x.start - ce <= 40);
    } else {
      // "was initiated by the U.S. side" is the passive: the initiator follows, as with `after` cues.
      if (/^\s+by(?![\p{L}])/u.test(text.slice(ce, ce + 4))) {
        who = inSentence.find((x) => x.start >= ce && x.start - ce <= 40);
        if (who && (participants.size === 0 || participants.has(who.value))) out.push({ start: cs, end: ce, value: who.value });
        continue;
      }
      who = [...inSentence].reverse().find((x) => x.end <= cs && cs - x.end <= 25);
      // "X called [U.S. President] Y": only capitalised title words may sit between cue and object.
      if (cue.object && !inSentence.some((x) => x.start >= ce && x.value !== who?.value && OBJECT_GAP.test(text.slice(ce, x.start)))) continue;
    }
    if (!who) continue;
    if (participants.size > 0 && !participants.has(who.value)) continue;
    out.push({ start: cs, end: ce, value: who.value });
  }
  return out;
}

function modeLabel(story: Story): string {
  const m = story.mainEvent.mode;
  return m === 'phone' ? 'call' : m ?? story.mainEvent.type?.toLowerCase() ?? 'event';
}

export interface ContradictionOptions {
  cues: CompareCues;
  eventDateToleranceDays: number;
}

export function contradictions(story: Story, views: DocView[], participants: string[], opt: ContradictionOptions): Contradiction[] {
  const out: Contradiction[] = [];
  const part = new Set(participants);

  // Who initiated or requested the event.
  const initiator = new Sides();
  const cues: CompiledCue[] = opt.cues.initiation.map((cue) => ({ cue, re: wordRe(cue.cue), near: cue.near.map((w) => wordRe(w, 'iu')) }));
  for (const v of views) {
    for (const cue of cues) {
      for (const hit of initiatorsIn(v, cue, part)) initiator.add(v, hit.start, hit.end, hit.value);
    }
  }
  const ci = initiator.conflict('initiator', `who initiated the ${modeLabel(story)}`);
  if (ci) out.push(ci);

  // The event's date, where a document's main event is the story's but dated differently.
  if (story.mainEvent.type) {
    const dates = new Sides();
    const sm = {
      type: story.mainEvent.type, mode: story.mainEvent.mode, participants, actors: story.mainEvent.actors,
      date: null, weight: 0, sentence: 0,
    };
    for (const v of views) {
      // The same headline-aware ranking the grouper uses, so both agree on a document's main event.
      const main = mainEventOf(v.item.analysis, undefined, { headline: v.item.document.title, published: v.item.document.publishedAt });
      if (!main?.date || relateEvents(main, sm, opt.eventDateToleranceDays) !== 'same') continue;
      const e = v.item.analysis.events.find((x) => x.date === main.date && x.type === main.type && x.mode === main.mode);
      if (e) dates.add(v, e.start, e.end, main.date);
    }
    const cd = dates.conflict('date', `date of the ${modeLabel(story)}`);
    // Dates within the tolerance (time zones, "Monday night" reported on Tuesday) are no conflict.
    const days = cd ? cd.sides.map((x) => Date.parse(`${x.value.slice(0, 10)}T00:00:00Z`) / 86_400_000).filter((d) => !Number.isNaN(d)) : [];
    if (cd && days.length > 1 && Math.max(...days) - Math.min(...days) > opt.eventDateToleranceDays) out.push(cd);
  }

  // Numbers for the same quantity ("N million tons of soybeans"), and commitments' amounts.
  const units = [...opt.cues.quantities.units].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  const scales = Object.keys(opt.cues.quantities.scales).map(escapeRegExp).join('|');
  const qty = new RegExp(`(\\d[\\d,]*(?:\\.\\d+)?)\\s*(${scales || '(?!)'})?\\s*(${units})(?:\\s+of)?(?:\\s+(?:U\\.S\\.|US|American|Chinese))?\\s+([\\p{L}-]{3,})`, 'giu');
  const quantities = new Map<string, Sides>();
  for (const v of views) {
    for (const m of v.item.document.text.matchAll(qty)) {
      const n = Number((m[1] ?? '').replace(/,/g, ''));
      const scale = m[2] ? opt.cues.quantities.scales[m[2].toLowerCase()] ?? 1 : 1;
      const unit = (m[3] ?? '').toLowerCase().replace(/^metric tons|tonnes$/, 'tons');
      const what = (m[4] ?? '').toLowerCase();
      if (!Number.isFinite(n)) continue;
      const key = `${unit} of ${what}`;
      const sides = quantities.get(key) ?? new Sides();
      quantities.set(key, sides);
      sides.add(v, m.index, m.index + m[0].length, String(n * scale));
    }
    for (const c of v.item.analysis.commitments) {
      if (c.amount === null) continue;
      const key = `${c.unit ?? ''} of ${c.object} (${c.actor ?? ''} ${c.action})`;
      const sides = quantities.get(key) ?? new Sides();
      quantities.set(key, sides);
      sides.add(v, c.start, c.end, String(c.amount));
    }
  }
  for (const [key, sides] of [...quantities].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const c = sides.conflict('number', key);
    if (c) out.push(c);
  }

  // The same words attributed to different speakers.
  const quotes = new Map<string, Sides>();
  for (const v of views) {
    for (const q of v.item.analysis.quotes) {
      if (!q.speaker) continue;
      const key = normaliseQuote(q.text);
      if (key.split(' ').length < 5) continue;
      const sides = quotes.get(key) ?? new Sides();
      quotes.set(key, sides);
      sides.add(v, q.start, q.end, q.speaker);
    }
  }
  for (const [key, sides] of quotes) {
    const c = sides.conflict('attribution', `who said "${key.slice(0, 80)}"`);
    if (c) out.push(c);
  }
  return out;
}

export function normaliseQuote(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}
