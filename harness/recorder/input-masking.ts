/** Attribute that opts a field, or every field inside an element, out of input masking. */
export const UNMASK_ATTRIBUTE = 'data-replaygate-unmask';

/** How the recorder decides which field values leave the page as typed. */
export interface InputMasking {
  /** rrweb `maskInputFn`: the value as typed for an opted-in field, else `*` per character. */
  maskInput(text: string, element: HTMLElement | null): string;
  /** The values of a select's selected options, masked unless the select is opted in. */
  selectValues(select: HTMLSelectElement): string[];
}

/**
 * Creates the input masking. rrweb masks every field (`maskAllInputs`) and calls `maskInput`
 * for each value. A field is recorded as typed when it or an ancestor has the
 * `data-replaygate-unmask` attribute, or when it matches `unmaskSelector`. The detectors still
 * mask what they find in it later. Password fields are masked whatever their attributes.
 */
export function createInputMasking(unmaskSelector: string | undefined): InputMasking {
  const selector =
    unmaskSelector === undefined
      ? `[${UNMASK_ATTRIBUTE}], [${UNMASK_ATTRIBUTE}] *`
      : `[${UNMASK_ATTRIBUTE}], [${UNMASK_ATTRIBUTE}] *, ${unmaskSelector}`;

  function isOptedIn(element: Element | null): boolean {
    if (!element || (element instanceof HTMLInputElement && element.type === 'password')) {
      return false;
    }
    try {
      return element.matches(selector);
    } catch {
      // An invalid selector masks every field, which is the safe side.
      return false;
    }
  }

  return {
    maskInput: (text, element) => (isOptedIn(element) ? text : '*'.repeat(text.length)),
    selectValues: (select) =>
      Array.from(select.selectedOptions, (option) =>
        isOptedIn(select) ? option.value : '*'.repeat(option.value.length),
      ),
  };
}
