// Stop words for salient terms, from data/stopwords.yaml (a data file, so analysts can extend it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ReadoutError } from '../../domain/index.js';
import { DEFAULT_DATA_DIR } from '../../knowledge/index.js';

export const stopwordFileSchema = z.record(z.string().regex(/^[a-z]{2,3}$/, 'keys are language codes'), z.array(z.coerce.string()));

/** Every language's stop words, lower-cased (a mixed-language corpus needs them all). */
export function loadStopwords(dataDir: string = DEFAULT_DATA_DIR): string[] {
  const path = join(dataDir, 'stopwords.yaml');
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ReadoutError('E_DATA', `${path}: cannot read (${(e as Error).message}); restore the file from the repository`, { cause: e });
  }
  const r = stopwordFileSchema.safeParse(raw);
  if (!r.success) throw new ReadoutError('E_DATA', `${path}: ${r.error.issues[0]?.message ?? 'invalid'}; fix the file`);
  return [...new Set(Object.values(r.data).flat().map((w) => w.toLowerCase()))];
}
