import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createTextSanitizer } from './text-sanitizer.js';

/** Result of one run of `benchmarkTextSanitizer`. */
export interface TextSanitizerBenchmark {
  /** Size of the generated text in bytes (UTF-16 code units, all ASCII). */
  bytes: number;
  /**
   * Median throughput over the runs in megabytes (10^6 bytes) per second of process CPU
   * time, which neighbours on a shared machine disturb less than wall time.
   */
  megabytesPerSecond: number;
  /** Median throughput over the runs in megabytes per second of wall time. */
  wallMegabytesPerSecond: number;
  /** Replacements made in one pass over the text. */
  replacements: number;
}

/**
 * Returns about `targetBytes` of text shaped like a recording: rrweb mutation and mouse
 * events with timestamps, node ids and CSS, network entries with JSON bodies, and one
 * sensitive value (e-mail, phone, card, bearer token, IP) per few hundred events.
 */
export function generateRecordingText(targetBytes: number): string {
  const parts: string[] = [];
  let size = 0;
  let timestamp = 1796402758560;
  for (let index = 0; size < targetBytes; index += 1) {
    timestamp += 16 + (index % 7);
    let part =
      `{"type":3,"timestamp":${timestamp},"data":{"source":1,"positions":[{"x":${index % 1280},` +
      `"y":${(index * 7) % 720},"id":${index % 5000},"timeOffset":-${index % 50}}]}},` +
      `{"type":3,"timestamp":${timestamp + 3},"data":{"source":0,"adds":[{"parentId":${index % 900},` +
      `"node":{"type":2,"tagName":"div","attributes":{"class":"row item-${index % 40}",` +
      `"style":"margin: 0 auto; color: #4d4d4d; font: 14px/1.4 \\"Helvetica Neue\\""},` +
      `"childNodes":[],"id":${10000 + index}}}],"texts":[{"id":${index},"value":"Item ${index} ` +
      `added to the cart, version 2.2.${index % 10}"}]}},` +
      `{"url":"http://127.0.0.1:4173/api/items/${index}?page=${index % 9}","method":"GET",` +
      `"status":200,"body":"{\\"id\\":\\"${index}\\",\\"price\\":${(index % 100) + 0.99}}"},`;
    if (index % 300 === 0) {
      part +=
        `{"value":"alice.${index}@northwind-trading.com","phone":"+1 (415) 555-${String(2000 + (index % 7000)).padStart(4, '0')}",` +
        `"card":"4532 0151 1283 0366","auth":"Bearer ${randomBytes(24).toString('base64url')}","ip":"81.2.69.${(index % 200) + 1}"},`;
    }
    parts.push(part);
    size += part.length;
  }
  return parts.join('');
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function totalCount(counts: Readonly<Record<string, number>>): number {
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

/**
 * Measures `TextSanitizer.sanitize` on `megabytes` of generated recording text, `runs`
 * times, and logs the median throughput per CPU second and per wall second. The first
 * run also fills the pseudonym cache, as a real sanitize run does on the first occurrence
 * of each value.
 */
export function benchmarkTextSanitizer(
  megabytes = 10,
  runs = 5,
  log: (line: string) => void = console.log,
): TextSanitizerBenchmark {
  const text = generateRecordingText(megabytes * 1_000_000);
  const size = text.length / 1_000_000;
  const sanitizer = createTextSanitizer({ key: randomBytes(32) });
  const cpuRates: number[] = [];
  const wallRates: number[] = [];
  let replacements = 0;
  for (let run = 0; run < runs; run += 1) {
    const before = totalCount(sanitizer.counts);
    const cpuStart = process.cpuUsage();
    const wallStart = performance.now();
    sanitizer.sanitize(text, 'bench');
    const wallSeconds = (performance.now() - wallStart) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    cpuRates.push(size / ((cpu.user + cpu.system) / 1e6));
    wallRates.push(size / wallSeconds);
    replacements = totalCount(sanitizer.counts) - before;
  }
  const result = {
    bytes: text.length,
    megabytesPerSecond: median(cpuRates),
    wallMegabytesPerSecond: median(wallRates),
    replacements,
  };
  log(
    `text sanitizer: ${result.megabytesPerSecond.toFixed(1)} MB per CPU second, ` +
      `${result.wallMegabytesPerSecond.toFixed(1)} MB per wall second, on ${size.toFixed(1)} MB ` +
      `of generated recording text (median of ${runs} runs, ${replacements} replacements per run)`,
  );
  return result;
}
