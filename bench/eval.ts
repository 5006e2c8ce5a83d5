// `npm run eval`: quality scores (extraction, feeds, analysis, story grouping and comparison).
import { runSuite } from './run-suite.js';

process.exitCode = runSuite('eval', [
  { script: 'eval-extraction.ts', result: 'eval-extraction.json' },
  { script: 'eval-feeds.ts', result: 'eval-feeds.json' },
  { script: 'eval-analysis.ts', result: 'eval-analysis.json' },
  { script: 'eval-stories.ts', result: 'eval-stories.json' },
]);
