/** Errors logged one by one per interval; the rest are counted in the interval's summary. */
const MAX_ERRORS_PER_INTERVAL = 10;

/**
 * The collector's log. Starts, stops and errors are written at once. Stored and rejected
 * uploads are counted and written as one summary line per interval, so a flood of uploads
 * cannot flood the log.
 */
export class CollectorLog {
  private stored = 0;
  private storedBytes = 0;
  private duplicates = 0;
  private aborted = 0;
  private readonly rejected = new Map<number, number>();
  private errorsThisInterval = 0;
  private suppressedErrors = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly write: (line: string) => void,
    intervalMs: number,
  ) {
    this.timer = setInterval(() => this.flush(), intervalMs);
    this.timer.unref();
  }

  info(message: string): void {
    this.write(message);
  }

  /** Logs an error the collector handled, at most {@link MAX_ERRORS_PER_INTERVAL} per interval. */
  error(message: string): void {
    if (this.errorsThisInterval < MAX_ERRORS_PER_INTERVAL) {
      this.errorsThisInterval += 1;
      this.write(message);
    } else {
      this.suppressedErrors += 1;
    }
  }

  countStored(bytes: number): void {
    this.stored += 1;
    this.storedBytes += bytes;
  }

  countDuplicate(): void {
    this.duplicates += 1;
  }

  countAborted(): void {
    this.aborted += 1;
  }

  countRejected(status: number): void {
    this.rejected.set(status, (this.rejected.get(status) ?? 0) + 1);
  }

  /** Writes the summary of the uploads counted since the last one, if there were any. */
  flush(): void {
    const parts: string[] = [];
    if (this.stored > 0) {
      parts.push(`stored ${this.stored} batches (${formatBytes(this.storedBytes)})`);
    }
    if (this.duplicates > 0) {
      parts.push(`${this.duplicates} duplicate(s)`);
    }
    const rejected = [...this.rejected].sort(([a], [b]) => a - b);
    if (rejected.length > 0) {
      parts.push(
        `rejected ${rejected.map(([status, count]) => `${count} with ${status}`).join(', ')}`,
      );
    }
    if (this.aborted > 0) {
      parts.push(`${this.aborted} aborted by the client`);
    }
    if (this.suppressedErrors > 0) {
      parts.push(`${this.suppressedErrors} more errors not logged`);
    }
    if (parts.length > 0) {
      this.write(`Uploads since the last summary: ${parts.join('; ')}.`);
    }
    this.stored = 0;
    this.storedBytes = 0;
    this.duplicates = 0;
    this.aborted = 0;
    this.rejected.clear();
    this.errorsThisInterval = 0;
    this.suppressedErrors = 0;
  }

  /** Writes the last summary and stops the interval timer. */
  close(): void {
    clearInterval(this.timer);
    this.flush();
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) {
    return `${(bytes / 1024).toFixed(1)} KiB`;
  }
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
