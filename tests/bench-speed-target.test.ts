import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompareCost } from '../bench/compare-cost.js';
import { medianStepGapMs } from '../bench/replay-timing.js';
import { checkTargets, speedupTargetApplies, TARGETS } from '../bench/report.js';
import { summarize } from '../bench/stats.js';
import { compilePlan } from '../harness/compile/compile-plan.js';
import { readRecording } from '../harness/fixture/read-recording.js';
import { recordingsDir, repoRoot } from './support/paths.js';

const COMPARE: CompareCost = {
  synthetic: { unchangedMs: summarize([0.02]) },
} as unknown as CompareCost;

function session(name: string, medianGapMs: number, speedup: number) {
  return {
    name,
    medianGapMs,
    speedup: summarize([speedup]),
    speedupCached: summarize([speedup]),
    speedupStored: summarize([speedup]),
    overheadPct: summarize([5]),
    overheadCachedPct: summarize([5]),
    overheadStoredPct: summarize([5]),
  };
}

describe('medianStepGapMs', () => {
  it('returns the median gap', () => {
    expect(medianStepGapMs([{ gapMs: 300 }, { gapMs: 3000 }, { gapMs: 400 }])).toBe(400);
    expect(medianStepGapMs([{ gapMs: 300 }, { gapMs: 500 }])).toBe(400);
  });

  it('returns 0 without steps', () => {
    expect(medianStepGapMs([])).toBe(0);
  });
});

describe('speedup target', () => {
  it('applies from the minimum median gap', () => {
    expect(speedupTargetApplies({ medianGapMs: TARGETS.minMedianGapMs - 1 })).toBe(false);
    expect(speedupTargetApplies({ medianGapMs: TARGETS.minMedianGapMs })).toBe(true);
  });

  it('is not checked on scripted sessions alone', () => {
    const results = checkTargets([session('scripted', 475, 1.4)], COMPARE);
    expect(results.speedup).toBeNull();
    expect(results.speedupSessions).toEqual([]);
  });

  it('checks only the human-paced sessions', () => {
    const sessions = [session('scripted', 475, 1.4), session('human', 3185, 12)];
    const results = checkTargets(sessions, COMPARE);
    expect(results.speedup).toBe(true);
    expect(results.speedupSessions).toEqual(['human']);
  });

  it('is missed by a slow human-paced session', () => {
    const results = checkTargets([session('human', 3185, 8)], COMPARE);
    expect(results.speedup).toBe(false);
  });

  it('applies to the bench fixtures and not the demo recordings', async () => {
    const fixturesDir = join(repoRoot, 'bench', 'fixtures');
    const gapOf = async (file: string): Promise<number> =>
      medianStepGapMs(compilePlan(await readRecording(file)).steps);
    const demos = (await readdir(recordingsDir)).filter((file) => file.endsWith('.json.gz'));
    const fixtures = (await readdir(fixturesDir)).filter((file) => file.endsWith('.json.gz'));
    expect(demos.length).toBeGreaterThan(0);
    expect(fixtures.length).toBeGreaterThan(0);
    for (const file of demos) {
      const medianGapMs = await gapOf(join(recordingsDir, file));
      expect(speedupTargetApplies({ medianGapMs }), file).toBe(false);
    }
    for (const file of fixtures) {
      const medianGapMs = await gapOf(join(fixturesDir, file));
      expect(speedupTargetApplies({ medianGapMs }), file).toBe(true);
    }
  });
});
