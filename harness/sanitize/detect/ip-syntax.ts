/**
 * Syntax checks for IP address text, in plain TypeScript so the detectors also run in a
 * browser. They accept what Node's `net.isIPv4` and `net.isIPv6` accept (Node 20), which
 * `ip-syntax.test.ts` checks against Node on generated input.
 */

/** A decimal octet 0-255 without leading zeros, as RFC 3986's `dec-octet`. */
const OCTET = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;
/** Zone index after `%` (RFC 4007), with the characters Node accepts in it. */
const ZONE_ID = /^[0-9A-Za-z.:-]+$/;

/** Tells whether `text` is a dotted-quad IPv4 address such as `81.2.69.142`. */
export function isIpv4Address(text: string): boolean {
  const octets = text.split('.');
  return octets.length === 4 && octets.every((octet) => OCTET.test(octet));
}

/**
 * Tells whether `text` is an IPv6 address (RFC 4291 section 2.2): eight hex groups, or fewer
 * with one `::`, optionally ending in an embedded IPv4 address (`::ffff:81.2.69.142`) and
 * optionally followed by a zone id (`fe80::1%eth0`).
 */
export function isIpv6Address(text: string): boolean {
  const percent = text.indexOf('%');
  if (percent >= 0 && !ZONE_ID.test(text.slice(percent + 1))) {
    return false;
  }
  const address = percent < 0 ? text : text.slice(0, percent);
  const lastColon = address.lastIndexOf(':');
  if (lastColon < 0) {
    return false;
  }
  const tail = address.slice(lastColon + 1);
  if (!tail.includes('.')) {
    return hasValidGroups(address);
  }
  // An embedded IPv4 address takes the place of the last two groups.
  return isIpv4Address(tail) && hasValidGroups(`${address.slice(0, lastColon + 1)}0:0`);
}

/** Checks the hex groups of an address without zone id or IPv4 tail. */
function hasValidGroups(address: string): boolean {
  const compression = address.indexOf('::');
  if (compression < 0) {
    const groups = address.split(':');
    return groups.length === 8 && groups.every((group) => HEX_GROUP.test(group));
  }
  // A second `::`, or a `:::`, makes the address ambiguous.
  if (address.indexOf('::', compression + 1) >= 0) {
    return false;
  }
  const left = address.slice(0, compression);
  const right = address.slice(compression + 2);
  const groups = [
    ...(left === '' ? [] : left.split(':')),
    ...(right === '' ? [] : right.split(':')),
  ];
  // `::` stands for at least one group of zeros, so at most seven groups are written.
  return groups.length <= 7 && groups.every((group) => HEX_GROUP.test(group));
}
