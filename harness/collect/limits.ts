/**
 * Bounds the collector applies to every upload and to its own work queue. Every field has a
 * default in {@link DEFAULT_COLLECTOR_LIMITS}.
 */
export interface CollectorLimits {
  /** Maximum request body size in bytes as sent, before gzip decompression. Larger gets 413. */
  maxBodyBytes: number;
  /** Maximum body size in bytes after gzip decompression. Larger gets 413. */
  maxDecodedBytes: number;
  /** Maximum rrweb events in one batch. More gets 413. */
  maxEvents: number;
  /** Maximum network exchanges in one batch. More gets 413. */
  maxExchanges: number;
  /** Maximum length in UTF-16 code units of any string in a batch. Longer gets 413. */
  maxStringLength: number;
  /** Maximum tags in one batch. */
  maxTags: number;
  /** Maximum length of one tag. */
  maxTagLength: number;
  /** Maximum uploads processed at once (receiving, validating or writing). More get 429. */
  maxInFlight: number;
  /** Batch files written at the same time. */
  writeConcurrency: number;
  /** Maximum validated batches waiting for a write slot. More get 429. */
  maxQueuedWrites: number;
}

const MIB = 1024 * 1024;

/**
 * Default limits. A full rrweb snapshot of a large page with inlined stylesheets can reach a
 * few MiB of JSON, which sets the decoded-size and string-length limits. Worst-case memory is
 * about `maxInFlight * maxDecodedBytes` for the decoded bodies plus their parsed objects.
 */
// NOTE: these are estimates for typical apps, not measured on production traffic. Raise them
// with the flags or the `collect.limits` config key when real batches are rejected with 413.
export const DEFAULT_COLLECTOR_LIMITS: Readonly<CollectorLimits> = Object.freeze({
  maxBodyBytes: 4 * MIB,
  maxDecodedBytes: 16 * MIB,
  maxEvents: 10_000,
  maxExchanges: 1_000,
  maxStringLength: 4 * MIB,
  maxTags: 32,
  maxTagLength: 128,
  maxInFlight: 16,
  writeConcurrency: 4,
  maxQueuedWrites: 8,
});
