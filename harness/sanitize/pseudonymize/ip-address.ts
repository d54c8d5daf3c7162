import { isIpv4Address, isIpv6Address } from '../detect/ip-syntax.js';
import { streamFor } from './keyed-stream.js';

/** IPv4 documentation ranges (RFC 5737): TEST-NET-1, TEST-NET-2 and TEST-NET-3. */
const IPV4_DOCUMENTATION_PREFIXES = ['192.0.2.', '198.51.100.', '203.0.113.'];

/** Tells whether `value` is an IPv4 address in a documentation range (RFC 5737). */
export function isDocumentationIpv4(value: string): boolean {
  return (
    isIpv4Address(value) && IPV4_DOCUMENTATION_PREFIXES.some((prefix) => value.startsWith(prefix))
  );
}

/** Tells whether `value` is an IPv6 address in the documentation prefix 2001:db8::/32 (RFC 3849). */
export function isDocumentationIpv6(value: string): boolean {
  return isIpv6Address(value) && /^2001:0?db8:/i.test(value);
}

/**
 * Pseudonymizes an IPv4 address into a documentation range, host part 1-254. Only 762
 * addresses exist there, so two addresses of one session share a pseudonym now and then.
 */
export function pseudonymizeIpv4(value: string, key: Buffer): string {
  const stream = streamFor(key, 'ipv4', value);
  const prefix = IPV4_DOCUMENTATION_PREFIXES[stream.nextInt(3)] as string;
  return `${prefix}${1 + stream.nextInt(254)}`;
}

/**
 * Pseudonymizes an IPv6 address into 2001:db8::/32 with 96 keyed bits, in the compressed
 * form that URL parsing gives (RFC 5952), upper case when the original used upper case.
 */
export function pseudonymizeIpv6(value: string, key: Buffer): string {
  const stream = streamFor(key, 'ipv6', value.toLowerCase());
  const groups = ['2001', 'db8'];
  for (let index = 0; index < 6; index += 1) {
    groups.push((1 + stream.nextInt(0xffff)).toString(16));
  }
  const canonical = new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
  return /[A-F]/.test(value) ? canonical.toUpperCase() : canonical;
}
