// The default job handler of the crash-safety worker: reads one fixture file and stores it as a
// Document. The lead can swap in the real pipeline by passing another module to the worker
// (`--handler path/to/module.ts` exporting `createHandler`), with the same HandlerFactory shape.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Document, Store } from '../../src/domain/index.js';
import type { JobHandler } from '../../src/queue/index.js';

export interface HandlerContext {
  store: Store;
  fixturesDir: string;
  /** Simulated work between reading and storing, so kills land mid-job. */
  delayMs: number;
}

export type HandlerFactory = (ctx: HandlerContext) => JobHandler;

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** The id the handler gives a fixture file: sha256 of its name. */
export function fixtureDocumentId(fileName: string): string {
  return sha256(fileName).slice(0, 32);
}

export function fixtureDocument(fileName: string, text: string): Document {
  const [title = fileName] = text.split('\n', 1);
  return {
    id: fixtureDocumentId(fileName),
    url: `file:///fixtures/${fileName}`,
    canonicalUrl: null,
    sourceId: 'fixture',
    title,
    byline: null,
    publishedAt: null,
    modifiedAt: null,
    lang: 'en',
    siteName: null,
    text,
    contentHash: sha256(text),
    fetchedAt: new Date(0).toISOString(),
    extractor: { name: 'fixture-file', version: '1' },
    html: null,
  };
}

export const createHandler: HandlerFactory = ({ store, fixturesDir, delayMs }) => async (job) => {
  const { file } = job.payload as { file: string };
  const text = await readFile(join(fixturesDir, file), 'utf8');
  if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs * (0.5 + Math.random())));
  await store.putDocument({ document: fixtureDocument(file, text), analysis: null, report: [] });
};
