import { join } from 'node:path';
import type { CheckpointSpec } from '../compile/plan.js';
import type { BaselineSource, CheckpointResult } from '../result/types.js';
import type { SessionSettings } from '../runner/run-plan.js';
import { compareDom } from '../score/compare-dom.js';
import { comparePixels } from '../score/compare-pixels.js';
import { judgeCheckpoint } from '../score/verdict.js';
import { writeFileAtomic } from '../shared/atomic-write.js';
import type { ExpectedCheckpoint } from './baseline-source.js';
import type { CapturedCheckpoint } from './capture-checkpoint.js';
import { rebaseUrl } from './map-url.js';
import { relativizeDomUrls } from './relativize-dom-urls.js';

/**
 * Scores one checkpoint against its baseline and writes the actual, expected and diff images
 * into the session's output folder. Without an expected side (baselines being updated) the
 * checkpoint passes uncompared.
 */
export async function compareCheckpoint(input: {
  spec: CheckpointSpec;
  actual: CapturedCheckpoint;
  expected: ExpectedCheckpoint | undefined;
  baselineSource: BaselineSource | undefined;
  /** Origin of the app under test; the expected side's URLs are compared on it. */
  appOrigin: string;
  settings: SessionSettings;
  outputDir: string;
}): Promise<CheckpointResult> {
  const { spec, actual, expected, settings } = input;
  const images: CheckpointResult['images'] = { actual: `${spec.id}-actual.png` };
  await writeFileAtomic(join(input.outputDir, images.actual), actual.png);
  // `replaygate approve` turns this snapshot and the PNG above into the checkpoint's baseline.
  await writeFileAtomic(
    join(input.outputDir, `${spec.id}-actual.dom.json`),
    `${JSON.stringify(actual.dom, null, 2)}\n`,
  );

  const base = { id: spec.id, label: spec.label, afterStep: spec.afterStep, url: actual.url };
  if (!expected) {
    return { ...base, fidelity: 1, passed: true, images };
  }

  const pixelOutput = comparePixels(expected.png, actual.png, {
    threshold: settings.thresholds.pixelThreshold,
  });
  // The expected side was captured on another origin (the recording's, or an earlier run's
  // port), so URLs are compared without their own page origin.
  const dom = compareDom(
    relativizeDomUrls(expected.dom, originOf(expected.url)),
    relativizeDomUrls(actual.dom, input.appOrigin),
    { ignoreAttributes: settings.ignoreAttributes },
  );
  const verdict = judgeCheckpoint(
    { id: spec.id, label: spec.label, pixels: pixelOutput.comparison, dom },
    settings.thresholds,
  );

  images.expected = `${spec.id}-expected.png`;
  await writeFileAtomic(join(input.outputDir, images.expected), expected.png);
  if (pixelOutput.diffPng) {
    images.diff = `${spec.id}-diff.png`;
    await writeFileAtomic(join(input.outputDir, images.diff), pixelOutput.diffPng);
  }

  return {
    ...base,
    ...(expected.url && expected.urlKnown !== false
      ? { expectedUrl: rebaseUrl(expected.url, input.appOrigin) }
      : {}),
    ...(input.baselineSource ? { baselineSource: input.baselineSource } : {}),
    ...(expected.renderCache ? { renderCache: expected.renderCache } : {}),
    pixels: pixelOutput.comparison,
    dom,
    fidelity: verdict.fidelity,
    passed: verdict.passed,
    images,
  };
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}
