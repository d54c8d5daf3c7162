import { cp, readFile, rm, writeFile } from 'node:fs/promises';

/**
 * Builders for changed copies of a built app, each a small, known regression. Every change
 * fails loudly when its anchor text is missing, so a variant can never silently equal the
 * original app after the app's markup changes.
 */

/** Replaces `target` with a fresh copy of the app folder `source`. */
export async function copyAppFolder(source: string, target: string): Promise<void> {
  await rm(target, { recursive: true, force: true });
  await cp(source, target, { recursive: true });
}

/** Options of {@link replaceInFile}. */
export interface ReplaceOptions {
  /** Exact number of occurrences expected; default 1. */
  count?: number;
}

/**
 * Replaces every occurrence of `search` in a text file.
 *
 * @throws Error when `search` occurs a different number of times than `count`.
 */
export async function replaceInFile(
  file: string,
  search: string,
  replacement: string,
  options: ReplaceOptions = {},
): Promise<void> {
  const expected = options.count ?? 1;
  const text = await readFile(file, 'utf8');
  const found = text.split(search).length - 1;
  if (found !== expected) {
    throw new Error(
      `${file} contains ${JSON.stringify(search)} ${found} time(s), expected ${expected}.`,
    );
  }
  await writeFile(file, text.split(search).join(replacement));
}

/**
 * Adds a `<style>` element at the end of the document head, so its rules win over the app's
 * own style sheets of the same specificity.
 */
export async function injectStyle(htmlFile: string, css: string): Promise<void> {
  await replaceInFile(htmlFile, '</head>', `<style>\n${css}\n</style>\n</head>`);
}

/** Adds an inline `<script>` at the end of the document body, after the app's own scripts. */
export async function injectScript(htmlFile: string, script: string): Promise<void> {
  await replaceInFile(htmlFile, '</body>', `<script>\n${script}\n</script>\n</body>`);
}

/**
 * Removes one element from markup or from a template string in a script, so the DOM built
 * from it truly lacks the element (unlike hiding it with CSS).
 *
 * @throws Error when `markup` is not a single element or does not occur exactly once.
 */
export async function removeElement(file: string, markup: string): Promise<void> {
  if (!/^<([a-z][\w-]*)\b[^>]*>[\s\S]*<\/\1>$|^<[a-z][\w-]*\b[^>]*\/?>$/i.test(markup.trim())) {
    throw new Error(`${JSON.stringify(markup)} is not the markup of one element.`);
  }
  await replaceInFile(file, markup, '');
}

/**
 * Changes the visible text of one element: `element` is its whole markup as it appears in
 * the file, and the text between its tags becomes `text`.
 *
 * @throws Error when `element` has no text content or does not occur exactly once.
 */
export async function changeElementText(
  file: string,
  element: string,
  text: string,
): Promise<void> {
  const match = /^(<[^>]+>)([^<]+)(<\/[^>]+>)$/.exec(element);
  if (!match) {
    throw new Error(`${JSON.stringify(element)} is not one element with only text inside.`);
  }
  await replaceInFile(file, element, `${match[1]}${text}${match[3]}`);
}

/**
 * Swaps two fragments that follow each other in a file, separated by nothing but whitespace,
 * and keeps the whitespace between them. Swapping two sibling elements this way changes their
 * DOM order and nothing else.
 *
 * @throws Error when `first` followed by `second` does not occur exactly once.
 */
export async function swapAdjacent(file: string, first: string, second: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  const pattern = new RegExp(`${escapeRegExp(first)}(\\s*)${escapeRegExp(second)}`, 'g');
  const found = [...text.matchAll(pattern)].length;
  if (found !== 1) {
    throw new Error(
      `${file} contains ${JSON.stringify(first)} followed by ${JSON.stringify(second)} ${found} time(s), expected 1.`,
    );
  }
  await writeFile(
    file,
    text.replace(pattern, (_match, gap: string) => `${second}${gap}${first}`),
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
