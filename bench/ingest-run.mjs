// Child process of bench-ingest.ts: ingests one folder through the BUILT application (dist/, what
// `readout ingest` runs, not the TypeScript sources through a loader) and prints one JSON line
// with times and the process's exact peak RSS. Run `npm run build` first (npm run bench does).
//   node bench/ingest-run.mjs DB_FILE CORPUS_DIR [THREADS]
import { openApp } from '../dist/app/index.js';

const [db, corpus, threadsArg] = process.argv.slice(2);
const count = Number(process.env.BENCH_INGEST_COUNT ?? 0);
const app = await openApp({ db });
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let ingestDone = 0;
const summary = await app.ingest([corpus], {
  ...(threadsArg === undefined ? {} : { threads: Number(threadsArg) }),
  onProgress: (p) => { if (p.done === count) ingestDone = performance.now(); },
});
const t1 = performance.now();
const cpu = process.cpuUsage(cpu0);
const stories = (await app.listStories({})).length;
await app.close();
process.stdout.write(`${JSON.stringify({
  seconds: (t1 - t0) / 1000,
  ingestSeconds: ((ingestDone || t1) - t0) / 1000,
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  // resourceUsage().maxRSS is the kernel's high-water mark in KiB: exact, not sampled.
  peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  summary,
  stories,
})}\n`);
