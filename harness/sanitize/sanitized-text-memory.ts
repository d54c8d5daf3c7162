import type { DetectorName } from './types.js';

/**
 * Maximum length of a text whose sanitized form is remembered. Labels, URLs and cells with a
 * value recur across the events of a recording, and a hit skips every detector.
 */
const MAX_REMEMBERED_TEXT = 1024;
/** Maximum characters of remembered texts and results. Beyond it the memory starts over. */
const REMEMBERED_CHARACTERS_LIMIT = 2_000_000;

/** A text's sanitized form and the detectors of its replacements, to count them again. */
export interface SanitizedText {
  result: string;
  detectors: readonly DetectorName[];
}

/**
 * A bounded memory of short texts that had findings, with their sanitized form. The form
 * depends only on the text, the key and the rules, so it holds for the whole session.
 */
export class SanitizedTextMemory {
  private texts = new Map<string, SanitizedText>();
  private characters = 0;

  get(text: string): SanitizedText | undefined {
    return text.length <= MAX_REMEMBERED_TEXT ? this.texts.get(text) : undefined;
  }

  remember(text: string, sanitized: SanitizedText): void {
    if (text.length > MAX_REMEMBERED_TEXT) {
      return;
    }
    const characters = text.length + sanitized.result.length;
    if (this.characters + characters > REMEMBERED_CHARACTERS_LIMIT) {
      this.texts = new Map();
      this.characters = 0;
    }
    this.texts.set(text, sanitized);
    this.characters += characters;
  }
}
