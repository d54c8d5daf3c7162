import { describe, expect, it } from 'vitest';
import { MouseInteractions } from '@rrweb/types';
import { h, RrwebStream } from '../compile/testing/rrweb-stream.js';
import { auditRecording, type AuditFinding } from './audit.js';
import { createTextSanitizer } from './text-sanitizer.js';
import { adviseFix, isWalkedBySanitizer } from './format-findings.js';

const finding = (path: string): AuditFinding => ({
  fixture: 'a.replay.json.gz',
  path,
  detector: 'email',
  excerpt: 'ro****et (10 characters)',
});

describe('isWalkedBySanitizer', () => {
  it.each([
    'meta.url',
    'meta.url (URL-decoded)',
    'events[2].data.node.childNodes[1].textContent',
    'events[9].data.payload.user',
    'events[4].data.href',
    'network[0].request.url',
    'network[0].request.headers["x-note"]',
    'network[3].request.body.data (base64-decoded)',
    'network[1].response.statusText',
    'network[1].error',
    'network[1].pageUrl',
    'events[5].data.payload["full name"]',
    'network[3].response.body.data (base64-decoded) (in a data: URL)',
  ])('walks %s', (path) => {
    expect(isWalkedBySanitizer(path)).toBe(true);
  });

  it.each([
    'meta.name',
    'meta.recorder.version',
    'meta.userAgent',
    'meta.urlNote',
    'events[3].extra',
    'events[3].data.tag',
    'events[3].data.plugin',
    'events[3].dataset',
    'network[1].request.method',
    'network[1].note',
    'sanitization.rulesVersion',
    'meta["url note"]',
    'meta.name (URL-decoded)',
  ])('skips %s', (path) => {
    expect(isWalkedBySanitizer(path)).toBe(false);
  });
});

describe('adviseFix', () => {
  it('advises a rule for walked places only', () => {
    const lines = adviseFix([finding('events[2].data.text')]);

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Add a pattern, selector, JSON path or header rule/);
  });

  it('advises editing the recording for unwalked places', () => {
    const lines = adviseFix([finding('meta.name'), finding('meta.name'), finding('events[1].x')]);

    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('No config rule can replace the values in meta.name, events[1].x,');
    expect(lines[0]).toContain('rename the session');
  });

  it('advises editing the recording for data of a skipped event', () => {
    const mouse = { ...finding('events[6].data.label'), inSkippedEvent: true as const };
    const lines = adviseFix([mouse]);

    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('No config rule can replace the values in events[6].data.label,');
    expect(lines[0]).not.toContain('rename the session');
  });

  it('gives both fixes for mixed places', () => {
    const lines = adviseFix([finding('meta.name'), finding('network[0].request.url')]);

    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^For the other values, add a pattern/);
  });

  it('lists at most five places', () => {
    const paths = Array.from({ length: 7 }, (_, index) => finding(`events[${index}].extra`));

    expect(adviseFix(paths)[0]).toContain('events[4].extra and 2 more, because');
  });
});

describe('findings in skipped events', () => {
  it('are marked by the audit', () => {
    const stream = new RrwebStream();
    const refs = stream.page('http://127.0.0.1:4173/', h('button', { ref: 'send' }, 'Send'));
    stream.wait(100).mouse(refs.send!, MouseInteractions.Click);
    const recording = stream.recording('mouse');
    const click = recording.events.at(-1)! as { data: Record<string, unknown> };
    click.data.label = 'rosalind.brack@quayside-ledger.net';
    const report = auditRecording(
      'mouse',
      recording,
      createTextSanitizer({ key: Buffer.alloc(32, 3) }),
    );
    expect(report.findings.map((found) => found.inSkippedEvent)).toEqual([true]);
  });
});
