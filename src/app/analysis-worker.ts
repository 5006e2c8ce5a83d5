// Entry of an analysis worker thread: builds its own extractor, source resolver and analyzer once
// (knowledge is loaded per thread; nothing is shared), then answers one job at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { toReadoutError } from '../domain/index.js';
import { loadKnowledge } from '../knowledge/index.js';
import { createAnalyzer } from '../stages/analyze/index.js';
import { createExtractor } from '../stages/extract/index.js';
import { groupingReaderFor } from '../stages/stories/index.js';
import { analyzeDocumentInput, prepareForStore, type PreparedInput } from './document-analysis.js';
import type { AnalysisJob, AnalysisJobReply, AnalysisWorkerSetup } from './analysis-pool.js';
import { createSourceResolver } from './source-resolver.js';

const setup = workerData as AnalysisWorkerSetup;
const encoder = new TextEncoder();
const toUtf8 = (s: string | Uint8Array): Uint8Array => (typeof s === 'string' ? encoder.encode(s) : s);

const transferables = (v: PreparedInput): ArrayBuffer[] => (v.serialised.json instanceof Uint8Array ? [v.serialised.json.buffer as ArrayBuffer] : []);
const port = parentPort;
if (port) {
  // The extractor resolves year-less datelines against "now": the time of the job being run.
  let jobNow = new Date();
  const analyze = createAnalyzer(loadKnowledge(setup.dataDir));
  const deps = {
    extract: createExtractor({ maxBytes: setup.maxBytes, now: () => jobNow }),
    resolveSource: createSourceResolver(setup.catalogue),
    analyze,
  };
  const reader = groupingReaderFor({ stopwords: setup.stopwords });
  port.on('message', (job: AnalysisJob) => {
    let reply: AnalysisJobReply;
    try {
      jobNow = new Date(job.now);
      const value = prepareForStore(analyzeDocumentInput(deps, job.input, job.now), reader);
      // The JSON moves as UTF-8 bytes (transferred, not copied), which the store writes as they are.
      value.serialised = { ...value.serialised, json: toUtf8(value.serialised.json) };
      reply = { id: job.id, ok: true, value };
    } catch (e) {
      const err = toReadoutError(e, 'E_STAGE');
      reply = { id: job.id, ok: false, error: { code: err.code, message: err.message } };
    }
    // The JSON moves to the main thread rather than being copied.
    port.postMessage(reply, reply.ok ? transferables(reply.value) : []);
  });
  port.postMessage({ ready: true });
}
