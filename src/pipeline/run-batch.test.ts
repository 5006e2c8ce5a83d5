import { describe, expect, it } from 'vitest';
import { ReadoutError } from '../domain/index.js';
import { runBatch, type BatchResult } from './run-batch.js';
import { chain, stage } from './stage.js';

const parse = stage<string, number>('parse', '1', (s, report) => {
  if (s.trim() === '') throw new ReadoutError('E_EMPTY_INPUT', 'empty input; give a non-empty file');
  if (s.includes(' ')) report.add('warning', 'W_SPACES', 'spaces ignored');
  return Number(s.replace(/ /g, ''));
});
const double = stage<number, number>('double', '1', (n) => {
  if (Number.isNaN(n)) throw new Error('not a number');
  return n * 2;
});

describe('runBatch', () => {
  it('keeps a report per input and goes on after a failure', async () => {
    const results: BatchResult<number>[] = [];
    const summary = await runBatch(
      ['1', '', 'x', '2 1', '4'].map((s, i) => ({ key: `in${i}`, input: s })),
      chain(parse, double),
      { onResult: (r) => void results.push(r) },
    );
    expect(summary).toEqual({ ok: 3, failed: 2, aborted: false });
    expect(results.map((r) => (r.ok ? r.value : r.error.code))).toEqual([2, 'E_EMPTY_INPUT', 'E_STAGE', 42, 8]);
    const warned = results.find((r) => r.key === 'in3');
    expect(warned?.report).toEqual([{ stage: 'parse>double', level: 'warning', code: 'W_SPACES', message: 'spaces ignored' }]);
    const failed = results.find((r) => r.key === 'in1');
    expect(failed?.ok).toBe(false);
    expect(failed?.report.at(-1)?.level).toBe('error');
  });

  it('loads lazy inputs and records a failing loader as a failed input', async () => {
    const results: BatchResult<number>[] = [];
    await runBatch(
      [
        { key: 'lazy', input: async () => '5' },
        { key: 'broken', input: async () => { throw new ReadoutError('E_NOT_FOUND', 'no such file; check the path'); } },
      ],
      parse,
      { concurrency: 2, onResult: (r) => void results.push(r) },
    );
    const byKey = Object.fromEntries(results.map((r) => [r.key, r.ok ? r.value : r.error.code]));
    expect(byKey).toEqual({ lazy: 5, broken: 'E_NOT_FOUND' });
  });

  it('hands results over in input order when asked, whatever order they finish in', async () => {
    // Later inputs finish first: delays shrink along the batch.
    const slow = stage<number, number>('slow', '1', (n) => new Promise((r) => setTimeout(() => r(n), (20 - n) * 2)));
    const run = async (ordered: boolean): Promise<number[]> => {
      const seen: number[] = [];
      await runBatch(Array.from({ length: 20 }, (_, i) => ({ key: String(i), input: i })), slow, {
        concurrency: 8, ordered, onResult: (r) => { if (r.ok) seen.push(r.value); },
      });
      return seen;
    };
    const expected = Array.from({ length: 20 }, (_, i) => i);
    expect(await run(true)).toEqual(expected);
    expect(await run(false)).not.toEqual(expected);
  });

  it('stops taking inputs once aborted', async () => {
    const controller = new AbortController();
    let seen = 0;
    const summary = await runBatch(
      ['1', '2', '3', '4'].map((s) => ({ key: s, input: s })),
      parse,
      { signal: controller.signal, onResult: () => { seen++; if (seen === 2) controller.abort(); } },
    );
    expect(summary.aborted).toBe(true);
    expect(seen).toBe(2);
  });
});
