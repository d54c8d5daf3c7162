import { describe, expect, it } from 'vitest';
import { h, RrwebStream } from '../../compile/testing/rrweb-stream.js';
import type { Recording } from '../../fixture/recording.js';
import { auditRecording } from '../audit.js';
import { sanitizeRecording } from '../sanitize-recording.js';
import { createTextSanitizer } from '../text-sanitizer.js';

const KEY = Buffer.alloc(32, 13);
const SECRET = 'Ab/Cd+3456789xyz';

function pageWith(element: ReturnType<typeof h>): Recording {
  const stream = new RrwebStream();
  stream.page('http://127.0.0.1:4173/', element);
  return stream.recording('page text');
}

function sanitized(recording: Recording): { written: string; findings: number } {
  const output = sanitizeRecording(recording, { text: createTextSanitizer({ key: KEY }) });
  const audit = auditRecording('page', output, createTextSanitizer({ key: KEY }));
  return { written: JSON.stringify(output.events), findings: audit.findingCount };
}

describe('page text that reads as a URL or a form', () => {
  it.each([
    ['a text node that is a URL', h('p', {}, `https://app.example/cb?token=${SECRET}`)],
    [
      'an input value that is a URL',
      h('input', { value: `https://app.example/cb?token=${SECRET}` }),
    ],
    ['a text node of parameters', h('p', {}, `?access_token=${SECRET}`)],
    ['a root-relative URL', h('p', {}, `/cb?token=${SECRET}&next=1`)],
  ])('replaces a secret with a plus sign in %s', (_, element) => {
    const { written, findings } = sanitized(pageWith(element));
    expect(written).not.toContain('Ab/Cd');
    expect(written).not.toContain('3456789xyz');
    expect(findings).toBe(0);
  });

  it('keeps prose with a URL in it as text', () => {
    const { written, findings } = sanitized(
      pageWith(h('p', {}, 'See https://app.example/help?topic=billing+plans for details')),
    );
    expect(written).toContain('https://app.example/help?topic=billing+plans for details');
    expect(findings).toBe(0);
  });
});
