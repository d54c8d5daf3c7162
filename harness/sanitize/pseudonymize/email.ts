import { decodeAddressEscapes } from '../detect/email.js';
import { decodeNonAscii } from '../detect/unicode-letters.js';
import { fillSlots, toChars, variableSlots, type Slot } from './format-preserving.js';
import { streamFor } from './keyed-stream.js';

/** Domains reserved for documentation by RFC 2606; pseudonym e-mails use `*.example`. */
const RESERVED_DOMAINS = new Set(['example.com', 'example.net', 'example.org']);
const RESERVED_TLDS = new Set(['example', 'test', 'invalid', 'localhost']);

/** Tells whether an e-mail domain is reserved (RFC 2606), so no real mailbox can be behind it. */
export function isReservedEmailDomain(domain: string): boolean {
  const lower = domain.toLowerCase();
  if (RESERVED_DOMAINS.has(lower)) {
    return true;
  }
  for (const reserved of RESERVED_DOMAINS) {
    if (lower.endsWith(`.${reserved}`)) {
      return true;
    }
  }
  const tld = lower.slice(lower.lastIndexOf('.') + 1);
  return RESERVED_TLDS.has(tld);
}

/**
 * Top-level domains that typed prefixes of a pseudonym end with (`kxmqz@lzsstmn.ex`).
 * None of them is an ICANN top-level domain in the Public Suffix List, checked with the
 * list in tldts 7.6.4.
 */
const EXAMPLE_PREFIXES = new Set(['ex', 'exa', 'exam', 'examp', 'exampl']);

/** Splits an address at its last `@`, or at its last `%40` when it is percent-encoded. */
export function splitEmail(
  value: string,
): { local: string; separator: string; domain: string } | undefined {
  const plain = value.lastIndexOf('@');
  const encoded = value.lastIndexOf('%40');
  const at = plain >= 0 ? plain : encoded;
  const separator = plain >= 0 ? '@' : '%40';
  if (at <= 0 || at + separator.length >= value.length) {
    return undefined;
  }
  return { local: value.slice(0, at), separator, domain: value.slice(at + separator.length) };
}

/**
 * Tells whether `value` is an e-mail address on a reserved domain, or a typed prefix of an
 * e-mail pseudonym: one label and a top-level domain that begins `example`.
 */
export function isReservedEmail(value: string): boolean {
  const parts = splitEmail(value);
  if (parts === undefined) {
    return false;
  }
  const labels = parts.domain.toLowerCase().split('.');
  const isPseudonymPrefix = labels.length === 2 && EXAMPLE_PREFIXES.has(labels[1] as string);
  return isPseudonymPrefix || isReservedEmailDomain(parts.domain);
}

/**
 * Returns the slots of every character of an address part but ASCII punctuation and
 * percent-encodings. Characters outside ASCII that `variableSlots` leaves (combining marks,
 * modifier letters, surrogate halves) are replaced too, so nothing of a name stays readable.
 */
function addressSlots(text: string): Slot[] {
  const slots = variableSlots(text);
  const replaced = new Set(slots.map((slot) => slot.index));
  for (let index = 0; index < text.length; index += 1) {
    if (text.charCodeAt(index) >= 128 && !replaced.has(index)) {
      slots.push({ index, slotClass: /\p{Lt}/u.test(text.charAt(index)) ? 'upper' : 'lower' });
    }
  }
  return slots.sort((left, right) => left.index - right.index);
}

function replaceLetters(text: string, key: Buffer, label: string, seed: string): string {
  const chars = toChars(text);
  fillSlots(chars, addressSlots(text), streamFor(key, label, seed));
  return chars.join('');
}

/**
 * Pseudonymizes an e-mail address: the local part keeps its length and classes, the domain
 * becomes one label of the same letters and digits (dots turned into hyphens) under
 * `.example`, so that every typed prefix of the pseudonym is recognizable too. Letters of
 * other scripts, also JSON-escaped (`\u00e9`) or percent-encoded, become ASCII ones, so the
 * pseudonym is ASCII. The seed is the lower-cased address, decoded and in Unicode NFC, so
 * `Alice@Acme.com` and `alice@acme.com` differ only in case, and the domain has a seed of its
 * own, so one company's addresses share one pseudonym domain. A percent-encoded `%40` stays
 * encoded, and escaped ASCII letters and digits (`%61lice`) become plain ones. Returns undefined for a value without `@` or `%40`.
 */
export function pseudonymizeEmail(value: string, key: Buffer): string | undefined {
  const parts = splitEmail(value);
  if (parts === undefined) {
    return undefined;
  }
  const localPart = decodeNonAscii(decodeAddressEscapes(parts.local, 'local')).normalize('NFC');
  const domainName = decodeNonAscii(decodeAddressEscapes(parts.domain, 'domain')).normalize('NFC');
  if (isReservedEmailDomain(domainName)) {
    return value;
  }
  const decoded = `${localPart}@${domainName}`.toLowerCase();
  const local = replaceLetters(localPart, key, 'email', decoded);
  const labels = domainName.split('.');
  const kept = (labels.length > 1 ? labels.slice(0, -1) : labels).join('-').slice(0, 63);
  const domain = replaceLetters(kept, key, 'email-domain', domainName.toLowerCase());
  return `${local}${parts.separator}${domain}.example`;
}
