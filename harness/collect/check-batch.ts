import { formatPath } from '../fixture/read-recording.js';
import { BATCH_FORMAT, BATCH_VERSION, type RecorderBatch } from './batch.js';
import { recorderBatchSchema } from './batch-schema.js';
import type { CollectorLimits } from './limits.js';

/**
 * Maximum nesting of arrays and objects in a batch. A DOM snapshot nests two levels per
 * element, so this allows documents about 500 elements deep and keeps the recursive walk
 * below far from the stack limit.
 */
export const MAX_NESTING_DEPTH = 1000;

/** Why a batch was rejected: 400 for an invalid batch, 413 for a batch over a limit. */
export interface BatchProblem {
  status: 400 | 413;
  /** The field at fault as a JSON path, such as `events[3].timestamp`. */
  field?: string;
  message: string;
}

/** The outcome of {@link checkBatch}. */
export type BatchCheck = { ok: true; batch: RecorderBatch } | ({ ok: false } & BatchProblem);

/**
 * Checks a parsed upload against the limits, then against the batch schema. The limits come
 * first so an oversized batch is rejected before the schema walks it.
 */
export function checkBatch(document: unknown, limits: CollectorLimits): BatchCheck {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return reject(400, undefined, `the body is not a JSON object with format "${BATCH_FORMAT}"`);
  }
  const record = document as Record<string, unknown>;
  const problem =
    checkVersion(record) ?? checkCounts(record, limits) ?? checkStrings(record, limits);
  if (problem !== undefined) {
    return { ok: false, ...problem };
  }
  const result = recorderBatchSchema.safeParse(document);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue === undefined ? undefined : formatPath(issue.path);
    return reject(400, field, `${field ?? '(root)'}: ${issue?.message ?? 'invalid batch'}`);
  }
  // rrweb event payloads are validated on their envelope only, so their types come from
  // rrweb's declarations rather than from the schema.
  return { ok: true, batch: result.data as unknown as RecorderBatch };
}

function reject(status: 400 | 413, field: string | undefined, message: string): BatchCheck {
  return field === undefined
    ? { ok: false, status, message }
    : { ok: false, status, field, message };
}

function checkVersion(record: Record<string, unknown>): BatchProblem | undefined {
  const version = record.version;
  if (record.format === BATCH_FORMAT && typeof version === 'number' && version > BATCH_VERSION) {
    return {
      status: 400,
      field: 'version',
      message: `version: batch version ${version} is newer than this collector reads (up to ${BATCH_VERSION}). Upgrade the collector.`,
    };
  }
  return undefined;
}

function checkCounts(
  record: Record<string, unknown>,
  limits: CollectorLimits,
): BatchProblem | undefined {
  const counted: Array<[string, number, string]> = [
    ['events', limits.maxEvents, 'events'],
    ['network', limits.maxExchanges, 'exchanges'],
    ['tags', limits.maxTags, 'tags'],
  ];
  for (const [field, max, noun] of counted) {
    const value = record[field];
    if (Array.isArray(value) && value.length > max) {
      return {
        status: 413,
        field,
        message: `${field}: ${value.length} ${noun} exceed the limit of ${max} per batch. Send smaller batches.`,
      };
    }
  }
  const tags = record.tags;
  if (Array.isArray(tags)) {
    const index = tags.findIndex(
      (tag: unknown) => typeof tag === 'string' && tag.length > limits.maxTagLength,
    );
    if (index >= 0) {
      return {
        status: 413,
        field: `tags[${index}]`,
        message: `tags[${index}]: the tag is longer than the limit of ${limits.maxTagLength} characters.`,
      };
    }
  }
  return undefined;
}

function checkStrings(
  record: Record<string, unknown>,
  limits: CollectorLimits,
): BatchProblem | undefined {
  const found = findOversizedValue(record, limits.maxStringLength, 0);
  if (found === undefined) {
    return undefined;
  }
  const field = formatPath(found.path);
  const message =
    found.kind === 'depth'
      ? `${field}: nesting is deeper than ${MAX_NESTING_DEPTH} levels.`
      : `${field}: a string of ${found.length} characters exceeds the limit of ${limits.maxStringLength}.`;
  return { status: 413, field, message };
}

interface OversizedValue {
  kind: 'string' | 'depth';
  length: number;
  path: Array<string | number>;
}

/** Finds the first string longer than `maxLength`, or the first value nested too deep. */
function findOversizedValue(
  value: unknown,
  maxLength: number,
  depth: number,
): OversizedValue | undefined {
  if (typeof value === 'string') {
    return value.length > maxLength
      ? { kind: 'string', length: value.length, path: [] }
      : undefined;
  }
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  if (depth >= MAX_NESTING_DEPTH) {
    return { kind: 'depth', length: depth, path: [] };
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const found = findOversizedValue(value[index], maxLength, depth + 1);
      if (found !== undefined) {
        found.path.unshift(index);
        return found;
      }
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    // Keys count as strings too, because a key can carry as much data as a value.
    const found =
      key.length > maxLength
        ? { kind: 'string' as const, length: key.length, path: [] }
        : findOversizedValue(item, maxLength, depth + 1);
    if (found !== undefined) {
      found.path.unshift(key);
      return found;
    }
  }
  return undefined;
}
