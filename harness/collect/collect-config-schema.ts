import { z } from 'zod';
import { DEFAULT_COLLECTOR_LIMITS, type CollectorLimits } from './limits.js';

const positiveInteger = z.int().min(1);

/**
 * Schema of the `collect` key of `replaygate.config.ts`. The token is not a config key,
 * because config files are committed and the token is a secret.
 */
export const collectConfigSchema = z.strictObject({
  host: z.string().min(1).optional(),
  port: z.int().min(0).max(65_535).optional(),
  store: z.string().min(1).optional(),
  allowOrigins: z.array(z.string().min(1)).optional(),
  limits: z
    .strictObject(
      Object.fromEntries(
        Object.keys(DEFAULT_COLLECTOR_LIMITS).map((name) => [name, positiveInteger.optional()]),
      ) as Record<keyof CollectorLimits, z.ZodOptional<typeof positiveInteger>>,
    )
    .optional(),
});
