// Starting a thread (an analysis thread, or the store's search indexing) from the built app
// (dist/) or from TypeScript sources (tests, `node --import tsx`, benchmarks); analysis threads
// run under resource limits of their own.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * A young generation of 96 MB (V8's semi-spaces of 32 MB; the default is 16) for batches of web
 * pages: a page's DOM, tens of thousands of short-lived nodes, then dies young instead of being
 * promoted and collected by full collections; HTML extraction runs some 8 % faster (median 57-61
 * against 51-56 pages per CPU-second in alternated runs).
 */
export const ANALYSIS_THREAD_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 96 };

/**
 * V8's usual young generation for batches of Markdown and text, which make no DOM: as fast, and
 * ingesting 10,000 such documents peaks some 40 MB lower (425-446 against 465-487 MB).
 */
export const TEXT_ANALYSIS_THREAD_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 48 };

/** tsx's ESM register API (a devDependency: only sources need it), found via its package.json. */
function tsxLoaderUrl(): string {
  const pkgPath = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(pkgPath), pkg.exports['./esm/api']!.import.default)).href;
}

/**
 * A thread running the module at `entry` (a .ts entry gets a small bootstrap that registers tsx's
 * loader first), with `resourceLimits` when given.
 */
export function startModuleThread(entry: URL, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  const options = { workerData, ...(resourceLimits ? { resourceLimits } : {}) };
  return entry.pathname.endsWith('.ts')
    ? new Worker(`import(${JSON.stringify(tsxLoaderUrl())}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`, { ...options, eval: true })
    : new Worker(entry, options);
}

/** An analysis thread: startModuleThread with ANALYSIS_THREAD_LIMITS, or the limits given. */
export function startAnalysisThread(entry: URL, workerData: unknown, limits: ResourceLimits = ANALYSIS_THREAD_LIMITS): Worker {
  return startModuleThread(entry, workerData, limits);
}
