// `npm run bench`: speed and memory of every part. Each script prints its own table and JSON.
import { runSuite } from './run-suite.js';

process.exitCode = runSuite('bench', [
  { script: 'bench-extraction.ts', result: 'bench-extraction.json' },
  { script: 'bench-analysis.ts', result: 'bench-analysis.json', nodeFlags: ['--expose-gc'] },
  { script: 'bench-ingest.ts', args: ['--docs', '10000'], result: 'bench-ingest.json' },
  { script: 'bench-stories.ts', result: 'bench-stories.json' },
  { script: 'bench-http.ts', result: 'bench-http.json' },
]);
