import type { FailureKind } from '../../harness/result/types.js';

/** The kinds of change the detection bench applies to every demo app. */
export const VARIANT_IDS = [
  'colour',
  'shift',
  'removed-control',
  'changed-label',
  'dead-handler',
  'thrown-error',
  'delayed-render',
  'reordered-dom',
  'unchanged',
] as const;

/** One kind of change, such as `colour`. */
export type VariantId = (typeof VARIANT_IDS)[number];

/** One kind of change and the verdict the gate must reach on it. */
export interface VariantKind {
  id: VariantId;
  /** Position in {@link VARIANT_IDS}, from 1, as the docs number the variants. */
  number: number;
  title: string;
  /**
   * True when a user would see the change, so the gate must fail the session. False for
   * changes that only move work in time or change nothing, where a failure is a false alarm.
   */
  visible: boolean;
  /** First causes that name the real reason; empty when the session must pass. */
  expectedCauses: readonly FailureKind[];
}

const KINDS: ReadonlyArray<Omit<VariantKind, 'number'>> = [
  {
    id: 'colour',
    title: 'slight text colour change',
    visible: true,
    expectedCauses: ['pixel-diff'],
  },
  {
    id: 'shift',
    title: '2 px shift of one container',
    visible: true,
    expectedCauses: ['pixel-diff'],
  },
  {
    id: 'removed-control',
    title: 'control used by the session removed',
    visible: true,
    expectedCauses: ['unresolved-step'],
  },
  {
    id: 'changed-label',
    title: 'visible label changed',
    visible: true,
    expectedCauses: ['dom-diff'],
  },
  {
    id: 'dead-handler',
    title: 'click handler does nothing',
    visible: true,
    // The state the click should change stays as it was: the DOM and usually the pixels differ.
    expectedCauses: ['dom-diff', 'pixel-diff'],
  },
  {
    id: 'thrown-error',
    title: 'uncaught error after a click',
    visible: true,
    expectedCauses: ['page-error'],
  },
  {
    id: 'delayed-render',
    title: 'render delayed by 300 ms of timers',
    visible: false,
    expectedCauses: [],
  },
  {
    id: 'reordered-dom',
    title: 'DOM order changed, same pixels',
    visible: true,
    expectedCauses: ['dom-diff'],
  },
  { id: 'unchanged', title: 'unchanged rebuild', visible: false, expectedCauses: [] },
];

/** Expected verdict and first cause of every kind of change, in the order of {@link VARIANT_IDS}. */
export const VARIANT_KINDS: readonly VariantKind[] = KINDS.map((kind) => ({
  ...kind,
  number: VARIANT_IDS.indexOf(kind.id) + 1,
})).sort((a, b) => a.number - b.number);

/** Returns the kind with this id. */
export function variantKind(id: VariantId): VariantKind {
  const kind = VARIANT_KINDS.find((candidate) => candidate.id === id);
  if (kind === undefined) {
    throw new Error(`Unknown variant ${JSON.stringify(id)}.`);
  }
  return kind;
}
