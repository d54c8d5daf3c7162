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

/** Returns the values of a field while `value` is typed into it key by key. */
const stepsOf = (value: string) => Array.from(value, (_, at) => value.slice(0, at + 1));

/**
 * Types values into a field while a paragraph shows what the field contains: by changing its text
 * node, or, as a script that sets `textContent` does, by replacing the node.
 */
function previewValues(
  values: string[],
  preview: 'text' | 'node' = 'text',
  show: (value: string) => string = (value) => value,
): Recording {
  const stream = new RrwebStream();
  const refs = stream.page(
    'http://127.0.0.1:4173/',
    h('input', { ref: 'field' }),
    h('p', { ref: 'preview' }, '-'),
  );
  let textId = refs.preview! + 1;
  for (const [position, value] of values.entries()) {
    stream.wait(40).input(refs.field!, value, { userTriggered: true });
    if (preview === 'text') {
      stream.setText(textId, show(value));
    } else {
      // Ids far above those of the page, one per new node.
      const id = 10_000 + position;
      stream.mutation({
        removes: [{ parentId: refs.preview!, id: textId }],
        adds: [
          { parentId: refs.preview!, nextId: null, node: { type: 3, textContent: value, id } },
        ],
      });
      textId = id;
    }
  }
  return stream.recording('preview');
}

/** Types a value into a field with a preview, then shows `after` in the preview. */
function previewTyping(typed: string, after = ''): Recording {
  const values = stepsOf(typed);
  const recording = previewValues(values);
  if (after === '') {
    return recording;
  }
  const stream = new RrwebStream();
  const refs = stream.page(
    'http://127.0.0.1:4173/',
    h('input', { ref: 'field' }),
    h('p', { ref: 'preview' }, '-'),
  );
  for (const value of values) {
    stream.wait(40).input(refs.field!, value, { userTriggered: true });
    stream.setText(refs.preview! + 1, value);
  }
  stream.wait(40).setText(refs.preview! + 1, after);
  return stream.recording('preview');
}

/** Returns the paths of the audit's findings in the preview's text. */
function textFindings(recording: Recording): string[] {
  return auditRecording('preview', recording, newSanitizer())
    .findings.filter((finding) => /\.texts\[|\.adds\[/.test(finding.path))
    .map((finding) => finding.path);
}

const sanitized = (recording: Recording) => sanitizeRecording(recording, { text: newSanitizer() });

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'replaygate-audit-runs-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('audit of typing previews', () => {
  it('passes key pseudonym prefixes', () => {
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

  it('reports raw steps before other text', () => {
    // The run ends in a value that does not extend the key, so nothing shows it replaced.
    const steps = API_KEY.length - FIRST_FOUND + 1;
    expect(textFindings(previewTyping(API_KEY, 'Saved'))).toHaveLength(steps);
  });

  it('reports a pseudonym typed past', () => {
    // Two more characters make the value no pseudonym. Its prefixes were shown inside the
    // whole pseudonym before, so only the two longer values are reported.
    const pseudonym = sanitizeRecording(previewTyping(API_KEY), { text: newSanitizer() });
    const keyPseudonym = JSON.stringify(pseudonym.events).match(/sk_live_[A-Za-z0-9]{24}/)![0];
    expect(textFindings(previewTyping(`${keyPseudonym}x9`))).toHaveLength(2);
  });

  it('passes a textContent preview', () => {
    const recording = previewValues(stepsOf(API_KEY), 'node');
    expect(auditRecording('preview', sanitized(recording), newSanitizer()).findingCount).toBe(0);
    // The raw steps are each in a node of their own, and each is reported.
    expect(textFindings(recording)).toHaveLength(API_KEY.length - FIRST_FOUND + 1);
  });

  it('passes a fixed last-character typo', () => {
    const values = [...stepsOf(`${API_KEY.slice(0, -1)}Q`), API_KEY.slice(0, -1), API_KEY];
    for (const preview of ['text', 'node'] as const) {
      const output = sanitized(previewValues(values, preview));
      expect(auditRecording('preview', output, newSanitizer()).findings).toEqual([]);
    }
  });

  it('passes a key erased with Backspace', () => {
    const values = [...stepsOf(API_KEY), ...stepsOf(API_KEY).reverse().slice(1), ''];
    const output = sanitized(previewValues(values));
    expect(auditRecording('preview', output, newSanitizer()).findings).toEqual([]);
    // Erased as recorded, every step from the first one found on is reported, once as the
    // key grows and once as it shrinks, but the whole key only once.
    const steps = API_KEY.length - FIRST_FOUND + 1;
    expect(textFindings(previewValues(values))).toHaveLength(2 * steps - 1);
  });

  it('passes a German phone preview', () => {
    // German numbers have no fixed length, so each step from eleven characters on is one.
    const phone = '+49 30 52114873';
    const output = sanitized(previewValues(stepsOf(phone)));
    expect(JSON.stringify(output.events)).not.toContain('5211');
    expect(auditRecording('preview', output, newSanitizer()).findings).toEqual([]);
  });

  it('passes a key in a configuration line', () => {
    const line = (value: string) => `stripe.api_key = "${value}"`;
    const output = sanitized(previewValues(stepsOf(API_KEY), 'text', line));
    expect(auditRecording('preview', output, newSanitizer()).findings).toEqual([]);
  });

  it('replaces a card grouped in fours', () => {
    const card = '4539158702148360';
    const fours = (value: string) => value.replace(/(\d{4})(?=\d)/g, '$1 ');
    const output = sanitized(previewValues(stepsOf(card), 'text', fours));
    const json = JSON.stringify(output.events);
    expect(json).not.toContain('4539 1587 02');
    expect(json).not.toContain('1587 0214');
    expect(auditRecording('preview', output, newSanitizer()).findings).toEqual([]);
  });

  it('passes a mirrored value attribute', () => {
    // React writes the `value` attribute on every key.
    for (const typed of [API_KEY, '+49 30 52114873']) {
      const stream = new RrwebStream();
      const refs = stream.page('http://127.0.0.1:4173/', h('input', { ref: 'field' }));
      for (const value of stepsOf(typed)) {
        stream.wait(40).input(refs.field!, value, { userTriggered: true });
        stream.setAttributes(refs.field!, { value });
      }
      const output = sanitized(stream.recording('attribute'));
      expect(auditRecording('attribute', output, newSanitizer()).findings).toEqual([]);
      // The raw steps are reported there, each from the first one found on.
      const raw = auditRecording('attribute', stream.recording('attribute'), newSanitizer());
      expect(raw.findings.some((finding) => finding.path.includes('.attributes['))).toBe(true);
    }
  });
});
