// Every command and option of the CLI, declared once as data. Help text, parsing and validation are
// all derived from this table, so the contract in the design notes has exactly one home.
import { z } from 'zod';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  description: string;
  /** Placeholder shown in help, e.g. "URL". */
  value?: string;
  multiple?: boolean;
}

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
  /** Validates and normalises parsed options (zod), once, at the boundary. */
  schema: z.ZodType;
  positionals: { min: number; max: number | null; name: string };
  subcommands?: string[];
  examples?: string[];
}

const dbOption: OptionSpec = {
  type: 'string',
  value: 'URL',
  description: 'database: a SQLite file path or postgres://… (default $READOUT_DB, else ./readout.db)',
};
const helpOption: OptionSpec = { type: 'boolean', short: 'h', description: 'show this help' };

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'expected an ISO date such as 2025-11-25' });
const port = z.coerce.number().int().min(0).max(65535);

export const COMMANDS: CommandSpec[] = [
  {
    name: 'analyze',
    summary: 'extract and analyse one document: actors, issues, quotes, claims, events, commitments',
    usage: 'readout analyze [FILE|URL|-] [--url U] [--source ID] [--date ISO] [--format json|md]',
    options: {
      url: { type: 'string', value: 'U', description: 'the URL the input was published at (provenance, source detection)' },
      source: { type: 'string', value: 'ID', description: 'source id from `readout sources list` (overrides detection)' },
      date: { type: 'string', value: 'ISO', description: 'publication date (overrides the document; used to resolve "on Monday")' },
      format: { type: 'string', value: 'json|md', description: 'output format (default json)' },
      'allow-private-network': { type: 'boolean', description: 'allow fetching URLs that resolve to private addresses' },
      help: helpOption,
    },
    schema: z.object({
      url: z.string().url().optional(),
      source: z.string().min(1).optional(),
      date: isoDate.optional(),
      format: z.enum(['json', 'md']).default('json'),
      'allow-private-network': z.boolean().default(false),
    }),
    positionals: { min: 0, max: 1, name: 'FILE|URL|-' },
    examples: ['readout analyze statement.md', 'curl -s https://example.org/a.html | readout analyze - --url https://example.org/a.html'],
  },
  {
    name: 'extract',
    summary: 'print the main text and metadata of a document as JSON',
    usage: 'readout extract FILE|URL|- [--url U]',
    options: {
      url: { type: 'string', value: 'U', description: 'the URL the input was published at' },
      'allow-private-network': { type: 'boolean', description: 'allow fetching URLs that resolve to private addresses' },
      help: helpOption,
    },
    schema: z.object({ url: z.string().url().optional(), 'allow-private-network': z.boolean().default(false) }),
    positionals: { min: 1, max: 1, name: 'FILE|URL|-' },
  },
  {
    name: 'ingest',
    summary: 'store files, folders, URLs, feeds and OPML lists, then regroup stories',
    usage: 'readout ingest [PATH|URL|OPML ...] [--db URL] [--allow-private-network] [--json] [--watch] [--queue] [--threads N]',
    options: {
      db: dbOption,
      'allow-private-network': { type: 'boolean', description: 'allow URLs that resolve to loopback or private addresses' },
      json: { type: 'boolean', description: 'end with a JSON summary {seen, stored, duplicates, updated, failed} on stdout' },
      watch: { type: 'boolean', description: 'keep polling the feeds of the source catalogue on schedule until SIGINT/SIGTERM' },
      queue: { type: 'boolean', description: 'queue the inputs as jobs for `readout worker` processes instead of ingesting here' },
      threads: { type: 'string', value: 'N', description: 'threads that extract and analyse (default: one per core beside the main one, for 200+ documents; 0 = none)' },
      help: helpOption,
    },
    schema: z.object({
      db: z.string().min(1).optional(),
      'allow-private-network': z.boolean().default(false),
      json: z.boolean().default(false),
      watch: z.boolean().default(false),
      queue: z.boolean().default(false),
      threads: z.coerce.number().int().min(0).max(64).optional(),
    }),
    positionals: { min: 0, max: null, name: 'PATH|URL|OPML' },
    examples: ['readout ingest samples/', 'readout ingest https://www.whitehouse.gov/news/feed/ --json'],
  },
  {
    name: 'stories',
    summary: 'list the stories (documents grouped by real-world event)',
    usage: 'readout stories [--since ISO] [--json] [--db URL]',
    options: {
      since: { type: 'string', value: 'ISO', description: 'only stories that end on or after this date' },
      json: { type: 'boolean', description: 'print JSON instead of a table' },
      db: dbOption,
      help: helpOption,
    },
    schema: z.object({ since: isoDate.optional(), json: z.boolean().default(false), db: z.string().min(1).optional() }),
    positionals: { min: 0, max: 0, name: '' },
  },
  {
    name: 'compare',
    summary: "compare a story's sources: emphasis, unique claims, omissions, contradictions, relays",
    usage: 'readout compare [FILE ... | --story ID] [--format json|md|html] [--db URL]',
    options: {
      story: { type: 'string', value: 'ID', description: 'a story id from `readout stories`' },
      format: { type: 'string', value: 'json|md|html', description: 'output format (default json)' },
      db: dbOption,
      'allow-private-network': { type: 'boolean', description: 'allow fetching URLs that resolve to private addresses' },
      help: helpOption,
    },
    schema: z.object({
      story: z.string().min(1).optional(),
      format: z.enum(['json', 'md', 'html']).default('json'),
      db: z.string().min(1).optional(),
      'allow-private-network': z.boolean().default(false),
    }),
    positionals: { min: 0, max: null, name: 'FILE' },
  },
  {
    name: 'brief',
    summary: 'an extractive briefing on a story, every sentence cited',
    usage: 'readout brief --story ID [--format md|html] [--db URL]',
    options: {
      story: { type: 'string', value: 'ID', description: 'a story id from `readout stories`' },
      format: { type: 'string', value: 'md|html', description: 'output format (default md)' },
      db: dbOption,
      help: helpOption,
    },
    schema: z.object({ story: z.string().min(1), format: z.enum(['md', 'html']).default('md'), db: z.string().min(1).optional() }),
    positionals: { min: 0, max: 0, name: '' },
  },
  {
    name: 'serve',
    summary: 'serve the HTTP API and the web dashboard',
    usage: 'readout serve [--db URL] [--host 127.0.0.1] [--port 8080] [--token T]',
    options: {
      db: dbOption,
      host: { type: 'string', value: 'HOST', description: 'address to bind (default 127.0.0.1)' },
      port: { type: 'string', value: 'PORT', description: 'port (default 8080; 0 picks a free one)' },
      token: { type: 'string', value: 'T', description: 'bearer token for writes (default $READOUT_TOKEN; required off loopback)' },
      help: helpOption,
    },
    schema: z.object({
      db: z.string().min(1).optional(),
      host: z.string().min(1).default('127.0.0.1'),
      port: port.default(8080),
      token: z.string().min(8, 'a token needs at least 8 characters').optional(),
    }),
    positionals: { min: 0, max: 0, name: '' },
  },
  {
    name: 'sources',
    summary: 'manage the source catalogue: list, add, import FILE.opml, export',
    usage: 'readout sources list|add|import FILE.opml|export [--db URL] [--id ID --name N --country ISO3 --kind K --language L --feed URL --homepage URL]',
    options: {
      db: dbOption,
      id: { type: 'string', value: 'ID', description: 'add: source id (lowercase-kebab)' },
      name: { type: 'string', value: 'N', description: 'add: display name' },
      country: { type: 'string', value: 'ISO3', description: 'add: country code' },
      kind: { type: 'string', value: 'K', description: 'add: government|state-media|wire|press|commentary|other' },
      language: { type: 'string', value: 'L', description: 'add: language code (default en)' },
      feed: { type: 'string', value: 'URL', description: 'add: a feed URL (repeatable)', multiple: true },
      homepage: { type: 'string', value: 'URL', description: 'add: homepage' },
      json: { type: 'boolean', description: 'list: print JSON' },
      help: helpOption,
    },
    schema: z.object({
      db: z.string().min(1).optional(),
      id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'ids are lowercase-kebab-case').optional(),
      name: z.string().min(1).optional(),
      country: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO3 code such as CHN').optional(),
      kind: z.enum(['government', 'state-media', 'wire', 'press', 'commentary', 'other']).optional(),
      language: z.string().min(2).default('en'),
      feed: z.array(z.string().url()).default([]),
      homepage: z.string().url().optional(),
      json: z.boolean().default(false),
    }),
    positionals: { min: 1, max: 2, name: 'list|add|import FILE|export' },
    subcommands: ['list', 'add', 'import', 'export'],
  },
  {
    name: 'worker',
    summary: 'process queued fetch/extract/analyse jobs (many workers may share one PostgreSQL database)',
    usage: 'readout worker [--db URL] [--concurrency N] [--until-idle]',
    options: {
      db: dbOption,
      concurrency: { type: 'string', value: 'N', description: 'jobs at once in this process (default 2)' },
      'until-idle': { type: 'boolean', description: 'exit once the queue is empty (for scripts and cron) instead of waiting for more' },
      help: helpOption,
    },
    schema: z.object({
      db: z.string().min(1).optional(),
      concurrency: z.coerce.number().int().min(1).max(64).default(2),
      'until-idle': z.boolean().default(false),
    }),
    positionals: { min: 0, max: 0, name: '' },
  },
  {
    name: 'start',
    summary: 'first run: load the bundled sample corpus, print the stories and the main comparison, serve the dashboard',
    usage: 'readout start [--db URL] [--port 8080] [--no-serve]',
    options: {
      db: dbOption,
      port: { type: 'string', value: 'PORT', description: 'dashboard port (default 8080)' },
      'no-serve': { type: 'boolean', description: 'print the stories and comparison, then exit' },
      help: helpOption,
    },
    schema: z.object({ db: z.string().min(1).optional(), port: port.default(8080), 'no-serve': z.boolean().default(false) }),
    positionals: { min: 0, max: 0, name: '' },
  },
];

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}

export function commandHelp(spec: CommandSpec): string {
  const lines = [`${spec.usage}`, '', `  ${spec.summary}`, '', 'Options:'];
  for (const [name, opt] of Object.entries(spec.options)) {
    const flag = `${opt.short ? `-${opt.short}, ` : '    '}--${name}${opt.value ? ` ${opt.value}` : ''}`;
    lines.push(`  ${flag.padEnd(34)} ${opt.description}`);
  }
  if (spec.examples?.length) lines.push('', 'Examples:', ...spec.examples.map((e) => `  ${e}`));
  return `${lines.join('\n')}\n`;
}

export function globalHelp(): string {
  const lines = [
    'readout — compare how governments, state media, wires and the press tell the same diplomatic event',
    '',
    'Usage: readout <command> [options]     (readout <command> --help for details)',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    'JSON goes to stdout, progress and logs to stderr. Exit codes: 0 ok, 1 failure, 2 bad usage.',
  ];
  return `${lines.join('\n')}\n`;
}
