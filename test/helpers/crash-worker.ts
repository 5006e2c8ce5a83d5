// A worker process for the crash-safety test: openStore + openQueue + an injectable handler.
// Prints "working" when its first job starts. SIGTERM stops it cleanly (running jobs finish);
// with --until-idle it exits 0 once the queue is drained.
//
//   node --import tsx test/helpers/crash-worker.ts --db URL [--schema S] --fixtures DIR
//        [--concurrency 2] [--delay-ms 30] [--lease-ms 1000] [--until-idle] [--handler MODULE]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openQueue } from '../../src/queue/index.js';
import { openStore } from '../../src/storage/index.js';
import type { HandlerFactory } from './fixture-document-handler.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    schema: { type: 'string' },
    fixtures: { type: 'string', default: '.' },
    concurrency: { type: 'string', default: '2' },
    'delay-ms': { type: 'string', default: '30' },
    'lease-ms': { type: 'string', default: '1000' },
    'until-idle': { type: 'boolean', default: false },
    handler: { type: 'string' },
  },
});

async function main(): Promise<void> {
  if (values.db === undefined) throw new Error('--db is required');
  const schema = values.schema === undefined ? {} : { schema: values.schema };
  const store = await openStore(values.db, schema);
  const queue = await openQueue(values.db, { ...schema, leaseMs: Number(values['lease-ms']) });
  const factoryModule = values.handler === undefined
    ? await import('./fixture-document-handler.js')
    : await import(pathToFileURL(resolve(values.handler)).href) as { createHandler: HandlerFactory };
  const inner = factoryModule.createHandler({ store, fixturesDir: values.fixtures, delayMs: Number(values['delay-ms']) });
  let announced = false;
  const handler: typeof inner = (job) => {
    if (!announced) {
      announced = true;
      process.stdout.write('working\n');
    }
    return inner(job);
  };

  const ctrl = new AbortController();
  process.on('SIGTERM', () => ctrl.abort());
  process.on('SIGINT', () => ctrl.abort());
  const working = queue.work(handler, {
    concurrency: Number(values.concurrency), signal: ctrl.signal, pollIntervalMs: 100, stopWhenIdle: values['until-idle'],
  });
  await working;
  await queue.close();
  await store.close();
}

main().then(() => process.exit(0), (e: unknown) => {
  console.error(`crash-worker: ${e instanceof Error ? e.stack : String(e)}`);
  process.exit(1);
});
