import { decodeBase64Text } from './walk/base64-text.js';
import { BASE64_DATA_URL, decodeDataUrl, firstLineLength } from './walk/content-type.js';
import { CSS_DATA_TOKENS, looksLikeFormText, looksLikeUrl } from './walk/text.js';
import { passwordProbe, splitFragment, splitUrl, splitUserinfo } from './walk/url-parts.js';

/**
 * Returns the decoded text of each base64 `data:` URL in `text` that is not binary, such as
 * `data:text/plain;base64,...`, whose letters a scan of the text as written cannot read.
 */
export function decodedDataUrlTexts(text: string): string[] {
  const decoded: string[] = [];
  for (const match of text.matchAll(BASE64_DATA_URL)) {
    const content = decodeDataUrl(match);
    if (content !== undefined) {
      decoded.push(content.text);
    }
  }
  return decoded;
}

/** Removes the payloads of base64 `data:` URLs of binary content, which are data rather than text. */
export function withoutBinaryDataUrls(text: string): string {
  return text.replace(BASE64_DATA_URL, (...match: unknown[]) => {
    const groups = match.slice(0, 4) as RegExpMatchArray;
    const whole = groups[0] as string;
    if (decodeDataUrl(groups) !== undefined) {
      return whole;
    }
    // Only the payload's first line is data: the parameters and the lines after a wrapped
    // binary payload are scanned as text, as the sanitizer reads them.
    return whole.slice(0, whole.indexOf(',') + 1) + whole.slice(firstLineLength(whole));
  });
}

const PERCENT_ESCAPE = /%[0-9A-Fa-f]{2}/;

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // A stray `%` leaves the rest decodable run by run.
    return text.replace(/(%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/** Characters without which a string is neither a URL, nor a form body, nor encoded. */
const SPLIT_CHARACTERS = /[/=%+]/;

/**
 * Tells whether `scanPieces` returns `text` as its only piece: text without the characters
 * of URLs, form bodies and percent-encoding.
 */
export function isSinglePiece(text: string): boolean {
  return !SPLIT_CHARACTERS.test(text);
}

/** Decodes a `key=value` parameter and puts a `?` before it, as the sanitizer scans it. */
function decodeParameter(parameter: string): string {
  return `?${decodeComponent(parameter.replace(/\+/g, ' '))}`;
}

/** The pieces of a string that the audit scans: as written, and decoded where encoded. */
export interface ScanPieces {
  written: string[];
  decoded: string[];
}

/**
 * Splits a string the way the sanitizer reads it. A URL is split into its authority, path
 * segments, query and fragment (see {@link urlPieces}). A form body is split into its
 * parameters, and any other text stays whole. Parameters keep a leading `?`, which detectors
 * of URL parameters look for. Decoded pieces are listed only where the text is encoded.
 */
export function scanPieces(text: string): ScanPieces {
  if (isSinglePiece(text)) {
    return { written: [text], decoded: [] };
  }
  if (looksLikeUrl(text)) {
    return urlPieces(text);
  }
  if (looksLikeFormText(text)) {
    const parameters = text.split('&');
    return {
      written: parameters.map((parameter) => `?${parameter}`),
      decoded: [...parameters.filter(isEncoded).map(decodeParameter), ...base64Texts(parameters)],
    };
  }
  return { written: [text], decoded: PERCENT_ESCAPE.test(text) ? [decodeComponent(text)] : [] };
}

/**
 * Splits a URL as `sanitizeUrl` reads it. Path segments, the user name and a fragment that is
 * not a route are decoded whole, and each query parameter on its own (`+` as a space). A route
 * fragment (`#/users?tab=1`) gives path segments and a query, and a fragment of parameters
 * (`#access_token=...`) a query. A userinfo password is scanned in a `?password=` probe, so a
 * password of four or more characters that is not a replaygate replacement is reported as a
 * `url-secret`.
 */
function urlPieces(text: string): ScanPieces {
  const { authority, segments, parameters, fragment } = splitUrl(text);
  const written: string[] = [];
  const decoded: string[] = [];
  const plain = [...segments];
  const queries = parameters === undefined ? [] : [parameters];

  const userinfo = splitUserinfo(authority);
  if (userinfo === undefined) {
    written.push(authority);
  } else {
    written.push(userinfo.host);
    plain.push(userinfo.user);
    const password = userinfo.password ?? '';
    if (password !== '') {
      const probe = passwordProbe(decodeComponent(password));
      if (PERCENT_ESCAPE.test(password)) {
        decoded.push(probe);
      } else {
        written.push(probe);
      }
    }
  }

  const route = fragment === undefined ? undefined : splitFragment(fragment);
  if (route !== undefined) {
    plain.push(...route.segments);
    if (route.parameters !== undefined) {
      queries.push(route.parameters);
    }
  } else if (fragment !== undefined) {
    plain.push(fragment);
  }

  written.push(...plain, ...queries.map((query) => `?${query.join('&')}`));
  decoded.push(
    ...plain.filter((piece) => PERCENT_ESCAPE.test(piece)).map(decodeComponent),
    ...queries.flat().filter(isEncoded).map(decodeParameter),
    ...base64Texts(queries.flat()),
  );
  return { written: written.filter((piece) => piece !== ''), decoded };
}

/** Returns the texts that parameter values encode as base64, as the sanitizer reads them. */
function base64Texts(parameters: readonly string[]): string[] {
  const texts: string[] = [];
  for (const parameter of parameters) {
    const equals = parameter.indexOf('=');
    const raw = equals < 0 ? '' : parameter.slice(equals + 1);
    const decoded = decodeBase64Text(raw.includes('%') ? decodeComponent(raw) : raw);
    if (decoded !== undefined) {
      texts.push(decoded.text);
    }
  }
  return texts;
}

function isEncoded(piece: string): boolean {
  return PERCENT_ESCAPE.test(piece) || piece.includes('+');
}

/** Returns the URLs and the quoted strings of CSS text: the parts the sanitizer rewrites. */
export function cssDataParts(css: string): string[] {
  const parts: string[] = [];
  for (const match of css.matchAll(CSS_DATA_TOKENS)) {
    const [, doubleQuoted, singleQuoted, bare, quoted] = match;
    parts.push(
      quoted !== undefined ? quoted.slice(1, -1) : (doubleQuoted ?? singleQuoted ?? bare ?? ''),
    );
  }
  return parts;
}

interface SerializedNode {
  type?: unknown;
  id?: unknown;
  tagName?: unknown;
  childNodes?: unknown;
}

/**
 * Adds the ids of `<style>` elements and of the text nodes inside them to `ids`, so text
 * changes of those nodes in later Mutation events are read as CSS.
 */
export function collectStyleIds(node: unknown, insideStyle: boolean, ids: Set<number>): void {
  const serialized = node as SerializedNode | null;
  if (typeof serialized !== 'object' || serialized === null) {
    return;
  }
  const isStyle = serialized.type === 2 && String(serialized.tagName).toLowerCase() === 'style';
  if ((isStyle || insideStyle) && typeof serialized.id === 'number') {
    ids.add(serialized.id);
  }
  if (Array.isArray(serialized.childNodes)) {
    for (const child of serialized.childNodes) {
      collectStyleIds(child, isStyle, ids);
    }
  }
}
