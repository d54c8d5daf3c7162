const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** C0 controls other than tab, line feed and carriage return, and DEL. */
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

/**
 * Returns the bytes as text when they are UTF-8 without control characters, the test for
 * bytes that an app meant as text (a protobuf string field, base64 in a URL parameter).
 */
export function readUtf8Text(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = utf8Decoder.decode(bytes);
  } catch {
    return undefined;
  }
  return CONTROL.test(text) ? undefined : text;
}
