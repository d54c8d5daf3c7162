import {
  CUSTOM_EVENT_TAGS,
  type ChosenFile,
  type EditEventPayload,
  type FilesEventPayload,
  type SelectEventPayload,
} from '../../fixture/recording.js';
import { LOCATIONS, type SanitizeContext } from './context.js';
import { replaceFieldValue, sanitizeVisibleText } from './dom.js';
import type { NodeRuleLookup } from './selector-matcher.js';

/** Sanitizes a JSON value with the detectors only, as other custom payloads are. */
export type SanitizeJson = (value: unknown) => unknown;

/**
 * The typing chains of `contenteditable` elements, which `replaygate sanitize` follows across
 * the edit events of a recording. The page-side masking has none, because it gets one edit at a time.
 */
export interface EditChains {
  /**
   * Sanitizes the text of an edit, and the text it started from, as steps toward the final
   * text of the element's chain.
   */
  sanitize(id: unknown, text: string, previous: string | undefined): EditTexts;
  /** Adds the text of an edit that a `selectors` rule replaces, so the chain stays whole. */
  observe(id: unknown, text: string): void;
}

/** The texts of an edit event. */
export interface EditTexts {
  text: string;
  previous?: string;
}

/**
 * Sanitizes the payload of a recorder event that belongs to an element: the edits of a
 * `contenteditable` element, the files chosen in a file input and the options chosen in a
 * select. The `selectors` rule of that
 * element applies to them, as it does to the element's text and value. Returns undefined for
 * other tags. `replaygate sanitize` and the recorder's page-side masking share it.
 */
export function sanitizeElementPayload(
  context: SanitizeContext,
  tag: string,
  payload: unknown,
  rules: NodeRuleLookup | undefined,
  sanitizeJson: SanitizeJson,
  chains?: EditChains,
): unknown {
  if (tag === CUSTOM_EVENT_TAGS.edit) {
    return sanitizeEdit(context, payload, rules, sanitizeJson, chains);
  }
  if (tag === CUSTOM_EVENT_TAGS.files) {
    return sanitizeFiles(context, payload, rules, sanitizeJson);
  }
  if (tag === CUSTOM_EVENT_TAGS.select) {
    return sanitizeSelect(context, payload, rules, sanitizeJson);
  }
  return undefined;
}

/**
 * Sanitizes the values chosen in a select as the select's value. Under the `selectors` rule of
 * the select or of the option that has the value, it is replaced whole, as the option's value
 * and the Input event are. Otherwise the detectors scan it.
 */
function sanitizeSelect(
  context: SanitizeContext,
  payload: unknown,
  rules: NodeRuleLookup | undefined,
  sanitizeJson: SanitizeJson,
): unknown {
  const chosen = payload as Partial<SelectEventPayload> | null;
  if (rules === undefined || typeof chosen?.id !== 'number' || !Array.isArray(chosen.values)) {
    return sanitizeJson(payload);
  }
  const { id } = chosen;
  const { values, ...rest } = chosen as SelectEventPayload;
  return {
    ...(sanitizeJson(rest) as object),
    values: values.map((value: unknown) => {
      const rule = typeof value === 'string' ? rules.ruleForValue(id, value) : undefined;
      if (rule === undefined) {
        return sanitizeJson(value);
      }
      // Whole, spaces included, as the option's `value` attribute and the Input event are.
      const replaced = replaceFieldValue(context, value as string, rule, LOCATIONS.custom);
      // The Input event of a multiple select has the first chosen value only, and the page
      // may show the others as it shows a typed value.
      context.typed?.record(value as string, replaced);
      return replaced;
    }),
  };
}

/**
 * Sanitizes the names of chosen files as the value of their input: replaced whole under the
 * input's `selectors` rule, and otherwise scanned by the detectors.
 */
function sanitizeFiles(
  context: SanitizeContext,
  payload: unknown,
  rules: NodeRuleLookup | undefined,
  sanitizeJson: SanitizeJson,
): unknown {
  const chosen = payload as Partial<FilesEventPayload> | null;
  if (typeof chosen !== 'object' || chosen === null || !Array.isArray(chosen.files)) {
    return sanitizeJson(payload);
  }
  const rule = typeof chosen.id === 'number' ? rules?.ruleForNode(chosen.id) : undefined;
  const files = chosen.files.map((file: unknown) => {
    const { name, ...rest } = (file ?? {}) as Partial<ChosenFile>;
    const sanitized = sanitizeJson(rest) as object;
    return typeof name === 'string'
      ? { name: sanitizeVisibleText(context, name, rule, LOCATIONS.custom), ...sanitized }
      : sanitized;
  });
  const { files: _files, ...rest } = chosen;
  return { ...(sanitizeJson(rest) as object), files };
}

/**
 * Sanitizes the text of an edited `contenteditable` element as its text nodes are
 * sanitized, so typing the text again gives the sanitized DOM. A selector rule that covers
 * the element or an element inside it replaces each line whole, as it does each text node.
 * Otherwise, with `chains`, each edit becomes the prefix of the replacement of the text it
 * grows into, as the steps of typing into a field do, so `rosalind.brack@quayside-l` typed
 * on the way is replaced too. Without them, the detectors scan the whole text, as the audit
 * does. A value split across two lines is then replaced here but not in the DOM, which costs
 * fidelity but keeps the value out.
 */
function sanitizeEdit(
  context: SanitizeContext,
  payload: unknown,
  rules: NodeRuleLookup | undefined,
  sanitizeJson: SanitizeJson,
  chains: EditChains | undefined,
): unknown {
  const edit = payload as Partial<EditEventPayload> | null;
  if (typeof edit !== 'object' || edit === null || typeof edit.text !== 'string') {
    return sanitizeJson(payload);
  }
  // The text comes from the whole element, so a rule on a paragraph inside it covers it too.
  const rule = typeof edit.id === 'number' ? rules?.ruleForSubtree(edit.id) : undefined;
  const { text, previous, ...rest } = edit;
  const texts =
    rule === undefined && chains !== undefined
      ? chains.sanitize(edit.id, text, typeof previous === 'string' ? previous : undefined)
      : undefined;
  if (texts === undefined) {
    chains?.observe(edit.id, text);
  }
  const sanitizeLines = (lines: string) =>
    rule === undefined
      ? sanitizeEditText(context, lines)
      : lines
          // Enter and Shift+Enter both end a line, and the split keeps them between the lines.
          .split(EDIT_LINE_BREAK)
          .map((part, index) =>
            index % 2 === 1 ? part : sanitizeVisibleText(context, part, rule, LOCATIONS.custom),
          )
          .join('');
  const sanitized: Record<string, unknown> = {
    ...(sanitizeJson(rest) as object),
    text: texts?.text ?? sanitizeLines(text),
  };
  if (typeof previous === 'string') {
    sanitized.previous = texts?.previous ?? sanitizeLines(previous);
  } else if (previous !== undefined) {
    sanitized.previous = sanitizeJson(previous);
  }
  return sanitized;
}

/** The line breaks of an edit's text, Enter and Shift+Enter, kept by a split. */
const EDIT_LINE_BREAK = /(\n|\u2028)/;

/** Sanitizes the text of an edit as page text, with the detectors. */
export function sanitizeEditText(context: SanitizeContext, text: string): string {
  return sanitizeVisibleText(context, text, undefined, LOCATIONS.custom);
}

/** Splits the text of an edit into its lines, as the element's text nodes hold them. */
export function editLines(text: string): string[] {
  return text.split(/\n|\u2028/);
}
