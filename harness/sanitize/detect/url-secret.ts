import type { Finding } from '../types.js';
import { isJsonWhitespace } from '../stream/json-bytes.js';
import { isWordCode, type Detector } from './detector.js';
import { CHARACTER, hasCharacters } from './text-profile.js';

/**
 * The path parameter of Java servlets, `;jsessionid=`, with its value as group 1: it ends at
 * `?` and `/` too, because the query or path goes on after it. Otherwise the head of a URL
 * parameter after `?`, `&`, `#` (OAuth implicit flow) or `;` (`&amp;` in HTML): group 2 is its
 * name, with Rails and PHP brackets (`card[cvc]`), and `=` follows.
 */
const URL_PARAMETER =
  /;jsessionid=([^?/&#;\s"'<>\\]{4,})|[?&#;]([A-Za-z_][\w.-]{0,63}(?:\[[\w.-]{0,63}\])*)=/gi;
/** Characters of a parameter value, which ends at the next delimiter, quote, space or backslash. */
const VALUE_CHARACTERS = /[^&#\s"'<>\\]*/y;
/** Minimum length of a parameter value after its `=`. */
const MIN_VALUE_LENGTH = 3;

/**
 * Parameter names whose value is a credential in a URL or a form body, in lower case without
 * `_`, `-` and `.`, beside the field names below. `codeverifier` is the OAuth PKCE secret,
 * and `phpsessid` and `jsessionid` are the session cookies of PHP and Java servlets.
 */
const URL_SECRET_NAMES: ReadonlySet<string> = new Set([
  'token',
  'idtoken',
  'key',
  'code',
  'codeverifier',
  'pwd',
  'session',
  'sid',
  'jsessionid',
  'phpsessid',
  'signature',
  'sig',
  'auth',
  'xamzsignature',
  'xamzsecuritytoken',
  'xamzcredential',
]);

/**
 * Names of string fields whose value is a credential, in JSON, JavaScript object literals and
 * GraphQL arguments (`"password": "..."`, `refreshToken: "..."`), in lower case without `_`
 * and `-`. A name matches when it equals one of `SECRET_FIELD_NAMES` or ends with one of
 * `SECRET_FIELD_SUFFIXES` (`newPassword`, `user_password`, `"x-api-key"`). `key`, `code`,
 * `id`, `pin` and names ending in `token` in general (`pageToken`, `nextPageToken`: paging
 * cursors that a replay sends back in a URL) stay out, because replacing them in a body alone
 * would break the requests that carry them.
 * Translation bundles key labels by the same names (`"forgotPassword": "Forgot password?"`,
 * `"password": "Password"`), and a replaced label would show in the replayed page but not in
 * the recording, so values shaped like labels stay (see {@link looksLikeLabel}).
 */
const SECRET_FIELD_NAMES = [
  'pass',
  'pwd',
  'passcode',
  'passwordconfirmation',
  'token',
  'idtoken',
  'otp',
  'cvv2',
  'cvc2',
  'cvn',
  'csc',
];
/** Names of card security codes, whose value is three or four digits. */
const CARD_CODE_NAMES: ReadonlySet<string> = new Set([
  'cvv',
  'cvc',
  'cvv2',
  'cvc2',
  'cvn',
  'csc',
  'securitycode',
  'cardcode',
]);
const SECRET_FIELD_SUFFIXES = [
  'cvv',
  'cvc',
  'securitycode',
  'cardcode',
  'password',
  'passwd',
  'passphrase',
  'secret',
  'apikey',
  'apitoken',
  'accesstoken',
  'refreshtoken',
  'authtoken',
  'sessiontoken',
  'sessionid',
  'csrftoken',
  'xsrftoken',
  'authenticitytoken',
  'csrfmiddlewaretoken',
  'subscriptionkey',
  'privatekey',
];
const MIN_SECRET_LENGTH = 4;
const CARD_CODE = /^\d{3,4}$/;
const MIN_FIELD_NAME = 3;
/** Maximum length of a field name in characters, `_` and `-` included. */
const MAX_FIELD_NAME = 32;

/** An exact credential field name or a credential suffix. */
interface SecretFieldName {
  name: string;
  isSuffix: boolean;
  /** True for card security codes, whose value must be three or four digits. */
  isCardCode: boolean;
}

/**
 * The field names grouped by their last letter. A key is compared only with the names that
 * end in its own last letter, from the end, so most keys are ruled out without building a
 * string.
 */
const FIELD_NAMES_BY_LAST_LETTER = new Map<number, SecretFieldName[]>();
for (const name of [...SECRET_FIELD_NAMES, ...SECRET_FIELD_SUFFIXES]) {
  const last = name.charCodeAt(name.length - 1);
  const group = FIELD_NAMES_BY_LAST_LETTER.get(last) ?? [];
  group.push({
    name,
    isSuffix: SECRET_FIELD_SUFFIXES.includes(name),
    isCardCode: CARD_CODE_NAMES.has(name),
  });
  FIELD_NAMES_BY_LAST_LETTER.set(last, group);
}

/**
 * Parameter names that apps also use for ordinary values: a coupon (`?code=SAVE20`), a sort
 * key (`?key=createdAt`), a flag (`?auth=true`). Their value counts as a credential only when
 * it looks random: eight characters with a digit, or sixteen characters. OAuth codes, session
 * ids and signatures have that shape, and a replaced coupon would change the replayed page.
 */
const GENERIC_SECRET_NAMES = new Set(['key', 'code', 'session', 'sid', 'auth', 'sig']);

/**
 * Names of credentials that apps also use for flags and page states in URLs (`otp=disabled`,
 * `jwt=disabled`, `pass=weekend`): their value counts only when it looks random, and
 * only as a parameter of its own, not as a bracketed key.
 */
const LOOSE_SECRET_NAMES: ReadonlySet<string> = new Set(['otp', 'jwt', 'pass', 'passcode']);

/**
 * Tells whether a value looks random enough to be a credential: sixteen characters, or eight
 * with a digit, judged as decoded. Used for generic names, whose values are often words.
 */
export function looksRandom(value: string): boolean {
  // Judged as decoded: `name%2Casc` is the sort key `name,asc`, and `%2C` adds a digit.
  let decoded = value;
  if (value.includes('%')) {
    try {
      decoded = decodeURIComponent(value);
    } catch {
      // A stray `%`: the value as written.
    }
  }
  return decoded.length >= 16 || (decoded.length >= 8 && /\d/.test(decoded));
}

/** Values that are flags rather than credentials (`?token=true`, `?auth=false`). */
const FLAG_VALUE = /^(?:true|false|null|undefined|none|yes|no|on|off)$/i;

/** Tells whether a value is a flag such as `true`, `none` or `off` rather than a credential. */
export function isFlagValue(value: string): boolean {
  return FLAG_VALUE.test(value);
}

/**
 * Returns the credential rule for a parameter name, or undefined for another name. The last
 * bracketed key counts (`card[cvc]`, `user[password]`), and names are compared in lower case
 * without `_`, `-` and `.`, so `accessToken`, `access_token` and `ASP.NET_SessionId` match.
 */
function urlSecretRuleOf(name: string): 'generic' | 'card-code' | 'secret' | undefined {
  const bracket = name.lastIndexOf('[');
  const key = bracket < 0 ? name : name.slice(bracket + 1, -1);
  // Generic names match only as written, so `S_ID` and `product[code]` are not session ids.
  if (GENERIC_SECRET_NAMES.has(name.toLowerCase())) {
    return 'generic';
  }
  const normalized = key.toLowerCase().replace(/[-_.]/g, '');
  if (GENERIC_SECRET_NAMES.has(normalized) || LOOSE_SECRET_NAMES.has(normalized)) {
    return bracket < 0 && LOOSE_SECRET_NAMES.has(normalized) ? 'generic' : undefined;
  }
  const field =
    normalized.length <= MAX_FIELD_NAME
      ? secretFieldOf(normalized, 0, normalized.length)
      : undefined;
  if (field?.isCardCode) {
    return 'card-code';
  }
  if (URL_SECRET_NAMES.has(normalized)) {
    return 'secret';
  }
  if (field === undefined) {
    return undefined;
  }
  // A name that only ends in a credential name (`forgot-password=requested`,
  // `top_secret=visible`) is often a page state, so its value must look random.
  return normalized === field.name ? 'secret' : 'generic';
}

/**
 * Finds the values of credential parameters, reading each run of value characters once. A
 * rejected value is searched for parameters of its own, so a pattern that also matched the
 * value read `?a=?a=…` to its end after each `=`, in quadratic time.
 */
function collectUrlSecrets(text: string, findings: Finding[]): void {
  // The value characters from `runStart` end at `runEnd`, so a later value that starts in
  // between ends there too.
  let runStart = -1;
  let runEnd = -1;
  const pattern = URL_PARAMETER;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const session = match[1];
    if (session !== undefined) {
      findings.push({
        detector: 'url-secret',
        start: pattern.lastIndex - session.length,
        end: pattern.lastIndex,
        value: session,
      });
      continue;
    }
    const valueStart = pattern.lastIndex;
    if (valueStart < runStart || valueStart > runEnd) {
      VALUE_CHARACTERS.lastIndex = valueStart;
      VALUE_CHARACTERS.test(text);
      runStart = valueStart;
      runEnd = VALUE_CHARACTERS.lastIndex;
    }
    if (runEnd - valueStart < MIN_VALUE_LENGTH) {
      // A shorter value makes no parameter, so the search goes on after the delimiter.
      pattern.lastIndex = match.index + 1;
      continue;
    }
    const rule = urlSecretRuleOf(match[2] as string);
    const value = text.slice(valueStart, runEnd);
    const accepted =
      rule === 'card-code'
        ? CARD_CODE.test(value)
        : rule !== undefined &&
          value.length >= MIN_SECRET_LENGTH &&
          !FLAG_VALUE.test(value) &&
          (rule !== 'generic' || looksRandom(value));
    if (!accepted) {
      // The search goes on after the `=`, because the value of another parameter may hold a
      // URL with its own (`?next=/a?token=...`).
      continue;
    }
    findings.push({ detector: 'url-secret', start: valueStart, end: runEnd, value });
    pattern.lastIndex = runEnd;
  }
}

function isNameCode(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x5f
  );
}

function isSeparator(code: number): boolean {
  return code === 0x5f || code === 0x2d;
}

function isQuote(code: number): boolean {
  return code === 0x22 || code === 0x27 || code === 0x60;
}

/** Tells whether the key `text[start, end)` is `field`, ignoring case, `_` and `-`. */
function matchesFieldName(
  text: string,
  start: number,
  end: number,
  field: SecretFieldName,
): boolean {
  let position = end;
  for (let index = field.name.length - 1; index >= 0; index--) {
    do {
      position--;
    } while (position >= start && isSeparator(text.charCodeAt(position)));
    // `| 0x20` lower-cases an ASCII letter.
    if (position < start || (text.charCodeAt(position) | 0x20) !== field.name.charCodeAt(index)) {
      return false;
    }
  }
  while (position > start && isSeparator(text.charCodeAt(position - 1))) {
    position--;
  }
  return field.isSuffix || position === start;
}

/** Returns the credential name that the key `text[start, end)` matches, or undefined. */
function secretFieldOf(text: string, start: number, end: number): SecretFieldName | undefined {
  const group = FIELD_NAMES_BY_LAST_LETTER.get(text.charCodeAt(end - 1) | 0x20);
  return group?.find((field) => matchesFieldName(text, start, end, field));
}

function isWordOrQuote(code: number): boolean {
  return isWordCode(code) || code === 0x22 || code === 0x27;
}

/**
 * Returns the start of the key that ends at `end`, followed by `:`, or -1 when no key of a
 * usable length ends there. A quoted key may contain hyphens (`"x-api-key"`).
 */
function keyStart(text: string, end: number, quote: number): number {
  const quoted = quote === 0x22 || quote === 0x27;
  let start = end;
  while (
    start > 0 &&
    (isNameCode(text.charCodeAt(start - 1)) || (quoted && text.charCodeAt(start - 1) === 0x2d))
  ) {
    start--;
  }
  if (end - start < MIN_FIELD_NAME || end - start > MAX_FIELD_NAME) {
    return -1;
  }
  let before = start - 1;
  if (quoted) {
    if (text.charCodeAt(before) !== quote) {
      return -1;
    }
    before--;
  }
  return before >= 0 && isWordOrQuote(text.charCodeAt(before)) ? -1 : start;
}

/**
 * Returns the end of the string value that starts after the quote at `open`, or -1 when it
 * is not closed, contains a template placeholder (`${`), or has an escape inside a string
 * that is not a JSON string. JSON escapes (`\"`, `\\`, `\u0032`) are skipped over, so a
 * password with a quote in it is found too.
 */
function quotedValueEnd(text: string, open: number): number {
  const quote = text.charCodeAt(open);
  for (let position = open + 1; position < text.length; position++) {
    const code = text.charCodeAt(position);
    if (code === quote) {
      return position;
    }
    if (code === 0x5c) {
      if (quote !== 0x22) {
        return -1;
      }
      position++;
    } else if (quote === 0x60 && code === 0x24) {
      return -1;
    }
  }
  return -1;
}

/** Returns the value of a JSON string's content, or undefined when its escapes are invalid. */
function unescapeJsonString(content: string): string | undefined {
  if (!content.includes('\\')) {
    return content;
  }
  try {
    return JSON.parse(`"${content}"`) as string;
  } catch {
    return undefined;
  }
}

/** Credential names for what a person types: passwords and one-time codes. Card codes also count. */
const PASSWORD_NAME = /^(?:pass|pwd|otp)/;

/** One capitalized word, with an optional closing mark: `Password`, `Passwort:`. */
const LABEL_WORD = /^\p{Lu}\p{Ll}+[.:?!]?$/u;

/**
 * Tells whether a value reads as a user interface label rather than a credential: it has a
 * space (`Forgot password?`) or is one capitalized word. NOTE: a passphrase with spaces, or a
 * password that is one capitalized word, stays in the fixture.
 */
function looksLikeLabel(value: string): boolean {
  return /\s/.test(value) || LABEL_WORD.test(value);
}

/** Tells whether a credential field's value has the shape of a credential, not of a label. */
function isSecretValue(field: SecretFieldName, value: string): boolean {
  if (field.isCardCode) {
    return CARD_CODE.test(value);
  }
  return value.length >= MIN_SECRET_LENGTH && !looksLikeLabel(value) && !FLAG_VALUE.test(value);
}

/**
 * Tells whether `value` is a credential by the name of the field that contains it: the value
 * of a hidden input or a `<meta>` tag named `authenticity_token` or `csrf-token`.
 */
export function isNamedSecret(name: string, value: string): boolean {
  const field =
    name === '' || name.length > MAX_FIELD_NAME ? undefined : secretFieldOf(name, 0, name.length);
  return field !== undefined && isSecretValue(field, value);
}

/**
 * Finds the string values of credential fields, quoted with `"`, `'` or a backtick. It visits
 * each `:` and reads the name before it and the quoted value after it, so no regular
 * expression tries every position of a long body.
 */
function collectFieldSecrets(text: string, findings: Finding[], passwords: boolean): void {
  for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', colon + 1)) {
    // The cheap checks go first: most colons have no quoted value after them, and most keys
    // end in a letter that no credential name ends in.
    let open = colon + 1;
    while (isJsonWhitespace(text.charCodeAt(open))) {
      open++;
    }
    if (!isQuote(text.charCodeAt(open))) {
      continue;
    }
    let end = colon;
    while (end > 0 && isJsonWhitespace(text.charCodeAt(end - 1))) {
      end--;
    }
    const quote = text.charCodeAt(end - 1);
    if (quote === 0x22 || quote === 0x27) {
      end--;
    }
    if (!FIELD_NAMES_BY_LAST_LETTER.has(text.charCodeAt(end - 1) | 0x20)) {
      continue;
    }
    const start = keyStart(text, end, quote);
    const field = start < 0 ? undefined : secretFieldOf(text, start, end);
    // The matched name decides, not the whole key: `totpSecret` is a secret, not a one-time code.
    const typedByPerson =
      field !== undefined && (field.isCardCode || PASSWORD_NAME.test(field.name));
    if (field === undefined || (!passwords && typedByPerson)) {
      continue;
    }
    const valueEnd = quotedValueEnd(text, open);
    // A finding's value is the decoded string, so it matches what was typed; its span covers
    // the escapes as written.
    const value = valueEnd < 0 ? undefined : unescapeJsonString(text.slice(open + 1, valueEnd));
    if (value !== undefined && isSecretValue(field, value)) {
      findings.push({ detector: 'url-secret', start: open + 1, end: valueEnd, value });
    }
  }
}

