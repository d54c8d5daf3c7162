import { findFieldSecrets } from '../detect/url-secret.js';
import { isPseudonym } from '../pseudonymize/recognize.js';
import type { SanitizeContext } from './context.js';

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
  for (const finding of findFieldSecrets(text)) {
    // The region only matters for phone numbers, which this check never reads.
    if (isPseudonym('url-secret', finding.value, 'US')) {
      continue;
    }
    result += text.slice(copied, finding.start);
    result += context.text.replaceWhole(finding.value, 'url-secret', location);
    copied = finding.end;
  }
  return copied === 0 ? text : result + text.slice(copied);
}
