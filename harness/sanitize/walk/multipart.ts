import { isFilePart, isSecretPartHeader } from '../detect/url-secret.js';
import { classifyMediaType, decodeContentBytes, multipartBoundary } from './content-type.js';
import type { SanitizeContext } from './context.js';
import { sanitizeJsonText } from './json-body.js';
import { sanitizeKeepingLength } from './keep-length.js';
import { sanitizeText } from './text.js';

const HEADER_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');

/**
 * Sanitizes a multipart body (`multipart/form-data`, `related`, `mixed`) part by part, on
 * bytes so binary file parts pass through untouched. Part headers are sanitized as text,
 * because a file name can contain a name or an address. The content of a part is decoded
 * like a body of the part's type (see `decodeContentBytes`): a field without a type as
 * `text/plain`, a file without one as `application/octet-stream`. The value of a field named
 * for a credential (`password`, `api_key`) is replaced whole. Returns `bytes` itself when
 * nothing was replaced.
 */
export function sanitizeMultipart(
  context: SanitizeContext,
  bytes: Buffer,
  contentType: string | undefined,
  location: string,
): Buffer {
  const boundary = multipartBoundary(contentType);
  if (boundary === undefined) {
    return sanitizeWholeAsText(context, bytes, contentType, location);
  }
  const delimiter = Buffer.from(`--${boundary}`);
  const pieces: Buffer[] = [];
  let changed = false;
  let position = bytes.indexOf(delimiter);
  if (position < 0) {
    return sanitizeWholeAsText(context, bytes, contentType, location);
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

/** Returns the content type a part's bytes are read as: its own, or what its kind implies. */
function partContentType(headerText: string): string {
  const partType = /^content-type:\s*(.+)$/im.exec(headerText)?.[1]?.trim();
  const isFile = isFilePart(headerText);
  return partType ?? (isFile ? 'application/octet-stream' : 'text/plain');
}

function sanitizePartContent(
  context: SanitizeContext,
  headerText: string,
  content: Buffer,
  location: string,
): Buffer {
  const contentType = partContentType(headerText);
  const decoded = decodeContentBytes(content, contentType);
  if (decoded === undefined) {
    return content;
  }
  const { text, encoding } = decoded;
  let sanitized: string;
  if (decoded.keepLength) {
    // An uploaded file of a data format may count bytes inside, as protobuf does.
    sanitized = sanitizeKeepingLength(context, text, encoding, location);
  } else if (isSecretPartHeader(headerText)) {
    // A password or token field is an opaque value that no detector recognizes.
    sanitized = text === '' ? text : context.text.replaceWhole(text, 'url-secret', location);
  } else if (classifyMediaType(contentType) === 'json') {
    sanitized = sanitizeJsonText(context, text, location);
  } else {
    sanitized = sanitizeText(context, text, location);
  }
  return sanitized === text ? content : Buffer.from(sanitized, encoding);
}

function sanitizeWholeAsText(
  context: SanitizeContext,
  bytes: Buffer,
  contentType: string | undefined,
  location: string,
): Buffer {
  const decoded = decodeContentBytes(bytes, contentType);
  if (decoded === undefined) {
    return bytes;
  }
  const sanitized = decoded.keepLength
    ? sanitizeKeepingLength(context, decoded.text, decoded.encoding, location)
    : sanitizeText(context, decoded.text, location);
  return sanitized === decoded.text ? bytes : Buffer.from(sanitized, decoded.encoding);
}

/**
 * Returns the texts of a multipart body that the audit scans, split the way
 * {@link sanitizeMultipart} splits it: the headers of each part and the content of each part
 * that is text. A body without a boundary is one text when it is text.
 */
export function multipartTexts(bytes: Buffer, contentType: string | undefined): string[] {
  const boundary = multipartBoundary(contentType);
  const delimiter = boundary === undefined ? undefined : Buffer.from(`--${boundary}`);
  if (delimiter === undefined || bytes.indexOf(delimiter) < 0) {
    const whole = decodeContentBytes(bytes, contentType);
    return whole === undefined ? [] : [whole.text];
  }
  const texts: string[] = [];
  for (let position = bytes.indexOf(delimiter); position >= 0;) {
    const partStart = position + delimiter.length;
    const next = bytes.indexOf(delimiter, partStart);
    const part = bytes.subarray(partStart, next < 0 ? bytes.length : next);
    const headerEnd = part.indexOf(HEADER_END);
    if (headerEnd >= 0) {
      const headerText = part.subarray(0, headerEnd).toString('utf8');
      const content = decodeContentBytes(
        part.subarray(headerEnd + HEADER_END.length),
        partContentType(headerText),
      );
      texts.push(headerText, ...(content === undefined ? [] : [content.text]));
    }
    position = next;
  }
  return texts;
}
