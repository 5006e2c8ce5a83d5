// The story and comparison stages on the real sample corpus (samples/), through the real
// extractor and analyzer: grouping quality and the findings the 24 Nov 2025 call must show.
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { callChecks, evalStories, SAMPLES_DIR, type EvalStoriesResult } from '../bench/eval-stories.js';

const analyzerReady = existsSync(fileURLToPath(new URL('../src/stages/analyze/index.ts', import.meta.url)))
  && existsSync(fileURLToPath(new URL('../src/stages/extract/index.ts', import.meta.url)));
const corpusReady = existsSync(SAMPLES_DIR) && readdirSync(SAMPLES_DIR).length > 0;

describe.skipIf(!analyzerReady || !corpusReady)('story grouping and comparison on samples/ (skipped: analyzer, extractor or sample corpus missing)', () => {
  let r: EvalStoriesResult;
  beforeAll(async () => {
    r = await evalStories();
  }, 120_000);

  it('groups the sample corpus to the issue\'s goal: B-cubed precision and recall >= 0.95 each', () => {
    expect(r.documents).toBeGreaterThan(40);
    expect(r.score.precision).toBeGreaterThanOrEqual(0.95);
    expect(r.score.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('keeps the Japan–China row apart from the Trump–Takaichi call that came in the middle of it', () => {
    const wrong = r.misgrouped.filter((m) => m.gold === 'japan-china-row-2025-11' || m.storyMajority === 'japan-china-row-2025-11'
      || m.gold === 'trump-takaichi-call-2025-11-25' || m.storyMajority === 'trump-takaichi-call-2025-11-25');
    expect(wrong).toEqual([]);
  });

  it('keeps the Sep 2025 call apart from the Nov 2025 call', () => {
    const sept = r.storyList.filter((s) => s.majority === 'xi-trump-call-2025-09-19');
    expect(sept).toHaveLength(1);
    expect(r.misgrouped.filter((m) => m.gold === 'xi-trump-call-2025-09-19' || m.storyMajority === 'xi-trump-call-2025-09-19')).toEqual([]);
  });

  it('puts the 25 Nov MFA briefing in the 24 Nov call story', () => {
    expect(r.misgrouped.some((m) => m.file.includes('xi-trump-call-2025-11-24/03-china-mfa-briefing'))).toBe(false);
  });

  it('shows what each side stressed, the Xinhua relay, the initiator dispute and the April invitation', () => {
    expect(r.comparison).not.toBeNull();
    // Every check gates, including the Chinese side leading with Taiwan and history.
    const failed = r.checks.filter((c) => !c.ok);
    expect(failed).toEqual([]);
    const byName = new Map(r.checks.map((c) => [c.check, c]));
    expect(byName.get('contradiction over who initiated the call')?.ok).toBe(true);
    expect(byName.get('most press relays xinhua')?.ok).toBe(true);
    expect(byName.get('April invitation (CONSULT invite) appears')?.ok).toBe(true);
    expect(byName.get('acceptance (AGREE accept) appears')?.ok).toBe(true);
  });

  it('reports a missing story as a failed check, not a crash', () => {
    expect(callChecks(undefined, null, [])[0]?.ok).toBe(false);
  });
});
