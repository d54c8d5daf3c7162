import { setFlagsFromString } from 'node:v8';

/**
 * Bytecode that TurboFan may inline into one optimized function while sanitizing, against a
 * default of 920 in Node 20's V8. Sanitizing makes a few hundred functions hot at once, and
 * compiling them with the default budget cost about 0.9 CPU seconds per process, the largest
 * part of the fixed cost that makes small files slower per megabyte.
 */
const SANITIZE_INLINING_BUDGET = 200;

/**
 * Lowers V8's inlining budget for the rest of the process, which sanitizes recordings and
 * does nothing that a smaller budget slows down. V8 reads the flag at each compilation, so
 * setting it after start-up changes only the functions compiled later. Call it before the
 * first file. On generated recordings, fresh processes sanitized 10 MB 15 % faster per CPU
 * second and 50 MB 8 % faster, and 200 MB at the same rate.
 */
export function tuneV8ForSanitizing(): void {
  setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${SANITIZE_INLINING_BUDGET}`);
}
