import { classifyMediaType } from './content-type.js';
import type { SanitizeContext } from './context.js';
import { sanitizeJsonText } from './json-body.js';
import { sanitizeText } from './text.js';

const BOUNDARY = /boundary=(?:"([^"]+)"|([^;\s]+))/i;
const HEADER_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');

/**
 * Sanitizes a `multipart/form-data` body part by part, on bytes so binary file parts pass
 * through untouched. Part headers are sanitized as text, because a file name can contain a
 * name or an address. The content of a part is sanitized when it is text: a field without a
 * file name, or a file of a text type whose bytes are valid UTF-8. Returns `bytes` itself
 * when nothing was replaced.
 */
export function sanitizeMultipart(
  context: SanitizeContext,
  bytes: Buffer,
  contentType: string | undefined,
  location: string,
): Buffer {
  const match = BOUNDARY.exec(contentType ?? '');
  const boundary = match?.[1] ?? match?.[2];
  if (boundary === undefined) {
    return sanitizeWholeAsText(context, bytes, location);
  }
  const delimiter = Buffer.from(`--${boundary}`);
  const pieces: Buffer[] = [];
  let changed = false;
  let position = bytes.indexOf(delimiter);
  if (position < 0) {
    return sanitizeWholeAsText(context, bytes, location);
  }
  pieces.push(bytes.subarray(0, position));
  while (position >= 0) {
    const partStart = position + delimiter.length;
    const next = bytes.indexOf(delimiter, partStart);
    const partEnd = next < 0 ? bytes.length : next;
    pieces.push(delimiter);
    const part = bytes.subarray(partStart, partEnd);
    const isClosing = part[0] === 0x2d && part[1] === 0x2d;
    const sanitized = isClosing ? part : sanitizePart(context, part, location);
    changed ||= sanitized !== part;
    pieces.push(sanitized);
    position = next;
  }
  return changed ? Buffer.concat(pieces) : bytes;
}

/** Sanitizes one part: `\r\n` headers `\r\n\r\n` content `\r\n`. */
function sanitizePart(context: SanitizeContext, part: Buffer, location: string): Buffer {
  const headerEnd = part.indexOf(HEADER_END);
  if (headerEnd < 0) {
    return part;
  }
  const headerText = part.subarray(0, headerEnd).toString('utf8');
  const sanitizedHeaders = sanitizeText(context, headerText, location);
  const endsWithCrlf = part.subarray(part.length - 2).equals(CRLF);
  const content = part.subarray(
    headerEnd + HEADER_END.length,
    endsWithCrlf ? part.length - 2 : part.length,
  );
  const sanitizedContent = sanitizePartContent(context, headerText, content, location);
  if (sanitizedHeaders === headerText && sanitizedContent === content) {
    return part;
  }
  return Buffer.concat([
    Buffer.from(sanitizedHeaders, 'utf8'),
    HEADER_END,
    sanitizedContent,
    endsWithCrlf ? CRLF : Buffer.alloc(0),
  ]);
}

function sanitizePartContent(
  context: SanitizeContext,
  headerText: string,
  content: Buffer,
  location: string,
): Buffer {
  const partType = /^content-type:\s*(.+)$/im.exec(headerText)?.[1]?.trim();
  const isFile = /filename\*?=/i.test(headerText);
  const kind = classifyMediaType(partType ?? (isFile ? 'application/octet-stream' : 'text/plain'));
  if (kind === 'binary') {
    return content;
  }
  const text = content.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(content)) {
    return content;
  }
  const sanitized =
    kind === 'json'
      ? sanitizeJsonText(context, text, location)
      : sanitizeText(context, text, location);
  return sanitized === text ? content : Buffer.from(sanitized, 'utf8');
}

function sanitizeWholeAsText(context: SanitizeContext, bytes: Buffer, location: string): Buffer {
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes)) {
    return bytes;
  }
  const sanitized = sanitizeText(context, text, location);
  return sanitized === text ? bytes : Buffer.from(sanitized, 'utf8');
}
