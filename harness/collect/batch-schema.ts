import { z } from 'zod';
import { networkExchangeSchema, recordingMetaSchema, rrwebEventSchema } from '../fixture/schema.js';
import { BATCH_FORMAT, BATCH_VERSION } from './batch.js';

/** Pattern of a recorder session id, as documented on `RecorderBatch.sessionId`. */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** Largest accepted `seq`; batch file names pad sequence numbers to its 10 digits. */
export const MAX_SEQ = 2 ** 31 - 1;

/** Schema of a session id, shared by the upload validation and the CLI. */
export const sessionIdSchema = z
  .string()
  .regex(SESSION_ID_PATTERN, 'expected 8 to 64 characters from A-Z, a-z, 0-9, _ and -');

/** The recording meta of a batch: `name` and `seed` are optional because the collector derives them. */
const batchMetaSchema = recordingMetaSchema.extend({
  name: z.string().min(1).optional(),
  seed: z.string().min(1).optional(),
});

const droppedSchema = z.strictObject({
  events: z.int().nonnegative(),
  exchanges: z.int().nonnegative(),
  batches: z.int().nonnegative(),
});

/**
 * Schema of one uploaded batch. Size limits are checked before it runs (see `check-batch.ts`),
 * so this schema checks shapes only. Unknown top-level and meta keys are rejected to catch
 * recorder bugs, and rrweb events are checked on their envelope only, as in recordings.
 */
export const recorderBatchSchema = z.strictObject({
  format: z.literal(BATCH_FORMAT),
  version: z.literal(BATCH_VERSION),
  sessionId: sessionIdSchema,
  seq: z.int().min(0).max(MAX_SEQ),
  sentAt: z.number().nonnegative(),
  meta: batchMetaSchema.optional(),
  events: z.array(rrwebEventSchema),
  network: z.array(networkExchangeSchema),
  dropped: droppedSchema.optional(),
  tags: z.array(z.string().min(1)).optional(),
});
