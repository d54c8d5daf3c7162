/**
 * Collects compiler warnings. Repeated messages are merged into one line with a count, so
 * a recording with hundreds of unmappable events still yields a short report.
 */
export class WarningLog {
  private readonly counts = new Map<string, number>();

  add(message: string): void {
    this.counts.set(message, (this.counts.get(message) ?? 0) + 1);
  }

  /** Returns the warnings in first-seen order, with `(N times)` appended to repeats. */
  toArray(): string[] {
    return [...this.counts].map(([message, count]) =>
      count === 1 ? message : `${message} (${count} times)`,
    );
  }
}

/** Formats milliseconds since the session start for messages, for example `12.35 s`. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
