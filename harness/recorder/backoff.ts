/**
 * Returns the delay before retry number `attempt` (0 for the first retry): exponential
 * backoff with equal jitter. The ceiling doubles from `baseMs` up to `maxMs`, and the delay
 * is drawn between half the ceiling and the ceiling, so many pages that failed together
 * spread their retries while each still waits at least half the ceiling.
 */
export function retryDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return ceiling / 2 + random() * (ceiling / 2);
}

/**
 * Parses a `Retry-After` header (RFC 9110 section 10.2.3): delay seconds or an HTTP date.
 *
 * @returns the delay in milliseconds from `now`, at least 0, or undefined when the value is
 *   missing or invalid.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) {
    return undefined;
  }
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed) * 1000;
  }
  // An HTTP date names its weekday and month; this also keeps Date.parse from reading
  // strings such as "-5" as years.
  const date = /^[A-Za-z]{3}, /.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
