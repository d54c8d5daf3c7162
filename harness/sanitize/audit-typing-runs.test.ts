import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { h, RrwebStream } from '../compile/testing/rrweb-stream.js';
import type { Recording } from '../fixture/recording.js';
import { writeRecording } from '../fixture/write-recording.js';
import { auditRecording } from './audit.js';
import { sanitizeRecordingFile } from './sanitize-file.js';
import { sanitizeRecording } from './sanitize-recording.js';
import { createTextSanitizer } from './text-sanitizer.js';

const KEY = Buffer.alloc(32, 33);
const newSanitizer = () => createTextSanitizer({ key: KEY });
/** A Stripe test key: the detector needs 16 characters after `sk_live_`. */
const API_KEY = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
const FIRST_FOUND = 'sk_live_'.length + 16;

/** Types a value into a field while a paragraph shows what the field holds, key by key. */
function previewTyping(typed: string, after = ''): Recording {
  const stream = new RrwebStream();
  const refs = stream.page(
    'http://127.0.0.1:4173/',
    h('input', { ref: 'field' }),
    h('p', { ref: 'preview' }, '-'),
  );
  for (let length = 1; length <= typed.length; length++) {
    stream.wait(40).input(refs.field!, typed.slice(0, length), { userTriggered: true });
    stream.setText(refs.preview! + 1, typed.slice(0, length));
  }
  if (after !== '') {
    stream.wait(40).setText(refs.preview! + 1, after);
  }
  return stream.recording('preview');
}

function textFindings(recording: Recording): string[] {
  return auditRecording('preview', recording, newSanitizer())
    .findings.filter((finding) => finding.path.includes('.texts['))
    .map((finding) => finding.path);
}

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'replaygate-audit-runs-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('audit of text nodes that show typing', () => {
  it('passes the prefixes of a key pseudonym shown as it is typed', () => {
    const output = sanitizeRecording(previewTyping(API_KEY), { text: newSanitizer() });
    expect(JSON.stringify(output.events)).not.toContain('4eC39Hq');
    expect(auditRecording('preview', output, newSanitizer()).findingCount).toBe(0);
  });

  it('writes the sanitized file', async () => {
    const input = join(folder, 'raw', 'preview.replay.json.gz');
    await writeRecording(input, previewTyping(API_KEY));
    const result = await sanitizeRecordingFile({
      input,
      output: join(folder, 'out', 'preview.replay.json.gz'),
      tempDir: folder,
      createTextSanitizer: newSanitizer,
    });
    expect(result.audit.findings).toEqual([]);
    expect(result.written).toBe(true);
  });

  it('reports every step of a raw key', () => {
    const steps = API_KEY.length - FIRST_FOUND + 1;
    expect(textFindings(previewTyping(API_KEY))).toHaveLength(steps);
  });

  it('reports the steps of a key that the node then shows no more', () => {
    // The run ends in a value that does not extend the key, so nothing shows it replaced.
    const steps = API_KEY.length - FIRST_FOUND + 1;
    expect(textFindings(previewTyping(API_KEY, 'Saved'))).toHaveLength(steps);
  });

  it('reports the steps of a pseudonym typed on past its tag', () => {
    // Two more characters make the value no pseudonym, so its prefixes are reported with it.
    const pseudonym = sanitizeRecording(previewTyping(API_KEY), { text: newSanitizer() });
    const shown = JSON.stringify(pseudonym.events).match(/sk_live_[A-Za-z0-9]{24}/)![0];
    const findings = textFindings(previewTyping(`${shown}x9`));
    // Every step from the first one found on, but the step that is the whole pseudonym.
    expect(findings).toHaveLength(shown.length + 2 - FIRST_FOUND);
  });
});
