// Crash safety: a worker process storing ~200 documents from a queue is killed with SIGKILL at
// random moments, at least 20 times per database, and restarted; then it finishes. Every job's
// document must be stored exactly once, no job lost, and the database must pass its integrity
// checks.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueue } from '../src/queue/index.js';
import { openStore } from '../src/storage/index.js';
import { PG_URL, SKIP_PG, dropSchemas, freshSchemaName, pgClient, requirePg, tempDir } from './helpers/db.js';
import { fixtureDocumentId } from './helpers/fixture-document-handler.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const WORKER_SOURCE = join(here, 'helpers', 'crash-worker.ts');
// Inside the repo so the bundle resolves better-sqlite3 (native, left external) from node_modules.
const bundleDir = join(root, 'node_modules', '.cache', 'readout-crash-worker');
let WORKER = '';

// Bundled once into one ESM file: starting a worker through tsx costs seconds per restart on a
// busy machine, and this test restarts it 21 times per database.
beforeAll(async () => {
  mkdirSync(bundleDir, { recursive: true });
  WORKER = join(bundleDir, `crash-worker-${process.pid}.mjs`);
  await build({
    entryPoints: [WORKER_SOURCE], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: WORKER,
    external: ['better-sqlite3', 'pg-native'], logLevel: 'error',
    banner: { js: "import { createRequire as __readoutCreateRequire } from 'node:module'; const require = __readoutCreateRequire(import.meta.url);" },
  });
}, 120_000);
afterAll(() => rmSync(WORKER, { force: true }));
const JOBS = 200;
const KILLS = 20;
const WORDS = ['minister', 'talks', 'tariff', 'soybean', 'summit', 'statement', 'call', 'trade', 'security', 'envoy',
  'agreement', 'export', 'visit', 'readout', 'sanction', 'ceasefire', 'delegation', 'chips', 'fentanyl', 'dialogue'];

/** Deterministic distinct texts, written by us. */
function writeFixtures(dir: string): string[] {
  const files: string[] = [];
  for (let i = 0; i < JOBS; i++) {
    const words = Array.from({ length: 60 }, (_, j) => WORDS[(i * 7 + j * 13 + (i * j) % 11) % WORDS.length]);
    const name = `doc-${String(i).padStart(3, '0')}.txt`;
    writeFileSync(join(dir, name), `Fixture statement ${i}\nDocument ${i} says: ${words.join(' ')}.\n`);
    files.push(name);
  }
  return files;
}

interface WorkerRun {
  exit: Promise<number | null>;
  ready: Promise<void>;
  kill(): void;
  stderr: () => string;
}

