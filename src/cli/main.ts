// The `readout` command: a thin shell over the application layer. JSON on stdout, logs and
// progress on stderr, one-line errors `readout: CODE: message`, exit 0 ok / 1 failure / 2 usage.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openApp } from '../app/index.js';
import type { AnalyzeInput, ReadoutApp } from '../app/index.js';
import { ReadoutError, toReadoutError, type IngestSummary } from '../domain/index.js';
import { startServer } from '../server/index.js';
import { commandHelp, globalHelp } from './command-table.js';
import { formatAnalysisMarkdown, formatStoriesTable } from './output-formatters.js';
import { parseCommandLine } from './parse-command-line.js';
import { createProgressLine } from './progress-line.js';

export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: AsyncIterable<Uint8Array>;
  env: NodeJS.ProcessEnv;
  /** Resolves when the user asks to stop (SIGINT/SIGTERM). */
  onStop?: (listener: () => void) => void;
}

/** The built dashboard (web/dist), beside the package root whether running from src/ or dist/. */
const WEB_ROOT = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const defaultIO = (): CliIO => ({
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  onStop: (listener) => {
    process.once('SIGINT', listener);
    process.once('SIGTERM', listener);
  },
});

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function writeJson(io: CliIO, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export async function main(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  let app: ReadoutApp | null = null;
  try {
    const inv = parseCommandLine(argv);
    if (inv.kind === 'help') {
      io.stdout.write(inv.command ? commandHelp(inv.command) : globalHelp());
      return 0;
    }
    if (inv.kind === 'version') {
      io.stdout.write(`readout ${packageVersion()}\n`);
      return 0;
    }
    const opts = inv.options;
    // An empty READOUT_DB counts as unset.
    const db = (opts.db as string | undefined) || io.env.READOUT_DB || './readout.db';
    app = await openApp({ db, log: (line) => io.stderr.write(`${line}\n`) });
    return await run(app, inv.command.name, opts, inv.positionals, io);
  } catch (e) {
    const err = toReadoutError(e);
    const message = err.message.replace(/\s*\n\s*/g, ' ');
    io.stderr.write(`readout: ${err.code}: ${message}\n`);
    if (io.env.READOUT_DEBUG && err.stack) io.stderr.write(`${err.stack}\n`);
    return err.code === 'E_USAGE' ? 2 : 1;
  } finally {
    await app?.close().catch(() => undefined);
  }
}

async function readSpec(app: ReadoutApp, spec: string | undefined, opts: Record<string, unknown>, io: CliIO): Promise<AnalyzeInput> {
  const url = (opts.url as string | undefined) ?? null;
  if (spec === undefined || spec === '-') return app.loadStream(io.stdin, { url });
  return app.loadInput(spec, { allowPrivateNetwork: Boolean(opts['allow-private-network']), url });
}

async function run(app: ReadoutApp, name: string, opts: Record<string, unknown>, positionals: string[], io: CliIO): Promise<number> {
  switch (name) {
    case 'analyze': {
      const input = await readSpec(app, positionals[0], opts, io);
      const out = await app.analyze({ ...input, sourceId: (opts.source as string | undefined) ?? null, date: (opts.date as string | undefined) ?? null });
      for (const r of out.report) if (r.level !== 'info') io.stderr.write(`readout: ${r.level}: ${r.code}: ${r.message}\n`);
      if (opts.format === 'md') io.stdout.write(formatAnalysisMarkdown(out));
      else writeJson(io, analysisJson(out));
      return 0;
    }
    case 'extract': {
      const input = await readSpec(app, positionals[0], opts, io);
      const out = await app.extract(input);
      writeJson(io, { ...out.document, report: out.report });
      return 0;
    }
    case 'ingest': {
      if (opts.queue) {
        if (opts.watch) throw new ReadoutError('E_USAGE', '--queue and --watch do not combine; run `readout ingest --watch` on one machine');
        const r = await app.enqueue(positionals);
        if (opts.json) writeJson(io, r);
        else io.stderr.write(`readout: queued ${r.enqueued} jobs (${r.skipped} already queued); run \`readout worker\` to process them\n`);
        return 0;
      }
      const stop = new AbortController();
      io.onStop?.(() => stop.abort());
      const progress = createProgressLine(io.stderr);
      const summary: IngestSummary = await app.ingest(positionals, {
        allowPrivateNetwork: Boolean(opts['allow-private-network']),
        watch: Boolean(opts.watch),
        ...(opts.threads === undefined ? {} : { threads: opts.threads as number }),
        signal: stop.signal,
        onProgress: (p) => progress.update(p.done, p.total, p.current),
        onLog: (line) => progress.log(line),
      });
      progress.done();
      if (opts.json) writeJson(io, summary);
      else io.stderr.write(`seen ${summary.seen}, stored ${summary.stored}, duplicates ${summary.duplicates}, updated ${summary.updated}, failed ${summary.failed}\n`);
      return summary.failed > 0 && summary.stored + summary.duplicates + summary.updated === 0 ? 1 : 0;
    }
    case 'stories': {
      const stories = await app.listStories(opts.since ? { since: opts.since as string } : {});
      if (opts.json) writeJson(io, stories);
      else io.stdout.write(formatStoriesTable(stories));
      return 0;
    }
    case 'compare': {
      const format = opts.format as 'json' | 'md' | 'html';
      let comparison;
      if (opts.story) {
        if (positionals.length) throw new ReadoutError('E_USAGE', 'give either FILE ... or --story ID, not both');
        comparison = await app.compareStory(opts.story as string);
      } else {
        if (positionals.length === 0) throw new ReadoutError('E_USAGE', 'compare needs FILE ... or --story ID; see `readout stories` for ids');
        const inputs = [];
        for (const p of positionals) inputs.push(await readSpec(app, p, opts, io));
        comparison = await app.compareInputs(inputs);
      }
      if (format === 'json') writeJson(io, comparison);
      else io.stdout.write(app.renderComparison(comparison, format));
      return 0;
    }
    case 'brief': {
      io.stdout.write(await app.brief(opts.story as string, opts.format as 'md' | 'html'));
      return 0;
    }
    case 'sources':
      return runSources(app, opts, positionals, io);
    case 'serve': {
      const token = (opts.token as string | undefined) ?? io.env.READOUT_TOKEN ?? null;
      const server = await startServer(app, { host: opts.host as string, port: opts.port as number, token, webRoot: WEB_ROOT });
      io.stderr.write(`readout: serving ${server.url} (Ctrl-C to stop)\n`);
      await waitForStop(io);
      await server.close();
      return 0;
    }
    case 'worker': {
      const stop = new AbortController();
      io.onStop?.(() => stop.abort());
      await app.work({ concurrency: opts.concurrency as number, signal: stop.signal, untilIdle: Boolean(opts['until-idle']) });
      return 0;
    }
    case 'start':
      return runStart(app, opts, io);
    default:
      throw new ReadoutError('E_USAGE', `unknown command "${name}"; run \`readout --help\``);
  }
}

function waitForStop(io: CliIO): Promise<void> {
  return new Promise((resolve) => io.onStop?.(resolve));
}

async function runSources(app: ReadoutApp, opts: Record<string, unknown>, positionals: string[], io: CliIO): Promise<number> {
  const [sub, arg] = positionals;
  switch (sub) {
    case 'list': {
      const sources = await app.listSources();
      if (opts.json) writeJson(io, sources);
      else for (const s of sources) io.stdout.write(`${s.id.padEnd(22)} ${s.kind.padEnd(12)} ${(s.country || '-').padEnd(4)} ${s.language.padEnd(3)} ${s.name}\n`);
      return 0;
    }
    case 'add': {
      const missing = ['id', 'name', 'country', 'kind'].filter((k) => opts[k] === undefined);
      if (missing.length) throw new ReadoutError('E_USAGE', `sources add needs ${missing.map((m) => `--${m}`).join(', ')}`);
      await app.addSource({
        id: opts.id as string,
        name: opts.name as string,
        country: opts.country as string,
        kind: opts.kind as 'government',
        language: opts.language as string,
        feeds: opts.feed as string[],
        ...(opts.homepage ? { homepage: opts.homepage as string } : {}),
      });
      io.stderr.write(`readout: added source ${String(opts.id)}\n`);
      return 0;
    }
    case 'import': {
      if (!arg) throw new ReadoutError('E_USAGE', 'sources import needs FILE.opml');
      const input = await app.loadInput(arg);
      const added = await app.importOpml(new TextDecoder().decode(input.bytes));
      io.stderr.write(`readout: imported ${added.length} sources\n`);
      writeJson(io, added.map((s) => s.id));
      return 0;
    }
    case 'export':
      io.stdout.write(await app.exportOpml());
      return 0;
    default:
      throw new ReadoutError('E_USAGE', 'sources needs one of list, add, import FILE.opml, export');
  }
}

async function runStart(app: ReadoutApp, opts: Record<string, unknown>, io: CliIO): Promise<number> {
  const loaded = await app.ensureSampleCorpus({ onLog: (line) => io.stderr.write(`${line}\n`) });
  if (loaded) io.stderr.write(`readout: loaded the sample corpus: ${loaded.stored} documents\n`);
  const stories = await app.listStories({});
  io.stdout.write(`Stories\n\n${formatStoriesTable(stories)}\n`);
  const main = [...stories].sort((a, b) => b.documentIds.length - a.documentIds.length)[0];
  if (main) {
    io.stdout.write(`Comparison of the largest story (readout compare --story ${main.id} --format md)\n\n`);
    io.stdout.write(app.renderComparison(await app.compareStory(main.id), 'md'));
  }
  if (opts['no-serve']) return 0;
  const server = await startServer(app, { host: '127.0.0.1', port: opts.port as number, token: io.env.READOUT_TOKEN ?? null, webRoot: WEB_ROOT });
  io.stderr.write(`\nreadout: dashboard at ${server.url}  (Ctrl-C to stop)\n`);
  await waitForStop(io);
  await server.close();
  return 0;
}

/** The `analyze --format json` object of the contract. */
function analysisJson(out: Awaited<ReturnType<ReadoutApp['analyze']>>): unknown {
  const { document: d, analysis: a } = out;
  return {
    document: {
      id: d.id,
      url: d.url,
      canonicalUrl: d.canonicalUrl,
      title: d.title,
      byline: d.byline,
      source: out.source ? { id: out.source.id, name: out.source.name, country: out.source.country, kind: out.source.kind } : null,
      publishedAt: d.publishedAt,
      lang: a.lang ?? d.lang,
      contentHash: d.contentHash,
      extractor: d.extractor,
      text: d.text,
    },
    actors: a.actors,
    issues: a.issues,
    quotes: a.quotes,
    claims: a.claims,
    events: a.events,
    commitments: a.commitments,
    sentences: a.sentences.length,
    provenance: a.provenance,
    report: out.report,
  };
}
