import type { DomSnapshotNode } from './dom-snapshot.js';

/** One step of a child alignment: a matched pair, a removed node or an added node. */
export type AlignedPair =
  | { expected: DomSnapshotNode; actual: DomSnapshotNode }
  | { expected: DomSnapshotNode; actual?: undefined }
  | { expected?: undefined; actual: DomSnapshotNode };

/** Above this many LCS table cells a greedy in-order match replaces the exact LCS. */
const MAX_LCS_CELLS = 1_000_000;

type KeyFunction = (node: DomSnapshotNode) => string;

const subtreeTexts = new WeakMap<DomSnapshotNode, string>();

/** Returns the text and values of a node and its descendants, joined by spaces and memoized. */
export function subtreeText(node: DomSnapshotNode): string {
  const cached = subtreeTexts.get(node);
  if (cached !== undefined) {
    return cached;
  }
  const parts = [node.text ?? '', node.value ?? '', ...node.children.map(subtreeText)];
  const text = parts.filter((part) => part !== '').join(' ');
  subtreeTexts.set(node, text);
  return text;
}

function identity(node: DomSnapshotNode): string {
  return `${node.tag}#${node.attributes.id ?? ''}`;
}

/**
 * Keys from strict to loose. Siblings are first matched on tag, id, class and the text of the
 * whole subtree, so a row inserted between identical-looking rows (rows whose text sits in
 * descendants) still matches every other row to itself. Leftover nodes are then matched
 * with the class ignored (a toggled `completed`), then with the text ignored (an edited
 * label), and finally by tag alone.
 */
const KEY_LEVELS: KeyFunction[] = [
  (node) =>
    `${identity(node)}.${node.attributes.class ?? ''}|${node.masked ? '*' : subtreeText(node)}`,
  (node) => `${identity(node)}|${node.masked ? '*' : subtreeText(node)}`,
  (node) => `${identity(node)}.${node.attributes.class ?? ''}`,
  (node) => node.tag,
];

/**
 * Aligns two child lists: a longest common subsequence on the strictest key, then the same
 * on looser keys inside each gap between matches. Unmatched nodes become removed or added.
 */
export function alignChildren(
  expected: DomSnapshotNode[],
  actual: DomSnapshotNode[],
): AlignedPair[] {
  return alignAtLevel(expected, actual, 0);
}

function alignAtLevel(
  expected: DomSnapshotNode[],
  actual: DomSnapshotNode[],
  level: number,
): AlignedPair[] {
  const keyOf = KEY_LEVELS[level];
  if (keyOf === undefined || expected.length === 0 || actual.length === 0) {
    return [
      ...expected.map((node): AlignedPair => ({ expected: node })),
      ...actual.map((node): AlignedPair => ({ actual: node })),
    ];
  }

  const interned = new Map<string, number>();
  const intern = (node: DomSnapshotNode): number => {
    const key = keyOf(node);
    let id = interned.get(key);
    if (id === undefined) {
      id = interned.size;
      interned.set(key, id);
    }
    return id;
  };
  const expectedKeys = expected.map(intern);
  const actualKeys = actual.map(intern);
  const matches = commonSubsequence(expectedKeys, actualKeys);

  const result: AlignedPair[] = [];
  let expectedStart = 0;
  let actualStart = 0;
  const anchors: Array<[number, number]> = [...matches, [expected.length, actual.length]];
  for (const [expectedIndex, actualIndex] of anchors) {
    const gap = alignAtLevel(
      expected.slice(expectedStart, expectedIndex),
      actual.slice(actualStart, actualIndex),
      level + 1,
    );
    result.push(...gap);
    const expectedNode = expected[expectedIndex];
    const actualNode = actual[actualIndex];
    if (expectedNode && actualNode) {
      result.push({ expected: expectedNode, actual: actualNode });
    }
    expectedStart = expectedIndex + 1;
    actualStart = actualIndex + 1;
  }
  return result;
}

/** Returns index pairs of a common subsequence of two key lists, in increasing order. */
function commonSubsequence(expected: number[], actual: number[]): Array<[number, number]> {
  let prefix = 0;
  while (
    prefix < expected.length &&
    prefix < actual.length &&
    expected[prefix] === actual[prefix]
  ) {
    prefix += 1;
  }
  let suffix = 0;
  while (
    suffix < expected.length - prefix &&
    suffix < actual.length - prefix &&
    expected[expected.length - 1 - suffix] === actual[actual.length - 1 - suffix]
  ) {
    suffix += 1;
  }

  const middleExpected = expected.slice(prefix, expected.length - suffix);
  const middleActual = actual.slice(prefix, actual.length - suffix);
  const middle =
    (middleExpected.length + 1) * (middleActual.length + 1) > MAX_LCS_CELLS
      ? greedySubsequence(middleExpected, middleActual)
      : longestCommonSubsequence(middleExpected, middleActual);

  const pairs: Array<[number, number]> = [];
  for (let index = 0; index < prefix; index += 1) {
    pairs.push([index, index]);
  }
  for (const [expectedIndex, actualIndex] of middle) {
    pairs.push([expectedIndex + prefix, actualIndex + prefix]);
  }
  for (let index = suffix; index > 0; index -= 1) {
    pairs.push([expected.length - index, actual.length - index]);
  }
  return pairs;
}

function longestCommonSubsequence(expected: number[], actual: number[]): Array<[number, number]> {
  const columns = actual.length + 1;
  // lengths[i * columns + j] is the LCS length of expected[i..] and actual[j..].
  const lengths = new Uint32Array((expected.length + 1) * columns);
  for (let i = expected.length - 1; i >= 0; i -= 1) {
    for (let j = actual.length - 1; j >= 0; j -= 1) {
      lengths[i * columns + j] =
        expected[i] === actual[j]
          ? lengths[(i + 1) * columns + j + 1]! + 1
          : Math.max(lengths[(i + 1) * columns + j]!, lengths[i * columns + j + 1]!);
    }
  }
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < expected.length && j < actual.length) {
    if (expected[i] === actual[j]) {
      pairs.push([i, j]);
      i += 1;
      j += 1;
    } else if (lengths[(i + 1) * columns + j]! >= lengths[i * columns + j + 1]!) {
      i += 1;
    } else {
      j += 1;
    }
  }
  return pairs;
}

/** Finds a common subsequence (not always the longest) in linear time, for very long lists. */
function greedySubsequence(expected: number[], actual: number[]): Array<[number, number]> {
  const positions = new Map<number, { indices: number[]; cursor: number }>();
  actual.forEach((key, index) => {
    const entry = positions.get(key) ?? { indices: [], cursor: 0 };
    entry.indices.push(index);
    positions.set(key, entry);
  });
  const pairs: Array<[number, number]> = [];
  let lastActual = -1;
  expected.forEach((key, expectedIndex) => {
    const entry = positions.get(key);
    if (entry === undefined) {
      return;
    }
    while (entry.cursor < entry.indices.length && entry.indices[entry.cursor]! <= lastActual) {
      entry.cursor += 1;
    }
    const next = entry.indices[entry.cursor];
    if (next !== undefined) {
      pairs.push([expectedIndex, next]);
      entry.cursor += 1;
      lastActual = next;
    }
  });
  return pairs;
}
