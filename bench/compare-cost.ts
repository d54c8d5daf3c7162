import { PNG } from 'pngjs';
import { relativizeDomUrls } from '../harness/replay/relativize-dom-urls.js';
import { compareDom } from '../harness/score/compare-dom.js';
import { benchmarkComparePixels } from '../harness/score/compare-pixels.bench.js';
import { comparePixels, DEFAULT_PIXEL_THRESHOLD } from '../harness/score/compare-pixels.js';
import { countNodes, type CheckpointPair, type SamplePairs } from './phase-breakdown.js';
import { msPerCall, summarize, type Summary } from './stats.js';

/** Milliseconds per comparison, each a summary over rounds. */
export interface CompareCost {
  /** `benchmarkComparePixels`: a synthetic 1280x720 pair of about 250 KB. */
  synthetic: { width: number; height: number; unchangedMs: Summary; changedMs: Summary };
  /** The largest real checkpoint screenshot; absent when no checkpoint was compared. */
  pixels?: {
    session: string;
    checkpoint: string;
    width: number;
    height: number;
    pngBytes: number;
    /** The screenshot against a copy of its own bytes: the fast path. */
    unchangedMs: Summary;
    /** The screenshot against a copy with a band recoloured: decode, pixelmatch, diff PNG. */
    changedMs: Summary;
    changedPixels: number;
  };
  /** `compareDom` on the real checkpoint with the most DOM nodes, URLs relativized. */
  dom?: { session: string; checkpoint: string; nodes: number; compareDomMs: Summary };
}

/**
 * Measures the cost of scoring one checkpoint: `comparePixels` on unchanged and changed
 * screenshots, synthetic and real, and `compareDom` on a real snapshot pair.
 */
export function measureCompareCost(
  samples: SamplePairs,
  options: { repeat: number; ignoreAttributes: string[] },
): CompareCost {
  const synthetic = { unchanged: [] as number[], changed: [] as number[], width: 0, height: 0 };
  for (let round = 0; round < options.repeat; round += 1) {
    const result = quietly(() => benchmarkComparePixels({ changedIterations: 3 }));
    synthetic.unchanged.push(result.unchangedMs);
    synthetic.changed.push(result.changedMs);
    synthetic.width = result.width;
    synthetic.height = result.height;
  }
  const cost: CompareCost = {
    synthetic: {
      width: synthetic.width,
      height: synthetic.height,
      unchangedMs: summarize(synthetic.unchanged),
      changedMs: summarize(synthetic.changed),
    },
  };
  if (samples.largestScreenshot) {
    cost.pixels = measureRealPixels(samples.largestScreenshot, options.repeat);
  }
  if (samples.largestDom) {
    cost.dom = measureRealDom(samples.largestDom, options);
  }
  return cost;
}

function measureRealPixels(
  pair: CheckpointPair,
  repeat: number,
): NonNullable<CompareCost['pixels']> {
  const png = pair.actual.png;
  const copy = Buffer.from(png);
  const changed = recolourBand(png);
  const compareOptions = { threshold: DEFAULT_PIXEL_THRESHOLD };
  const changedPixels = comparePixels(png, changed, compareOptions).comparison.diffPixels;

  const rounds = { unchanged: [] as number[], changed: [] as number[] };
  for (let round = 0; round < repeat; round += 1) {
    rounds.unchanged.push(msPerCall(1000, () => comparePixels(png, copy, compareOptions)));
    rounds.changed.push(msPerCall(3, () => comparePixels(png, changed, compareOptions)));
  }
  const { width, height } = PNG.sync.read(png);
  return {
    session: pair.session,
    checkpoint: pair.id,
    width,
    height,
    pngBytes: png.length,
    unchangedMs: summarize(rounds.unchanged),
    changedMs: summarize(rounds.changed),
    changedPixels,
  };
}

function measureRealDom(
  pair: CheckpointPair,
  options: { repeat: number; ignoreAttributes: string[] },
): NonNullable<CompareCost['dom']> {
  // The inputs compareCheckpoint hands to compareDom.
  const expectedDom = relativizeDomUrls(pair.expected.dom, new URL(pair.expected.url).origin);
  const actualDom = relativizeDomUrls(pair.actual.dom, pair.appOrigin);
  const domOptions = { ignoreAttributes: options.ignoreAttributes };
  const rounds: number[] = [];
  for (let round = 0; round < options.repeat; round += 1) {
    rounds.push(msPerCall(100, () => compareDom(expectedDom, actualDom, domOptions)));
  }
  return {
    session: pair.session,
    checkpoint: pair.id,
    nodes: countNodes(actualDom.root),
    compareDomMs: summarize(rounds),
  };
}

/**
 * Darkens every non-white pixel in a band of rows across the middle of the screenshot by a
 * luma step of 8, the size of change the default pixel threshold is tuned to catch.
 */
function recolourBand(png: Buffer): Buffer {
  const image = PNG.sync.read(png);
  const top = Math.floor(image.height * 0.25);
  const bottom = Math.min(image.height, top + Math.ceil(image.height * 0.5));
  for (let y = top; y < bottom; y += 1) {
    for (let x = 0; x < image.width; x += 1) {
      const offset = (y * image.width + x) * 4;
      for (let channel = 0; channel < 3; channel += 1) {
        const value = image.data[offset + channel] as number;
        if (value < 0xf0) {
          image.data[offset + channel] = Math.max(0, value - 8);
        }
      }
    }
  }
  return PNG.sync.write(image);
}

/** Runs `work` with `console.log` silenced, because `benchmarkComparePixels` prints its figures. */
function quietly<T>(work: () => T): T {
  const log = console.log;
  console.log = () => undefined;
  try {
    return work();
  } finally {
    console.log = log;
  }
}
