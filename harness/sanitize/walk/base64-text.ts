/**
 * Reads and writes text that an app encoded as base64 into a URL parameter or a form field,
 * such as a filter or a sign-in state (`?state=eyJlbWFpbCI6...`). Browser-safe: the recorder's
 * page bundle uses it too, so it relies on `atob` and `btoa`, which browsers and Node both have.
 */

import { readUtf8Text } from './utf8-text.js';

/** Base64 or base64url of at least 16 characters, with optional padding. */
const BASE64_VALUE = /^(?:[A-Za-z0-9+/]{16,}|[A-Za-z0-9_-]{16,})={0,2}$/;

/**
 * A GraphQL global id such as `Order:4155552671` (Relay's convention): a type name and a
 * database id. Apps write the same id into URL paths and page text, where it is not decoded,
 * so decoding it in parameters would replace it in some places only, and its digits pass
 * the phone number check.
 */
const GLOBAL_ID = /^[A-Za-z_][\w.]*:[\w.-]+$/;

const utf8Encoder = new TextEncoder();

/** Text decoded from base64, with the form of its encoding. */
export interface Base64Text {
  text: string;
  /** Whether the value used the URL-safe alphabet (`-` and `_`). */
  urlSafe: boolean;
  padded: boolean;
}

/**
 * Decodes `value` when it is base64 of UTF-8 text without control characters, and encodes
 * back to the same characters. Returns undefined for anything else. Random tokens and ids
 * almost never decode to such text: by an estimate, about 1 in 100,000 values of 16 random
 * characters does.
 */
export function decodeBase64Text(value: string): Base64Text | undefined {
  if (value.length < 16 || !BASE64_VALUE.test(value)) {
    return undefined;
  }
  const urlSafe = /[-_]/.test(value);
  const form = { urlSafe, padded: value.endsWith('=') };
  let binary: string;
  try {
    binary = atob(urlSafe ? value.replace(/-/g, '+').replace(/_/g, '/') : value);
  } catch {
    return undefined;
  }
  const text = readUtf8Text(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
  if (text === undefined || encodeBase64Text(text, form) !== value || GLOBAL_ID.test(text)) {
    return undefined;
  }
  return { text, ...form };
}

/** Encodes text as base64 of its UTF-8 bytes, in the given alphabet and padding. */
export function encodeBase64Text(text: string, form: Omit<Base64Text, 'text'>): string {
  let binary = '';
  for (const byte of utf8Encoder.encode(text)) {
    binary += String.fromCharCode(byte);
  }
  let encoded = btoa(binary);
  if (form.urlSafe) {
    encoded = encoded.replace(/\+/g, '-').replace(/\//g, '_');
  }
  return form.padded ? encoded : encoded.replace(/=+$/, '');
}
