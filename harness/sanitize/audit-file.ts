import { RecordingAuditor, type AuditReport } from './audit.js';
import { guardNesting, readRecordingItems } from './stream/read-recording-stream.js';
import type { TextSanitizer } from './types.js';

/**
 * Audits a recording file while streaming it, one event and one exchange at a time, so a
 * file of any size is checked in bounded memory.
 *
 * @throws FixtureError when the file cannot be read, is not a valid recording, or has an
 *   event or exchange that nests too deeply to be walked.
 */
export async function auditRecordingFile(
  file: string,
  scanner: Pick<TextSanitizer, 'scan'>,
  options: { maxFindings?: number; fixtureName?: string } = {},
): Promise<AuditReport> {
  const auditor = new RecordingAuditor(options.fixtureName ?? file, scanner, options.maxFindings);
  for await (const item of readRecordingItems(file)) {
    if (item.kind === 'field') {
      auditor.field(item.key, item.value);
    } else if (item.kind === 'event') {
      const place = { key: 'events', index: item.index, eventType: item.event.type } as const;
      guardNesting(file, place, () => auditor.event(item.event, item.index));
    } else if (item.kind === 'plain-event') {
      auditor.plainEvent(item.index);
    } else if (item.kind === 'exchange') {
      guardNesting(file, { key: 'network', index: item.index }, () =>
        auditor.exchange(item.exchange, item.index),
      );
    }
  }
  return auditor.report();
}
