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
    // By name rather than `instanceof`, because the fields of a same-origin frame are
    // elements of the frame's window, not of this one.
    if (
      !element ||
      (element.localName === 'input' && (element as HTMLInputElement).type === 'password')
    ) {
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

/** rrweb options that decide which text it records masked. */
export interface TextMaskingOptions {
  maskTextSelector?: string | undefined;
  maskTextClass?: string | RegExp | undefined;
  maskTextFn?: ((text: string, element: HTMLElement | null) => string) | undefined;
}

/** rrweb's default `maskTextClass`. */
const RRWEB_MASK_CLASS = 'rr-mask';

/**
 * Creates the masking of the text of an edited `contenteditable` element. rrweb records the
 * element's text nodes masked when the element or an ancestor matches `maskTextSelector` or
 * has `maskTextClass`, so the recorded edit is masked in the same way and typing it again
 * gives the text that the recorded DOM shows.
 */
export function createEditTextMasking(
  options: TextMaskingOptions,
): (host: HTMLElement, text: string) => string {
  const maskClass = options.maskTextClass ?? RRWEB_MASK_CLASS;
  const hasMaskClass = (element: Element): boolean =>
    typeof maskClass === 'string'
      ? element.classList.contains(maskClass)
      : Array.from(element.classList).some((name) => maskClass.test(name));

  function isMasked(host: HTMLElement): boolean {
    for (let element: Element | null = host; element !== null; element = element.parentElement) {
      if (hasMaskClass(element)) {
        return true;
      }
    }
    if (options.maskTextSelector === undefined) {
      return false;
    }
    try {
      return host.closest(options.maskTextSelector) !== null;
    } catch {
      // rrweb ignores a selector it cannot parse, and so does this check.
      return false;
    }
  }

  return (host, text) => {
    if (!isMasked(host)) {
      return text;
    }
    return options.maskTextFn ? options.maskTextFn(text, host) : text.replace(/\S/g, '*');
  };
}
