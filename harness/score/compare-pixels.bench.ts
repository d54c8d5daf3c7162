import { performance } from 'node:perf_hooks';
import { PNG } from 'pngjs';
import { comparePixels, DEFAULT_PIXEL_THRESHOLD } from './compare-pixels.js';

/** Milliseconds per {@link comparePixels} call, averaged over the iterations. */
export interface ComparePixelsBenchmark {
  width: number;
  height: number;
  /** Identical PNG bytes: the fast path that every unchanged checkpoint takes. */
  unchangedMs: number;
  /** Two decodes, a pixelmatch pass and a diff PNG encode. */
  changedMs: number;
}

/**
 * Measures {@link comparePixels} on a synthetic 1280x720 screenshot pair, once with
 * identical bytes and once with a changed block, and prints milliseconds per comparison.
 */
export function benchmarkComparePixels(
  options: { unchangedIterations?: number; changedIterations?: number } = {},
): ComparePixelsBenchmark {
  const width = 1280;
  const height = 720;
  const expected = syntheticScreenshot(width, height, 0);
  const unchanged = Buffer.from(expected);
  const changed = syntheticScreenshot(width, height, 1);

  const unchangedMs = averageMs(options.unchangedIterations ?? 1000, () => {
    comparePixels(expected, unchanged, { threshold: DEFAULT_PIXEL_THRESHOLD });
  });
  const changedMs = averageMs(options.changedIterations ?? 10, () => {
    comparePixels(expected, changed, { threshold: DEFAULT_PIXEL_THRESHOLD });
  });

  console.log(
    `comparePixels ${width}x${height} unchanged: ${unchangedMs.toFixed(4)} ms per comparison`,
  );
  console.log(
    `comparePixels ${width}x${height} changed:   ${changedMs.toFixed(2)} ms per comparison`,
  );
  return { width, height, unchangedMs, changedMs };
}

function averageMs(iterations: number, run: () => void): number {
  run();
  const start = performance.now();
  for (let index = 0; index < iterations; index += 1) {
    run();
  }
  return (performance.now() - start) / iterations;
}

/**
 * Draws rows of glyph-like dots in #4d4d4d on white. The dots compress worse than real text,
 * so the PNG (about 250 KB) is a pessimistic case for decoding and byte comparison.
 * `variant` 1 recolours the dots of one text row to #555, about 0.5 % of the pixels.
 */
function syntheticScreenshot(width: number, height: number, variant: 0 | 1): Buffer {
  const image = new PNG({ width, height });
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const offset = (y * width + x) * 4;
      const isGlyph = y % 24 < 14 && x > 40 && x < 900 && (x * 7 + y * 3) % 11 < 5;
      const isChangedBlock = variant === 1 && y >= 100 && y < 124 && x > 40 && x < 900;
      let shade = 0xff;
      if (isGlyph) {
        shade = isChangedBlock ? 0x55 : 0x4d;
      }
      image.data[offset] = shade;
      image.data[offset + 1] = shade;
      image.data[offset + 2] = shade;
      image.data[offset + 3] = 255;
    }
  }
  return PNG.sync.write(image);
}
