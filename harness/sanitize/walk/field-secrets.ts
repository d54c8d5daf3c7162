import { findFieldSecrets } from '../detect/url-secret.js';
import { isPseudonym } from '../pseudonymize/recognize.js';
import { LOCATIONS, type SanitizeContext } from './context.js';

/**
 * Replaces the values of credential fields (`"password": "..."`, `refreshToken: '...'`) in
 * text from a body or an event payload, whole and as `url-secret` values. A value that is
 * already a replacement stays, so text that passes here twice is not replaced twice.
 */
export function replaceFieldSecrets(
  context: SanitizeContext,
  text: string,
  location: string,
): string {
  if (!text.includes(':')) {
    return text;
  }
  let result = '';
  let copied = 0;
  // A response that contains a password echoes what the app sent, as an API explorer's echo
  // server does, and the page shows it. Replaced there, the replayed page would show the
  // replacement while the recorded page shows the typed value. Tokens stay covered.
  const passwords = location !== LOCATIONS.responseBody;
  for (const finding of findFieldSecrets(text, { passwords })) {
    // The region only matters for phone numbers, which this check never reads.
    const decoded = percentDecoded(finding.value);
    if (isPseudonym('url-secret', decoded ?? finding.value, 'US')) {
      continue;
    }
    result += text.slice(copied, finding.start);
    // A percent-encoded value is replaced as decoded and encoded again. Its replacement is then
    // the one the decoded value gets elsewhere, and the audit, which decodes it, recognizes it.
    const replacement =
      decoded === undefined
        ? context.text.replaceWhole(finding.value, 'url-secret', location)
        : encodeURIComponent(context.text.replaceWhole(decoded, 'url-secret', location));
    // A value written with JSON escapes gets its replacement written as JSON too.
    const escaped = text.slice(finding.start, finding.end) !== finding.value;
    result += escaped ? JSON.stringify(replacement).slice(1, -1) : replacement;
    copied = finding.end;
  }
  return copied === 0 ? text : result + text.slice(copied);
}

const PERCENT_ESCAPE = /%[0-9A-Fa-f]{2}/;

/** Returns `value` with its percent escapes decoded, or undefined when it has none or a broken one. */
function percentDecoded(value: string): string | undefined {
  if (!PERCENT_ESCAPE.test(value)) {
    return undefined;
  }
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
