// Schemas of the knowledge files in data/. Analysts extend those files; these schemas keep them honest.
import { z } from 'zod';
import { ACTOR_TYPES, PLOVER_TYPES, SOURCE_KINDS } from '../domain/index.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'ids are lowercase kebab-case');
const country = z.string().regex(/^([A-Z]{3}|)$/, 'expected an ISO 3166-1 alpha-3 code (or EUR/IGO-style 3 letters)');

/** A role with validity dates; `refs` are descriptions that denote its holder ("the Japanese prime minister"). */
export const roleSchema = z.object({
  title: z.string().min(1),
  of: country.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  refs: z.array(z.string().min(2)).default([]),
});

export const actorSchema = z.object({
  id,
  name: z.string().min(1),
  type: z.enum(ACTOR_TYPES).exclude(['unresolved']),
  country,
  /** CAMEO/PLOVER-style sector: GOV, MIL, BUS, MED, JRN, IGO, LEG, JUD, OPP, NGO, CVL, COP, SPY, ELI… */
  sector: z.string().regex(/^[A-Z]{3}$/),
  wikidata: z.string().regex(/^Q\d+$/).optional(),
  /** Exact surface forms (case-sensitive), e.g. "Xi Jinping", "Xi", "Beijing". */
  aliases: z.array(z.string().min(1)).min(1),
  /** Title + name forms are generated; titles here are honorifics used before the surname ("President"). */
  titles: z.array(z.string().min(1)).default([]),
  roles: z.array(roleSchema).default([]),
  /** Surface forms that refer to this actor only when another actor of the same country is near (optional). */
  note: z.string().optional(),
});
export type ActorEntry = z.infer<typeof actorSchema>;
export const actorFileSchema = z.array(actorSchema);

export const issueSchema = z.object({
  id,
  label: z.string().min(1),
  description: z.string().min(1),
  /** Case-insensitive whole-word phrases. */
  keywords: z.array(z.string().min(2)).min(1),
  /** Case-sensitive whole-word phrases (acronyms, proper names). */
  terms: z.array(z.string().min(2)).default([]),
  /** Actor ids whose mention signals the issue (e.g. lai-ching-te → taiwan). */
  actors: z.array(id).default([]),
  /** Issue ids this one is a narrower form of (tariffs → trade). */
  broader: z.array(id).default([]),
});
export type IssueEntry = z.infer<typeof issueSchema>;
export const issueFileSchema = z.array(issueSchema);

export const cueSchema = z.object({
  /** Surface forms, e.g. ["said", "says", "say"]. */
  forms: z.array(z.string().min(2)).min(1),
  lemma: z.string().min(2),
  /** neutral | assertive | directive | negative | hedge (what the cue tells about the speaker's stance). */
  stance: z.enum(['neutral', 'assertive', 'directive', 'negative', 'hedge']).default('neutral'),
});
export const cueFileSchema = z.object({
  speech: z.array(cueSchema).min(1),
  /** Prepositional attributions: "according to", "citing". */
  sourcing: z.array(z.string().min(2)).min(1),
  /** Markers of hedged claims: "is believed to", "analysts say", "reportedly". */
  hedges: z.array(z.string().min(2)).min(1),
  /** Markers of denial: "denied", "rejected claims", "not true". */
  denials: z.array(z.string().min(2)).min(1),
  /** Markers of hypotheticals: "could trigger", "would", "if". */
  hypotheticals: z.array(z.string().min(2)).min(1),
  /** Abbreviations whose period does not end a sentence, without the final period ("Gen", "Nov", "U.S"). */
  abbreviations: z.array(z.string().min(1)).default([]),
  /** Of `abbreviations`, those that may still end a sentence when a usual sentence opener follows ("U.S"). */
  sentenceFinalAbbreviations: z.array(z.string().min(1)).default([]),
  /** Words that open sentences often; after a sentence-final abbreviation they signal a break ("The", "He"). */
  sentenceOpeners: z.array(z.string().min(1)).default([]),
  /** Titles after which a capitalised word is a person's name ("Mr.", "Minister", "spokesperson"). */
  honorifics: z.array(z.string().min(1)).default([]),
  /** Capitalised words that never start or form an unresolved name on their own ("The", "Monday"). */
  nonNames: z.array(z.string().min(1)).default([]),
  /** Frequent English function words, for language detection. */
  englishStopwords: z.array(z.string().min(1)).default([]),
  /** Nouns that refer back to a speaker ("the spokesperson", "the ministry"), lowercase. */
  speakerNouns: z.array(z.string().min(2)).default([]),
  /** Country adjectives and the ISO3 code they stand for when they head a group ("Syrian rebels"). */
  demonyms: z.record(z.string().min(2), country).default({}),
  /** Lowercase nouns that make "<demonym> <noun>" an actor of that country ("officials", "troops"). */
  groupNouns: z.array(z.string().min(2)).default([]),
});
export type CueFile = z.infer<typeof cueFileSchema>;

export const eventPatternSchema = z.object({
  id,
  type: z.enum(PLOVER_TYPES),
  mode: z.string().nullable().default(null),
  /** CAMEO root code, two digits. */
  cameo: z.string().regex(/^\d{2}$/),
  goldstein: z.number().min(-10).max(10),
  /** Trigger phrases (case-insensitive, whole word); `{X}` is not used: actors come from the sentence. */
  triggers: z.array(z.string().min(2)).min(1),
  /** Context words that must also occur in the sentence for the pattern to fire (any of). */
  requires: z.array(z.string().min(2)).default([]),
  /** PLOVER context tags added when the pattern fires. */
  context: z.array(z.string()).default([]),
  /** Whether the grammatical object is the recipient ("X called Y") or the subject acts alone. */
  recipient: z.enum(['object', 'with', 'none']).default('object'),
  /** Fire only when an actor mention follows the trigger directly ("called Trump", not "called for"). */
  followedByActor: z.boolean().default(false),
  /** Phrases that, when present in the sentence, stop the pattern from firing (any of). */
  excludes: z.array(z.string().min(2)).default([]),
});
export type EventPattern = z.infer<typeof eventPatternSchema>;
export const eventFileSchema = z.array(eventPatternSchema);

export const commitmentFileSchema = z.object({
  pledges: z.array(z.string().min(2)).min(1),
  actions: z.array(z.object({ action: z.string(), forms: z.array(z.string()).min(1) })).min(1),
  units: z.array(z.object({ unit: z.string(), forms: z.array(z.string()).min(1), factor: z.number().default(1) })).min(1),
  /** Phrases that open a period or deadline ("during", "until", "effective", "in each of"), lowercase. */
  periodMarkers: z.array(z.string().min(2)).default([]),
  /** Words between a pledge and its action that keep the pledge alive ("also", "further", "take measures to"), lowercase. */
  fillers: z.array(z.string().min(2)).default([]),
});
export type CommitmentFile = z.infer<typeof commitmentFileSchema>;

export const sourceSchema = z.object({
  id,
  name: z.string().min(1),
  homepage: z.string().url().optional(),
  country,
  kind: z.enum(SOURCE_KINDS),
  language: z.string().min(2),
  feeds: z.array(z.string().url()).default([]),
  /** Hostnames whose URLs belong to this source. */
  hosts: z.array(z.string()).default([]),
  /** Actor id of the gazetteer entry for this outlet or office, if any. */
  actor: id.optional(),
});
export type SourceEntry = z.infer<typeof sourceSchema>;
export const sourceFileSchema = z.array(sourceSchema);
