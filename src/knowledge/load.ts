// Loads and validates the knowledge files in data/. Called once at the composition root.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jsYaml from 'js-yaml';
import type { z } from 'zod';
import { ReadoutError } from '../domain/index.js';
import {
  actorFileSchema, commitmentFileSchema, cueFileSchema, eventFileSchema, issueFileSchema, sourceFileSchema,
  type ActorEntry, type CommitmentFile, type CueFile, type EventPattern, type IssueEntry, type SourceEntry,
} from './schemas.js';

export interface Knowledge {
  actors: ActorEntry[];
  issues: IssueEntry[];
  cues: CueFile;
  events: EventPattern[];
  commitments: CommitmentFile;
  sources: SourceEntry[];
}

/** data/ beside the package root, wherever the code runs from (src/ under tsx, dist/ when built). */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));

function readYaml(path: string): unknown {
  try {
    // js-yaml with the core schema: ~9× faster than `yaml` on the gazetteer, and like YAML 1.2 it
    // keeps dates such as 2025-01-20 as strings.
    return jsYaml.load(readFileSync(path, 'utf8'), { schema: jsYaml.CORE_SCHEMA, filename: path });
  } catch (e) {
    throw new ReadoutError('E_DATA', `${path}: not valid YAML (${(e as Error).message}); fix the file`, { cause: e });
  }
}

function validate<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const first = r.error.issues[0];
    const where = first ? first.path.join('.') : '';
    throw new ReadoutError('E_DATA', `${path}: ${where ? `${where}: ` : ''}${first?.message ?? 'invalid'}; fix the file`);
  }
  return r.data;
}

/** A file, or every .yaml file of a folder (sorted), concatenated. */
function loadList<T>(schema: z.ZodType<T[]>, path: string): T[] {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) throw new ReadoutError('E_DATA', `${path} is missing; restore it from the repository`);
  if (st.isFile()) return validate(schema, readYaml(path), path);
  const out: T[] = [];
  for (const f of readdirSync(path).filter((n) => n.endsWith('.yaml')).sort()) {
    out.push(...validate(schema, readYaml(join(path, f)), join(path, f)));
  }
  return out;
}

function assertUniqueIds(items: { id: string }[], what: string): void {
  const seen = new Set<string>();
  for (const it of items) {
    if (seen.has(it.id)) throw new ReadoutError('E_DATA', `duplicate ${what} id "${it.id}" in data/; ids must be unique`);
    seen.add(it.id);
  }
}

export function loadKnowledge(dataDir: string = DEFAULT_DATA_DIR): Knowledge {
  const actors = loadList(actorFileSchema, join(dataDir, 'actors'));
  const issues = loadList(issueFileSchema, join(dataDir, 'issues.yaml'));
  const events = loadList(eventFileSchema, join(dataDir, 'events.yaml'));
  const sources = loadList(sourceFileSchema, join(dataDir, 'sources.yaml'));
  const cues = validate(cueFileSchema, readYaml(join(dataDir, 'cues.yaml')), join(dataDir, 'cues.yaml'));
  const commitments = validate(commitmentFileSchema, readYaml(join(dataDir, 'commitments.yaml')), join(dataDir, 'commitments.yaml'));
  assertUniqueIds(actors, 'actor');
  assertUniqueIds(issues, 'issue');
  assertUniqueIds(events, 'event pattern');
  assertUniqueIds(sources, 'source');
  const actorIds = new Set(actors.map((a) => a.id));
  for (const issue of issues) {
    for (const a of issue.actors) {
      if (!actorIds.has(a)) throw new ReadoutError('E_DATA', `issue "${issue.id}" names unknown actor "${a}"; add it to data/actors or remove it`);
    }
  }
  for (const s of sources) {
    if (s.actor && !actorIds.has(s.actor)) throw new ReadoutError('E_DATA', `source "${s.id}" names unknown actor "${s.actor}"; add it to data/actors or remove it`);
  }
  return { actors, issues, cues, events, commitments, sources };
}
