// The word lists the comparer reads: data/tone.yaml and data/compare-cues.yaml. Validated here
// (the shared schemas file belongs to the knowledge loader) and passed to createComparer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ReadoutError } from '../../domain/index.js';
import { DEFAULT_DATA_DIR } from '../../knowledge/index.js';

export const toneFileSchema = z.object({
  positive: z.record(z.string().min(2), z.number().positive()),
  negative: z.record(z.string().min(2), z.number().positive()),
});
export type ToneLexicon = z.infer<typeof toneFileSchema>;

export const initiationCueSchema = z.object({
  cue: z.string().min(2),
  initiator: z.enum(['before', 'after']),
  object: z.boolean().default(false),
  near: z.array(z.string().min(2)).default([]),
});
export type InitiationCue = z.infer<typeof initiationCueSchema>;

export const compareCueFileSchema = z.object({
  initiation: z.array(initiationCueSchema).min(1),
  sourcing: z.object({ before: z.array(z.string().min(2)).min(1), after: z.array(z.string().min(2)).min(1) }),
  readoutPublishers: z.record(z.string().regex(/^[A-Z]{3}$/), z.array(z.string().min(1))).default({}),
  quantities: z.object({
    units: z.array(z.string().min(1)).min(1),
    scales: z.record(z.string().min(1), z.number().positive()).default({}),
  }),
});
export type CompareCues = z.infer<typeof compareCueFileSchema>;

export interface CompareLexicon {
  tone: ToneLexicon;
  cues: CompareCues;
}

function load<T>(schema: z.ZodType<T>, path: string): T {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ReadoutError('E_DATA', `${path}: cannot read (${(e as Error).message}); restore the file from the repository`, { cause: e });
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new ReadoutError('E_DATA', `${path}: ${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'}; fix the file`);
  }
  return r.data;
}

export function loadCompareLexicon(dataDir: string = DEFAULT_DATA_DIR): CompareLexicon {
  return {
    tone: load(toneFileSchema, join(dataDir, 'tone.yaml')),
    cues: load(compareCueFileSchema, join(dataDir, 'compare-cues.yaml')),
  };
}
