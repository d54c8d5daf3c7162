import { maskRange } from '../pseudonymize/format-preserving.js';
import {
  BASE64_DATA_URL,
  decodeDataUrl,
  encodeBase64Content,
  mayContainDataUrl,
  type DecodedContent,
} from './content-type.js';
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
  const inner = mayContainDataUrl(text)
    ? sanitizeDataUrlsKeepingLength(context, text, location)
    : text;
  const findings = context.text.scan(inner);
  if (findings.length === 0) {
    return inner;
  }
  let result = '';
  let position = 0;
  for (const finding of findings) {
    // The first character after a control byte is most likely a length prefix that the
    // detector took for part of the value (protobuf tag 0x0a, then length 90 is `Z`), so it stays.
    const start =
      finding.end - finding.start > 1 && inner.charCodeAt(finding.start - 1) < 0x20
        ? finding.start + 1
        : finding.start;
    result += inner.slice(position, start);
    const value = inner.slice(start, finding.end);
    const replaced =
      start === finding.start
        ? context.text.replaceWhole(value, finding.detector, location)
        : maskKeepingBytes(value, encoding);
    const sameLength = byteLength(replaced, encoding) === byteLength(value, encoding);
    result += sameLength ? replaced : maskKeepingBytes(value, encoding);
    position = finding.end;
  }
  return result + inner.slice(position);
}

/**
 * Sanitizes the text payloads of base64 `data:` URLs inside such content at their length,
 * which keeps the length of their base64 too, because the audit decodes them.
 */
function sanitizeDataUrlsKeepingLength(
  context: SanitizeContext,
  text: string,
  location: string,
): string {
  return text.replace(BASE64_DATA_URL, (...args: unknown[]) => {
    const match = args.slice(0, 4) as RegExpMatchArray;
    const whole = match[0];
    const decoded = decodeDataUrl(match);
    if (decoded === undefined) {
      return whole;
    }
    const sanitized = sanitizeKeepingLength(context, decoded.text, decoded.encoding, location);
    return sanitized === decoded.text
      ? whole
      : `${whole.slice(0, whole.indexOf(',') + 1)}${encodeBase64Content(sanitized, decoded.encoding)}`;
  });
}
