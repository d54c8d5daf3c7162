import { maskRange } from '../pseudonymize/format-preserving.js';
import type { DecodedContent } from './content-type.js';
import type { SanitizeContext } from './context.js';

/** Returns the number of bytes `text` takes in `encoding`. */
function byteLength(text: string, encoding: DecodedContent['encoding']): number {
  if (encoding === 'latin1') {
    return text.length;
  }
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) {
      bytes += 1;
    } else if (code < 0x800) {
      bytes += 2;
    } else {
      bytes += code < 0x10000 ? 3 : 4;
    }
  }
  return bytes;
}

/** Masks letters and digits with one ASCII mark per byte, so the byte length stays. */
function maskKeepingBytes(value: string, encoding: DecodedContent['encoding']): string {
  let masked = '';
  for (const char of value) {
    const mark = maskRange(char);
    masked += mark === char ? char : mark.charAt(0).repeat(byteLength(char, encoding));
  }
  return masked;
}

/**
 * Sanitizes text read from content of a binary type without changing its length in bytes.
 * Such text can sit inside framing that counts bytes (protobuf fields, gRPC frames), so a
 * replacement of another length would corrupt the rest. Each finding gets its usual
 * replacement when that has the same length, and is masked otherwise: an e-mail address,
 * whose pseudonym is on another domain, is masked.
 */
export function sanitizeKeepingLength(
  context: SanitizeContext,
  text: string,
  encoding: DecodedContent['encoding'],
  location: string,
): string {
  const findings = context.text.scan(text);
  if (findings.length === 0) {
    return text;
  }
  let result = '';
  let position = 0;
  for (const finding of findings) {
    result += text.slice(position, finding.start);
    const replaced = context.text.replaceWhole(finding.value, finding.detector, location);
    const sameLength = byteLength(replaced, encoding) === byteLength(finding.value, encoding);
    result += sameLength ? replaced : maskKeepingBytes(finding.value, encoding);
    position = finding.end;
  }
  return result + text.slice(position);
}
