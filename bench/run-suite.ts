// Runs a list of bench/eval scripts one after another, each in its own process (so one's memory
// never skews another's numbers), then gathers their JSON results into one file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface SuiteStep {
  script: string;
  args?: string[];
  /** The JSON file the script writes under bench/results/. */
  result: string;
  nodeFlags?: string[];
}

export function runSuite(name: string, steps: SuiteStep[]): number {
  const results: Record<string, unknown> = {};
  const table: { step: string; status: string; seconds: string; result: string }[] = [];
  let failures = 0;
  for (const step of steps) {
    console.log(`\n=== ${step.script} ${(step.args ?? []).join(' ')}`);
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [...(step.nodeFlags ?? []), '--import', 'tsx', join(ROOT, 'bench', step.script), ...(step.args ?? [])], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    const path = join(ROOT, 'bench/results', step.result);
    const ok = r.status === 0;
    if (!ok) failures++;
    if (ok && existsSync(path)) results[step.script] = JSON.parse(readFileSync(path, 'utf8'));
    table.push({ step: step.script, status: ok ? 'ok' : `FAILED (${r.status ?? r.signal})`, seconds, result: `bench/results/${step.result}` });
  }
  console.log(`\n=== ${name} summary`);
  console.table(table);
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results', `${name}.json`), `${JSON.stringify({ date: new Date().toISOString(), results }, null, 2)}\n`);
  console.log(`wrote bench/results/${name}.json`);
  return failures === 0 ? 0 : 1;
}
