import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import type { PixelComparison } from '../result/types.js';

/**
 * Default per-pixel colour threshold for pixelmatch (0 to 1, smaller is more sensitive).
 *
 * pixelmatch's own default of 0.1 accepts a squared YIQ distance of 352, so a text colour
 * change from #4d4d4d to #555 (a luma step of 8, distance 32) counts zero differing pixels.
 * At 0.02 the accepted distance is 14, so grey steps of 6 or more are caught. A deterministic
 * replay renders the same build to identical pixels, so the low threshold adds no noise.
 */
export const DEFAULT_PIXEL_THRESHOLD = 0.02;

/** Options for {@link comparePixels}. */
export interface ComparePixelsOptions {
  /** pixelmatch colour threshold, 0 to 1; see {@link DEFAULT_PIXEL_THRESHOLD}. */
  threshold: number;
  /** Count pixels that pixelmatch classifies as anti-aliasing as differing. Default false. */
  includeAntiAliasing?: boolean;
}

/** The result of {@link comparePixels}. */
export interface PixelComparisonOutput {
  comparison: PixelComparison;
  /** Diff image (changed pixels in red over a faded copy); present only when a pixel differs. */
  diffPng?: Buffer;
}

interface DecodedImage {
  width: number;
  height: number;
  data: Buffer;
}

const DIFF_COLOR: [number, number, number] = [255, 0, 0];

/**
 * Compares two PNG screenshots pixel by pixel.
 *
 * Identical bytes return at once without decoding. Images of different sizes are compared
 * on their overlapping area, and every pixel outside it counts as differing, so a page that
 * grew or shrank fails even when the shared area is equal.
 *
 * @throws Error when either buffer is not a valid PNG.
 */
export function comparePixels(
  expected: Buffer,
  actual: Buffer,
  options: ComparePixelsOptions,
): PixelComparisonOutput {
  if (expected.equals(actual)) {
    const { width, height } = readPngSize(expected);
    const totalPixels = width * height;
    return { comparison: { identicalBytes: true, diffPixels: 0, totalPixels, diffRatio: 0 } };
  }

  const expectedImage = decodePng(expected, 'expected');
  const actualImage = decodePng(actual, 'actual');
  const width = Math.max(expectedImage.width, actualImage.width);
  const height = Math.max(expectedImage.height, actualImage.height);
  const totalPixels = width * height;
  const sameSize =
    expectedImage.width === actualImage.width && expectedImage.height === actualImage.height;

  const { diffPixels, diffData } = sameSize
    ? matchSameSize(expectedImage, actualImage, options)
    : matchOverlap(expectedImage, actualImage, width, height, options);

  const comparison: PixelComparison = {
    identicalBytes: false,
    diffPixels,
    totalPixels,
    diffRatio: totalPixels === 0 ? 0 : diffPixels / totalPixels,
  };
  if (!sameSize) {
    comparison.sizeMismatch = {
      expected: { width: expectedImage.width, height: expectedImage.height },
      actual: { width: actualImage.width, height: actualImage.height },
    };
  }
  if (diffPixels === 0) {
    return { comparison };
  }
  return { comparison, diffPng: encodePng(width, height, diffData) };
}

function matchSameSize(
  expected: DecodedImage,
  actual: DecodedImage,
  options: ComparePixelsOptions,
): { diffPixels: number; diffData: Buffer } {
  const diffData = Buffer.alloc(expected.width * expected.height * 4);
  const diffPixels = pixelmatch(
    expected.data,
    actual.data,
    diffData,
    expected.width,
    expected.height,
    pixelmatchOptions(options),
  );
  return { diffPixels, diffData };
}

/** Compares the shared top-left area and marks everything outside it as differing. */
function matchOverlap(
  expected: DecodedImage,
  actual: DecodedImage,
  width: number,
  height: number,
  options: ComparePixelsOptions,
): { diffPixels: number; diffData: Buffer } {
  const overlapWidth = Math.min(expected.width, actual.width);
  const overlapHeight = Math.min(expected.height, actual.height);
  const overlapDiff = Buffer.alloc(overlapWidth * overlapHeight * 4);
  const overlapDiffPixels =
    overlapWidth === 0 || overlapHeight === 0
      ? 0
      : pixelmatch(
          crop(expected, overlapWidth, overlapHeight),
          crop(actual, overlapWidth, overlapHeight),
          overlapDiff,
          overlapWidth,
          overlapHeight,
          pixelmatchOptions(options),
        );

  const diffData = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const target = (y * width + x) * 4;
      if (x < overlapWidth && y < overlapHeight) {
        overlapDiff.copy(
          diffData,
          target,
          (y * overlapWidth + x) * 4,
          (y * overlapWidth + x) * 4 + 4,
        );
      } else {
        diffData[target] = DIFF_COLOR[0];
        diffData[target + 1] = DIFF_COLOR[1];
        diffData[target + 2] = DIFF_COLOR[2];
        diffData[target + 3] = 255;
      }
    }
  }
  const paddingPixels = width * height - overlapWidth * overlapHeight;
  return { diffPixels: overlapDiffPixels + paddingPixels, diffData };
}

function crop(image: DecodedImage, width: number, height: number): Buffer {
  if (image.width === width && image.height === height) {
    return image.data;
  }
  const rowBytes = width * 4;
  const cropped = Buffer.alloc(rowBytes * height);
  for (let y = 0; y < height; y += 1) {
    image.data.copy(cropped, y * rowBytes, y * image.width * 4, y * image.width * 4 + rowBytes);
  }
  return cropped;
}

function pixelmatchOptions(options: ComparePixelsOptions): Parameters<typeof pixelmatch>[5] {
  return {
    threshold: options.threshold,
    includeAA: options.includeAntiAliasing ?? false,
    diffColor: DIFF_COLOR,
  };
}

function decodePng(png: Buffer, side: 'expected' | 'actual'): DecodedImage {
  try {
    const image = PNG.sync.read(png);
    return { width: image.width, height: image.height, data: image.data };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`The ${side} screenshot is not a valid PNG: ${reason}`);
  }
}

function encodePng(width: number, height: number, data: Buffer): Buffer {
  const image = new PNG({ width, height });
  data.copy(image.data);
  return PNG.sync.write(image);
}

/**
 * Reads width and height from the IHDR chunk, which the PNG format requires to come first
 * (signature of 8 bytes, chunk length and type of 8 bytes, then width and height).
 */
function readPngSize(png: Buffer): { width: number; height: number } {
  const signature = '89504e470d0a1a0a';
  if (
    png.length < 24 ||
    png.toString('hex', 0, 8) !== signature ||
    png.toString('latin1', 12, 16) !== 'IHDR'
  ) {
    throw new Error('The screenshot is not a valid PNG: missing PNG signature or IHDR chunk.');
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