/**
 * Tells whether a form field name is a credential field name by the rules of
 * `SECRET_FIELD_NAMES` and `SECRET_FIELD_SUFFIXES`: `password`, `new_password`, `apiKey`.
 */
export function isSecretFieldName(name: string): boolean {
  return (
    name.length <= MAX_FIELD_NAME &&
    name !== '' &&
    secretFieldOf(name, 0, name.length) !== undefined
  );
}

/**
 * Finds the string values of credential fields in JSON, object literals and GraphQL
 * arguments. This is not part of a detector, because the same text shown on a page (an API
 * explorer rendering an example request) is the app's own and must stay as the page renders
 * it. The body walkers apply it to request and response bodies and event payloads. Without
 * `passwords`, fields named for what a person types (passwords, one-time codes) are left out.
 */
export function findFieldSecrets(text: string, options: { passwords: boolean }): Finding[] {
  const findings: Finding[] = [];
  // A field's value is quoted, and URLs and CSS rarely contain quotes.
  if (text.includes('"') || text.includes("'") || text.includes('`')) {
    collectFieldSecrets(text, findings, options.passwords);
  }
  return findings;
}

/** Finds the values of credential parameters in URLs and query strings. */
export const urlSecretDetector: Detector = {
  name: 'url-secret',
  // The shortest match is a delimiter, a three-letter name, `=` and a three-digit card code:
  // `?cvc=123`.
  mayMatch: (text, profile) => text.length >= 8 && hasCharacters(profile, CHARACTER.equals),
  find(text) {
    const findings: Finding[] = [];
    collectUrlSecrets(text, findings);
    return findings;
  },
};

/** The field name in a part's `Content-Disposition` header. `filename=` does not match it. */
const PART_NAME = /;\s*name=(?:"([^"]*)"|([^;\s]+))/i;
const FILE_NAME = /filename\*?=/i;

/** Tells whether the headers of a multipart part name a file (`filename=`), not a field. */
export function isFilePart(headerText: string): boolean {
  return FILE_NAME.test(headerText);
}

/**
 * Tells whether the headers of a multipart part name a form field for a credential:
 * `password`, `new_password` or `user[password]` (Rails and PHP name nested fields so). File
 * parts are never credentials.
 */
export function isSecretPartHeader(headerText: string): boolean {
  const match = PART_NAME.exec(headerText);
  const name = match?.[1] ?? match?.[2];
  if (name === undefined || isFilePart(headerText)) {
    return false;
  }
  const keys = name.split(/[[\].]/).filter((key) => key !== '');
  return isSecretFieldName(keys[keys.length - 1] ?? '');
}
