/**
 * Operator times of the Keystroke-Level Model: S. K. Card, T. P. Moran and A. Newell, "The
 * Keystroke-Level Model for User Performance Time with Interactive Systems", Communications of
 * the ACM 23(7), 1980, pp. 396-410. In milliseconds.
 */
export const KLM_OPERATOR_MS = {
  /**
   * Keystroke or button press, for an average non-secretary typist (about 40 words per
   * minute). The model counts a mouse button press as a keystroke too.
   */
  K: 280,
  /** Pointing at a target on the display with a mouse. */
  P: 1100,
  /** Homing: moving the hand between the keyboard and the mouse. */
  H: 400,
  /** Mental preparation for the next physical operation. */
  M: 1350,
} as const;

/** One Keystroke-Level Model operator. */
export type KlmOperator = keyof typeof KLM_OPERATOR_MS;

/**
 * Returns the predicted duration of an operator sequence such as `'HMPK'`, in milliseconds.
 *
 * @throws Error for a letter that is not one of the operators K, P, H and M.
 */
export function klmDurationMs(sequence: string): number {
  let total = 0;
  for (const letter of sequence) {
    if (!isOperator(letter)) {
      throw new Error(
        `"${letter}" in the operator sequence "${sequence}" is not a Keystroke-Level Model operator. Use K, P, H or M.`,
      );
    }
    total += KLM_OPERATOR_MS[letter];
  }
  return total;
}

function isOperator(letter: string): letter is KlmOperator {
  return Object.hasOwn(KLM_OPERATOR_MS, letter);
}
