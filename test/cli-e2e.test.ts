// End-to-end tests of the `readout` command as users run it: the built bin, real files, a temp database.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'readout.js');
const seed = join(root, '..', 'shared', 'seed', 'xi-calls-trump.txt');
const samples = join(root, 'samples');

interface Run { code: number; stdout: string; stderr: string }

function readout(args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: root,
      env: { ...process.env, READOUT_DB: '', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

/** Every error is exactly one line `readout: CODE: message`, never a stack trace. */
function expectOneLineError(r: Run, code: string, exit = 1): void {
  expect(r.code).toBe(exit);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^readout: ${code}: .+`));
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'readout-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readout --help and usage errors', () => {
  it('prints help for the program and for every command', async () => {
    const top = await readout(['--help']);
    expect(top.code).toBe(0);
    for (const cmd of ['analyze', 'extract', 'ingest', 'stories', 'compare', 'brief', 'serve', 'sources', 'worker', 'start']) {
      expect(top.stdout).toContain(cmd);
      const r = await readout([cmd, '--help']);
      expect(r.code, cmd).toBe(0);
      expect(r.stdout).toContain(`readout ${cmd}`);
    }
  });

  it('exits 2 with one line on bad usage', async () => {
    expectOneLineError(await readout(['frobnicate']), 'E_USAGE', 2);
    expectOneLineError(await readout(['analyze', '--format', 'xml', 'x.txt']), 'E_USAGE', 2);
    expectOneLineError(await readout(['analyze', '--bogus']), 'E_USAGE', 2);
    expectOneLineError(await readout(['brief']), 'E_USAGE', 2);
  });
});

describe('readout analyze on hostile input', () => {
  it('refuses a missing file', async () => {
    expectOneLineError(await readout(['analyze', join(dir, 'nope.txt')]), 'E_NOT_FOUND');
  });
  it('refuses an empty file', async () => {
    const p = join(dir, 'empty.txt');
    writeFileSync(p, '');
    expectOneLineError(await readout(['analyze', p]), 'E_EMPTY_INPUT');
  });
  it('refuses a binary file', async () => {
    const p = join(dir, 'blob.bin');
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
    bytes.write('\x89PNG\r\n\x1a\n', 0, 'latin1');
    writeFileSync(p, bytes);
    expectOneLineError(await readout(['analyze', p]), 'E_BINARY_INPUT');
  });
  it('refuses a 50 MB text file quickly with a size error', async () => {
    const p = join(dir, 'huge.txt');
    const line = 'Xi Jinping and Donald Trump spoke by phone about trade and Taiwan.\n';
    writeFileSync(p, line.repeat(Math.ceil((50 * 1024 * 1024) / line.length)));
    expectOneLineError(await readout(['analyze', p]), 'E_TOO_LARGE');
  });
});

describe('readout analyze', () => {
  it('prints the contract JSON for a sample document, with valid offsets', async () => {
    const file = join(samples, 'xi-trump-call-2025-11-24', readdirSync(join(samples, 'xi-trump-call-2025-11-24')).sort()[0]!);
    const r = await readout(['analyze', file, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    for (const key of ['document', 'actors', 'issues', 'quotes', 'claims', 'events', 'commitments', 'report']) expect(out).toHaveProperty(key);
    for (const key of ['url', 'title', 'source', 'publishedAt', 'lang', 'text']) expect(out.document).toHaveProperty(key);
    const text: string = out.document.text;
    for (const a of out.actors) for (const m of a.mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
    for (const q of out.quotes) {
      expect(q.start).toBeGreaterThanOrEqual(0);
      expect(q.end).toBeLessThanOrEqual(text.length);
    }
    expect(out.actors.map((a: { id: string }) => a.id)).toContain('xi-jinping');
  });

  it('reads standard input and honours --source and --date', async () => {
    const r = await readout(['analyze', '-', '--source', 'xinhua', '--date', '2025-11-25'], {
      input: 'BEIJING, Nov. 25 (Xinhua) -- Chinese President Xi Jinping held a phone call with U.S. President Donald Trump on Monday.\n\nXi said Taiwan\'s return to China is an integral part of the post-war international order.',
    });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.document.source.id).toBe('xinhua');
    expect(out.document.publishedAt.slice(0, 10)).toBe('2025-11-25');
    expect(out.issues.map((i: { id: string }) => i.id)).toContain('taiwan');
  });

  it('prints Markdown with --format md', async () => {
    const r = await readout(['analyze', '-', '--format', 'md'], { input: 'Japanese Prime Minister Sanae Takaichi spoke with Donald Trump.' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('## Actors');
    expect(r.stdout).toContain('Sanae Takaichi');
  });

  describe.skipIf(!existsSync(seed))('on the seed article (../shared/seed; skipped when absent)', () => {
    it('finds the leaders and the issues', async () => {
      const r = await readout(['analyze', seed, '--format', 'json']);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      const actors = new Map(out.actors.map((a: { id: string; country: string }) => [a.id, a.country]));
      expect(actors.get('xi-jinping')).toBe('CHN');
      expect(actors.get('donald-trump')).toBe('USA');
      expect(actors.get('sanae-takaichi')).toBe('JPN');
      expect(actors.get('vladimir-putin')).toBe('RUS');
      const issues = out.issues.map((i: { id: string }) => i.id);
      for (const id of ['taiwan', 'trade', 'agriculture', 'ukraine-war', 'rare-earths', 'export-controls']) expect(issues).toContain(id);
    });
  });
});

describe('readout extract', () => {
  it('prints main text and metadata of a Markdown file with front matter', async () => {
    const p = join(dir, 'statement.md');
    writeFileSync(p, '---\ntitle: "A test statement"\nsource: china-mfa\npublished: 2025-11-25T10:00:00+08:00\nurl: https://www.fmprc.gov.cn/eng/test.html\n---\n\nForeign Ministry Spokesperson Mao Ning answered questions.\n');
    const r = await readout(['extract', p]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.title).toBe('A test statement');
    expect(doc.text).toContain('Mao Ning');
    expect(doc.url).toBe('https://www.fmprc.gov.cn/eng/test.html');
  });
});

describe('readout ingest, stories, compare, brief', () => {
  const db = () => join(dir, 'corpus.db');

  it('ingests the sample corpus once, idempotently', async () => {
    const first = await readout(['ingest', samples, '--db', db(), '--json']);
    expect(first.code, first.stderr).toBe(0);
    const s1 = JSON.parse(first.stdout);
    expect(s1.seen).toBeGreaterThanOrEqual(30);
    expect(s1.stored).toBe(s1.seen);
    expect(s1.failed).toBe(0);
    const again = await readout(['ingest', samples, '--db', db(), '--json']);
    const s2 = JSON.parse(again.stdout);
    expect(s2).toEqual({ seen: s1.seen, stored: 0, duplicates: s1.seen, updated: 0, failed: 0 });
  });

  it('counts a bad document as failed and goes on', async () => {
    const mixed = join(dir, 'mixed');
    rmSync(mixed, { recursive: true, force: true });
    mkdirSync(mixed);
    writeFileSync(join(mixed, 'a.txt'), 'Wang Yi met Toshimitsu Motegi in Tokyo to discuss history and Taiwan.');
    writeFileSync(join(mixed, 'b.txt'), '');
    writeFileSync(join(mixed, 'c.html'), '<html><head><title>Trade talks</title></head><body><article><p>Scott Bessent and He Lifeng held trade talks in Kuala Lumpur on tariffs and soybeans, officials said.</p></article></body></html>');
    const r = await readout(['ingest', mixed, '--db', join(dir, 'mixed.db'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ seen: 3, stored: 2, duplicates: 0, updated: 0, failed: 1 });
    expect(r.stderr).toMatch(/E_EMPTY_INPUT/);
  });

  it('lists stories, compares the largest one and writes a brief', async () => {
    const list = await readout(['stories', '--db', db(), '--json']);
    expect(list.code, list.stderr).toBe(0);
    const stories = JSON.parse(list.stdout) as { id: string; documentIds: string[]; title: string }[];
    expect(stories.length).toBeGreaterThanOrEqual(5);
    const biggest = [...stories].sort((a, b) => b.documentIds.length - a.documentIds.length)[0]!;
    const cmp = await readout(['compare', '--story', biggest.id, '--db', db(), '--format', 'json']);
    expect(cmp.code, cmp.stderr).toBe(0);
    const c = JSON.parse(cmp.stdout);
    for (const key of ['story', 'sources', 'emphasis', 'unique', 'omissions', 'contradictions', 'relays']) expect(c).toHaveProperty(key);
    const md = await readout(['compare', '--story', biggest.id, '--db', db(), '--format', 'md']);
    expect(md.code).toBe(0);
    const html = await readout(['brief', '--story', biggest.id, '--db', db(), '--format', 'html']);
    expect(html.code, html.stderr).toBe(0);
    expect(html.stdout).toMatch(/<html/i);
    expect(html.stdout).not.toMatch(/<script/i);
    const missing = await readout(['brief', '--story', 'no-such-story', '--db', db()]);
    expectOneLineError(missing, 'E_NOT_FOUND');
  });

  it('compares loose files without a database', async () => {
    const folder = join(samples, 'trump-takaichi-call-2025-11-25');
    const files = readdirSync(folder).map((f) => join(folder, f));
    const r = await readout(['compare', ...files, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).sources.length).toBeGreaterThanOrEqual(2);
  });

  it('manages sources', async () => {
    const add = await readout(['sources', 'add', '--db', db(), '--id', 'test-outlet', '--name', 'Test Outlet', '--country', 'DEU', '--kind', 'press']);
    expect(add.code, add.stderr).toBe(0);
    const list = await readout(['sources', 'list', '--db', db(), '--json']);
    const ids = JSON.parse(list.stdout).map((s: { id: string }) => s.id);
    expect(ids).toContain('test-outlet');
    expect(ids).toContain('xinhua');
    const opml = await readout(['sources', 'export', '--db', db()]);
    expect(opml.stdout).toContain('<opml');
  });
});

describe('readout ingest --queue and readout worker', () => {
  it('queues files once and a worker ingests them and regroups', async () => {
    const db = join(dir, 'queued.db');
    const folder = join(samples, 'xi-trump-call-2025-09-19');
    const files = readdirSync(folder).length;
    const q1 = await readout(['ingest', '--queue', folder, '--db', db, '--json']);
    expect(q1.code, q1.stderr).toBe(0);
    expect(JSON.parse(q1.stdout)).toEqual({ enqueued: files, skipped: 0 });
    const q2 = await readout(['ingest', '--queue', folder, '--db', db, '--json']);
    expect(JSON.parse(q2.stdout)).toEqual({ enqueued: 0, skipped: files });
    const w = await readout(['worker', '--db', db, '--until-idle', '--concurrency', '2']);
    expect(w.code, w.stderr).toBe(0);
    const stories = JSON.parse((await readout(['stories', '--db', db, '--json'])).stdout) as { documentIds: string[] }[];
    expect(stories.flatMap((s) => s.documentIds)).toHaveLength(files);
  });
});
