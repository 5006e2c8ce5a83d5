// A story's sources side by side: emphasis, unique claims, omissions, contradictions, relays, tone.
import { z } from 'zod';
import { ReadoutError, SOURCE_KINDS } from '../../domain/index.js';
import type { Comparison, Story } from '../../domain/index.js';
import type { StoryItem } from '../stories/index.js';
import { loadCompareLexicon, type CompareLexicon } from './compare-lexicon.js';
import { contradictions } from './contradictions.js';
import { emphasisMatrix, sourceSides } from './emphasis.js';
import { omissions } from './omissions.js';
import { readoutNotes, relays } from './relays.js';
import { buildViews, participantCountries, type CatalogueSource, type SourceInfo } from './story-view.js';
import { createToneScorer } from './tone.js';
import { uniqueClaims } from './unique-claims.js';

const catalogueSourceSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  kind: z.enum(SOURCE_KINDS),
  country: z.string(),
  actor: z.string().optional(),
  aliases: z.array(z.string()).optional(),
});

export const comparerOptionsSchema = z.object({
  /** Tone words and comparison cues; loaded from data/ when absent. */
  lexicon: z.custom<CompareLexicon>((v) => typeof v === 'object' && v !== null && 'tone' in v && 'cues' in v).optional(),
  stopwords: z.array(z.string()).default([]),
  /** The source catalogue (data/sources.yaml), so credits like "according to Xinhua" resolve. */
  catalogue: z.array(catalogueSourceSchema).default([]),
  /** Share of a claim's terms another source must have for the claim not to be unique. */
  uniqueOverlap: z.number().min(0).max(1).default(0.5),
  maxUniquePerSource: z.number().int().min(0).default(8),
  /** A source covers an issue at this share of its attention or more. */
  minShare: z.number().min(0).max(1).default(0.02),
  /** An issue covered by more than this share of the other sources is an omission where absent. */
  omissionMajority: z.number().min(0).max(1).default(0.5),
  passageShingle: z.number().int().min(3).default(8),
  minSharedShingles: z.number().int().min(1).default(3),
  primaryKinds: z.array(z.enum(SOURCE_KINDS)).default(['government', 'state-media', 'wire']),
  pressKinds: z.array(z.enum(SOURCE_KINDS)).default(['press', 'wire', 'commentary', 'other']),
  eventDateToleranceDays: z.number().min(0).default(1),
});
export type ComparerOptions = z.input<typeof comparerOptionsSchema>;

export type Comparer = (story: Story, items: StoryItem[]) => Comparison;

export function createComparer(options: ComparerOptions = {}): Comparer {
  const parsed = comparerOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ReadoutError('E_CONFIG', `comparer options: ${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'}; check the options passed to createComparer`);
  }
  const opt = parsed.data;
  const lexicon = opt.lexicon ?? loadCompareLexicon();
  const stopwords = new Set(opt.stopwords.map((w) => w.toLowerCase()));
  const catalogue: CatalogueSource[] = opt.catalogue;
  const tone = createToneScorer(lexicon.tone);

  return (story, items) => {
    const wanted = new Set(story.documentIds);
    const inStory = items.filter((i) => wanted.has(i.document.id));
    const views = buildViews(inStory, catalogue);
    const { sides, members } = sourceSides(views);
    const sourceKeys = sides.filter((s) => !s.key.includes(':')).map((s) => s.key);
    const groupKeys = sides.filter((s) => s.key.includes(':')).map((s) => s.key);
    const emphasis = emphasisMatrix(members, sourceKeys);
    const emphasisByGroup = emphasisMatrix(members, groupKeys);
    const sources: SourceInfo[] = [];
    for (const v of views) if (!sources.some((s) => s.id === v.source.id)) sources.push(v.source);
    const participants = participantCountries(story.mainEvent.actors, views);
    const rel = relays(views, {
      cues: lexicon.cues, catalogue, passageShingle: opt.passageShingle, minSharedShingles: opt.minSharedShingles,
      primaryKinds: opt.primaryKinds, pressKinds: opt.pressKinds,
    });
    const toneBySource: Record<string, number> = {};
    for (const key of sourceKeys) {
      const docs = members.get(key) ?? [];
      const scores = docs.map((d) => tone(d.item.document.text));
      toneBySource[key] = scores.length > 0 ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 1000) / 1000 : 0;
    }
    return {
      story: { id: story.id, title: story.title, start: story.start, end: story.end },
      sources: sides,
      emphasis,
      emphasisByGroup,
      unique: uniqueClaims(views, { stopwords, overlap: opt.uniqueOverlap, maxPerSource: opt.maxUniquePerSource }),
      omissions: omissions(emphasis, sources, { minShare: opt.minShare, majority: opt.omissionMajority }),
      contradictions: contradictions(story, views, participants, { cues: lexicon.cues, eventDateToleranceDays: opt.eventDateToleranceDays }),
      relays: rel.relays,
      reusedQuotes: rel.reusedQuotes,
      tone: toneBySource,
      relayShares: rel.shares,
      notes: readoutNotes(views, participants, lexicon.cues, rel.shares, sources),
    };
  };
}