function startWorker(args: string[]): WorkerRun {
  const child = spawn(process.execPath, [WORKER, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (b: Buffer) => { err += b.toString(); });
  // Resolves when the worker has started its first job (or exited, or after 8 s: nothing left).
  const ready = new Promise<void>((res) => {
    child.stdout.on('data', (b: Buffer) => { if (b.toString().includes('working')) res(); });
    child.on('exit', () => res());
    setTimeout(res, 8000).unref();
  });
  const exit = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  return { exit, ready, kill: () => child.kill('SIGKILL'), stderr: () => err };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function crashAndRecover(db: string, extra: string[], fixturesDir: string, files: string[]): Promise<{ kills: number }> {
  const queue = await openQueue(db, extra.length > 0 ? { schema: extra[1]! } : {});
  for (const file of files) await queue.enqueue({ kind: 'fixture', key: `fixture:${file}`, payload: { file } });
  await queue.close();
  const args = ['--db', db, ...extra, '--fixtures', fixturesDir, '--concurrency', '3', '--delay-ms', '25', '--lease-ms', '800'];
  let kills = 0;
  for (let i = 0; i < KILLS; i++) {
    const w = startWorker(args);
    // Most kills land mid-work (after the first job started); every fifth lands during start-up
    // (opening, migrating, claiming).
    if (i % 5 !== 4) await w.ready;
    await sleep(i % 5 !== 4 ? Math.random() * 400 : Math.random() * 1500);
    w.kill();
    await w.exit;
    kills++;
  }
  const mid = await openQueue(db, extra.length > 0 ? { schema: extra[1]! } : {});
  const s = await mid.stats();
  await mid.close();
  console.error(`crash-safety: ${kills} kills on ${db.startsWith('postgres') ? 'postgres' : 'sqlite'}; `
    + `${s.done} of ${JOBS} jobs done before the final run (${s.running} left claimed by killed workers)`);
  const last = startWorker([...args, '--until-idle']);
  const code = await Promise.race([last.exit, sleep(60_000).then(() => 'timeout' as const)]);
  if (code !== 0) {
    last.kill();
    throw new Error(`final worker did not finish cleanly (${String(code)}): ${last.stderr()}`);
  }
  return { kills };
}

async function expectQueueDrained(db: string, schema?: string): Promise<void> {
  const queue = await openQueue(db, schema === undefined ? {} : { schema });
  try {
    expect(await queue.stats()).toEqual({ pending: 0, running: 0, done: JOBS, failed: 0, dead: 0 });
  } finally {
    await queue.close();
  }
}

// The two databases run side by side: each run is mostly waiting on its own worker processes.
describe.concurrent('crash safety', () => {
  it(`SQLite: stores every job's document exactly once across ${KILLS} SIGKILLs`, async () => {
    const dir = tempDir('crash-sqlite');
    try {
      const files = writeFixtures(dir.dir);
      const db = dir.file('crash.db');
      const { kills } = await crashAndRecover(db, [], dir.dir, files);
      expect(kills).toBeGreaterThanOrEqual(KILLS);
      await expectQueueDrained(db);

      const store = await openStore(db);
      expect(await store.countDocuments()).toBe(JOBS);
      for (const f of files) expect((await store.getDocument(fixtureDocumentId(f)))?.document.title).toMatch(/^Fixture statement/);
      // A killed worker may leave documents queued for the search index: the next run indexes them.
      await store.indexPendingText();
      expect((await store.search('fixture statement', { limit: 100 })).length).toBeGreaterThan(0);
      await store.close();

      const raw = new Database(db);
      try {
        expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(raw.pragma('foreign_key_check')).toEqual([]);
        const one = (q: string) => (raw.prepare(q).get() as { n: number }).n;
        expect(one('SELECT count(DISTINCT id) AS n FROM documents')).toBe(JOBS);
        expect(one('SELECT count(DISTINCT content_hash) AS n FROM documents')).toBe(JOBS);
        expect(one('SELECT count(*) AS n FROM document_versions')).toBe(JOBS);
        expect(one(`SELECT count(*) AS n FROM documents d JOIN document_versions v
          ON v.document_id = d.id AND v.version = d.version AND v.content_hash = d.content_hash`)).toBe(JOBS);
        expect(one("SELECT count(*) AS n FROM readout_queue_jobs WHERE state = 'done'")).toBe(JOBS);
        // The FTS index agrees with its content table, and nothing is left queued.
        expect(one('SELECT count(*) AS n FROM full_text_pending')).toBe(0);
        raw.exec("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)");
      } finally {
        raw.close();
      }
    } finally {
      dir.remove();
    }
  }, 240_000);

  it.skipIf(SKIP_PG)(`PostgreSQL: stores every job's document exactly once across ${KILLS} SIGKILLs (READOUT_SKIP_PG=1 skips)`, async () => {
    await requirePg();
    const dir = tempDir('crash-pg');
    const schema = freshSchemaName('crash');
    try {
      const files = writeFixtures(dir.dir);
      const store0 = await openStore(PG_URL, { schema });
      await store0.close();
      const { kills } = await crashAndRecover(PG_URL, ['--schema', schema], dir.dir, files);
      expect(kills).toBeGreaterThanOrEqual(KILLS);
      await expectQueueDrained(PG_URL, schema);

      const store = await openStore(PG_URL, { schema });
      expect(await store.countDocuments()).toBe(JOBS);
      for (const f of files) expect(await store.getDocument(fixtureDocumentId(f))).not.toBeNull();
      await store.close();

      const c = await pgClient(schema);
      try {
        const one = async (q: string) => Number((await c.query<{ n: string }>(q)).rows[0]?.n);
        expect(await one('SELECT count(*) AS n FROM documents')).toBe(JOBS);
        expect(await one('SELECT count(DISTINCT id) AS n FROM documents')).toBe(JOBS);
        expect(await one('SELECT count(DISTINCT content_hash) AS n FROM documents')).toBe(JOBS);
        expect(await one('SELECT count(*) AS n FROM document_versions')).toBe(JOBS);
        expect(await one(`SELECT count(*) AS n FROM documents d JOIN document_versions v
          ON v.document_id = d.id AND v.version = d.version AND v.content_hash = d.content_hash`)).toBe(JOBS);
        expect(await one('SELECT count(*) AS n FROM document_versions v LEFT JOIN documents d ON d.id = v.document_id WHERE d.id IS NULL')).toBe(0);
        // Every constraint is present and validated, every index valid.
        const constraints = await c.query<{ conname: string; convalidated: boolean }>(
          'SELECT conname, convalidated FROM pg_constraint WHERE connamespace = $1::regnamespace', [schema]);
        expect(constraints.rows.length).toBeGreaterThan(5);
        expect(constraints.rows.every((r) => r.convalidated)).toBe(true);
        expect(await one(`SELECT count(*) AS n FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
          WHERE c.relnamespace = '${schema}'::regnamespace AND NOT i.indisvalid`)).toBe(0);
        expect(await one("SELECT count(*) AS n FROM readout_queue_jobs WHERE state = 'done'")).toBe(JOBS);
        // graphile-worker forgot every job: none left locked, waiting or failed.
        expect(await one(`SELECT count(*) AS n FROM ${schema}_worker.jobs`)).toBe(0);
      } finally {
        await c.end();
      }
    } finally {
      dir.remove();
      await dropSchemas([schema, `${schema}_worker`]).catch(() => undefined);
    }
  }, 240_000);
});
