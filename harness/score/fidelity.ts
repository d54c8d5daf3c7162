import type { CheckpointResult, DomComparison, PixelComparison } from '../result/types.js';

/**
 * Combines a checkpoint's comparisons into one fidelity in [0, 1], where 1 is identical.
 *
 * It is the lower of `1 - diffRatio` and the DOM similarity, so either kind of difference
 * alone lowers it and one cannot hide the other. With neither comparison it is 1, because
 * nothing was found to differ.
 */
export function checkpointFidelity(pixels?: PixelComparison, dom?: DomComparison): number {
  const scores: number[] = [];
  if (pixels) {
    scores.push(1 - pixels.diffRatio);
  }
  if (dom) {
    scores.push(dom.similarity);
  }
  if (scores.length === 0) {
    return 1;
  }
  return Math.min(1, Math.max(0, Math.min(...scores)));
}

/**
 * Returns a session's fidelity: the lowest fidelity among checkpoints that compared pixels
 * or DOM, or null when none did.
 */
export function sessionFidelity(
  checkpoints: Array<Pick<CheckpointResult, 'fidelity' | 'pixels' | 'dom'>>,
): number | null {
  const compared = checkpoints.filter((checkpoint) => checkpoint.pixels || checkpoint.dom);
  if (compared.length === 0) {
    return null;
  }
  return Math.min(...compared.map((checkpoint) => checkpoint.fidelity));
}
