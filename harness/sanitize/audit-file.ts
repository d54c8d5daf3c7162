import { RecordingAuditor, type AuditReport } from './audit.js';
import { readRecordingItems } from './stream/read-recording-stream.js';
import type { TextSanitizer } from './types.js';

/**
 * Audits a recording file while streaming it, one event and one exchange at a time, so a
 * file of any size is checked in bounded memory.
 *
 * @throws FixtureError when the file cannot be read or is not a valid recording.
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
      auditor.event(item.event, item.index);
    } else if (item.kind === 'exchange') {
      auditor.exchange(item.exchange, item.index);
    }
  }
  return auditor.report();
}
