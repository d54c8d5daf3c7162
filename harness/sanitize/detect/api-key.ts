import type { Finding } from '../types.js';
import { isWordBefore, shannonEntropy, type Detector } from './detector.js';
import { CHARACTER, hasCharacters, type TextProfile } from './text-profile.js';

/** A provider key: `prefix` is the fixed part that names the provider, `key` the whole key. */
interface KeyPattern {
  prefix: RegExp;
  key: RegExp;
}

function keyPattern(prefix: string, rest: string): KeyPattern {
  return { prefix: new RegExp(prefix, 'g'), key: new RegExp(prefix + rest, 'y') };
}

/**
 * Keys of common providers, each with the fixed prefix that names the provider. A key must
 * start a word, which `wordStartMatches` checks.
 */
const PROVIDER_KEYS: KeyPattern[] = [
  keyPattern('(?:AKIA|ASIA)', '[A-Z0-9]{16}\\b'), // AWS access key id
  keyPattern('gh[pousr]_', '[A-Za-z0-9]{36,}\\b'), // GitHub tokens
  keyPattern('github_pat_', '[A-Za-z0-9_]{22,}\\b'), // GitHub fine-grained token
  keyPattern('(?:sk|rk|pk)_(?:live|test)_', '[A-Za-z0-9]{16,}\\b'), // Stripe
  keyPattern('xox[abposr]-', '[A-Za-z0-9-]{10,}'), // Slack
  keyPattern('AIza', '[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])'), // Google API key
  // GitLab personal access token: 20 characters, or a longer routable token with two dotted parts.
  keyPattern('glpat-', '[A-Za-z0-9_-]{20,}(?:\\.[A-Za-z0-9]+\\.[A-Za-z0-9]+)?(?![A-Za-z0-9_-])'),
  keyPattern('npm_', '[A-Za-z0-9]{36}\\b'), // npm access token
  // SendGrid API key
  keyPattern('SG\\.', '[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])'),
  keyPattern('SK', '[0-9a-f]{32}\\b'), // Twilio API key SID
];

/** OpenAI-style `sk-…` keys; the prefix alone is common in CSS class names, so entropy decides. */
const SK_DASH_KEY = keyPattern('sk-', '(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}');

/** `api_key=…`, `"apiKey": "…"`, `client_secret: …` assignments; the value is the finding. */
const ASSIGNMENT =
  /(?<![A-Za-z0-9])(?:api[_-]?key|api[_-]?secret|access[_-]?key(?:[_-]?id)?|secret[_-]?(?:access[_-]?)?key|client[_-]?secret|auth[_-]?token|private[_-]?token)["']?\s*[:=]\s*["']?([A-Za-z0-9_\-.+/=]{8,})/gi;

/** Provider prefixes that a pseudonym keeps, so it still names the provider. */
const KNOWN_PREFIX =
  /^(?:AKIA|ASIA|gh[pousr]_|github_pat_|(?:sk|rk|pk)_(?:live|test)_|xox[abposr]-|AIza|sk-(?:proj-|svcacct-|admin-)?|glpat-|npm_|SG\.|SK(?=[0-9a-f]{32}$))/;

/** Returns the length of the provider prefix of an API key, 0 when it has none. */
export function apiKeyPrefixLength(value: string): number {
  return KNOWN_PREFIX.exec(value)?.[0].length ?? 0;
}

/**
 * Fixed parts of the provider keys, each with an `A`, an `S`, a `_` or a `-`. The newer
 * prefixes are short or common in other text (`npm_config_…`, `SK` in random base64), so
 * their markers also require the characters after them.
 */
const PROVIDER_MARKER =
  /AKIA|ASIA|gh[pousr]_|github_pat_|_live_|_test_|xox[abposr]-|AIza|sk-|glpat-[\w-]{20}|npm_[A-Za-z0-9]{36}|SG\.[\w-]{22}\.|SK[0-9a-f]{32}/;
/** Every `ASSIGNMENT` name contains one of these words. */
const ASSIGNMENT_WORD = /key|secret|token/i;
const PROVIDER_CHARACTERS =
  CHARACTER.capitalA | CHARACTER.capitalS | CHARACTER.underscore | CHARACTER.dash;
/** Length of the shortest match: `apikey=` with 8 value characters, or `xoxb-` with 10. */
const MIN_LENGTH = 15;

/**
 * Tells whether `text` has a provider marker, or an `=` or `:` with a digit (an assigned
 * value needs one) and a name word. The character counts rule out most text before any
 * regular expression runs.
 */
function mayHoldKey(text: string, profile: TextProfile): boolean {
  if (text.length < MIN_LENGTH) {
    return false;
  }
  const assignable =
    profile.digits > 0 && (profile.colons > 0 || hasCharacters(profile, CHARACTER.equals));
  if (assignable && ASSIGNMENT_WORD.test(text)) {
    return true;
  }
  return (profile.characters & PROVIDER_CHARACTERS) !== 0 && PROVIDER_MARKER.test(text);
}

function isRandomLooking(value: string): boolean {
  return /\d/.test(value) && /[A-Za-z]/.test(value) && shannonEntropy(value) >= 3.5;
}

/**
 * Yields the matches of `pattern` that start a word (see `isWordBefore`), as a left-to-right
 * search with the whole pattern finds them. The prefix is searched for alone, because a
 * lookbehind (`WORD_START`) made each search about 30 times slower on 10 MB of generated
 * recording text in Node 20. The whole key is matched only where the prefix starts a word,
 * because matching it inside a run such as `axoxb-axoxb-…` read to the run's end once per prefix.
 */
function* wordStartMatches(text: string, pattern: KeyPattern): Generator<RegExpExecArray> {
  const { prefix, key } = pattern;
  prefix.lastIndex = 0;
  for (let found = prefix.exec(text); found !== null; found = prefix.exec(text)) {
    const start = found.index;
    // The search goes on from the next character, because prefixes may overlap (`AKIAKIA`).
    prefix.lastIndex = start + 1;
    if (isWordBefore(text, start)) {
      continue;
    }
    key.lastIndex = start;
    const match = key.exec(text);
    if (match !== null) {
      prefix.lastIndex = start + match[0].length;
      yield match;
    }
  }
}

function collect(text: string, pattern: KeyPattern, findings: Finding[]): void {
  for (const match of wordStartMatches(text, pattern)) {
    findings.push({
      detector: 'api-key',
      start: match.index,
      end: match.index + match[0].length,
      value: match[0],
    });
  }
}

/**
 * Finds API keys of AWS, GitHub, GitLab, npm, Stripe, Slack, SendGrid, Twilio, Google and
 * OpenAI, and `api_key=` values.
 */
export const apiKeyDetector: Detector = {
  name: 'api-key',
  mayMatch: mayHoldKey,
  find(text) {
    const findings: Finding[] = [];
    for (const pattern of PROVIDER_KEYS) {
      collect(text, pattern, findings);
    }
    for (const match of wordStartMatches(text, SK_DASH_KEY)) {
      if (isRandomLooking(match[0])) {
        findings.push({
          detector: 'api-key',
          start: match.index,
          end: match.index + match[0].length,
          value: match[0],
        });
      }
    }
    const spans = new Set(findings.map((finding) => finding.start));
    for (const match of text.matchAll(ASSIGNMENT)) {
      const value = match[1] ?? '';
      const start = match.index + match[0].length - value.length;
      // A provider key assigned to `access_key_id` is reported once.
      if (!spans.has(start) && /\d/.test(value) && /[A-Za-z]/.test(value)) {
        findings.push({ detector: 'api-key', start, end: start + value.length, value });
      }
    }
    return findings;
  },
};
