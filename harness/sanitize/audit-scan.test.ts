import { describe, expect, it } from 'vitest';
import { RecordingAuditor, type AuditFinding } from './audit.js';
import { scanPieces } from './audit-scan.js';
import { compileRules } from './rules.js';
import { createTextSanitizer } from './text-sanitizer.js';
import type { SanitizeRules } from './types.js';
import { sanitizeUrl } from './walk/url.js';

const KEY = Buffer.alloc(32, 7);
const ENCODED_EMAIL = encodeURIComponent('ann.lowe@quillpost.org');

/** Audits `url` as the `meta.url` of a recording. */
function auditUrl(url: string): AuditFinding[] {
  const auditor = new RecordingAuditor('fixture', createTextSanitizer({ key: KEY }));
  auditor.field('meta', { url });
  return auditor.report().findings;
}

function sanitize(url: string, rules?: SanitizeRules): string {
  const context = {
    text: createTextSanitizer({ key: KEY, ...(rules ? { rules } : {}) }),
    rules: compileRules(rules),
    counts: {},
  };
  return sanitizeUrl(context, url, 'meta.url');
}

function detectors(findings: AuditFinding[]): string[] {
  return findings.map((finding) => finding.detector);
}

describe('scanPieces on URLs', () => {
  it('splits a route fragment', () => {
    const pieces = scanPieces(`http://127.0.0.1/app/#/users/7?email=${ENCODED_EMAIL}&tab=1`);

    expect(pieces.written).toContain('users');
    expect(pieces.written).toContain(`?email=${ENCODED_EMAIL}&tab=1`);
    expect(pieces.decoded).toContain('?email=ann.lowe@quillpost.org');
  });

  it('reads a fragment of parameters as a query', () => {
    const pieces = scanPieces(
      'http://127.0.0.1/cb#access_token=Qm9vN3xTz8PlWc4K&token_type=bearer',
    );

    expect(pieces.written).toContain('?access_token=Qm9vN3xTz8PlWc4K&token_type=bearer');
  });

  it('scans a userinfo password in a probe', () => {
    const pieces = scanPieces('http://user:hunter2pass@127.0.0.1:9999/creds');

    expect(pieces.written).toContain('?password=hunter2pass');
    expect(pieces.written).toContain('user');
    expect(pieces.written).toContain('127.0.0.1:9999');
  });
});

describe('audit of URLs', () => {
  it('reports an address in base64 state', () => {
    const state = btoa(JSON.stringify({ email: 'ann.lowe@quillpost.org' }));
    const url = `http://127.0.0.1/app?state=${state}`;

    expect(detectors(auditUrl(url))).toEqual(['email']);
    expect(auditUrl(sanitize(url))).toEqual([]);
  });

  it('reports a userinfo password', () => {
    const findings = auditUrl('http://user:hunter2pass@127.0.0.1:9999/creds');

    expect(detectors(findings)).toEqual(['url-secret']);
    expect(findings[0]?.path).toBe('meta.url');
  });

  it('reports an encoded userinfo password', () => {
    const findings = auditUrl('http://user:p%40ss%27word@127.0.0.1/');

    expect(detectors(findings)).toEqual(['url-secret']);
    expect(findings[0]?.path).toBe('meta.url (URL-decoded)');
  });

  it('reports an e-mail address as user name', () => {
    expect(detectors(auditUrl(`http://${ENCODED_EMAIL}@127.0.0.1/`))).toEqual(['email']);
  });

  it('reports a token in a fragment of parameters', () => {
    const findings = auditUrl(
      'http://127.0.0.1/callback#access_token=Qm9vN3xTz8PlWc4K&token_type=bearer',
    );

    expect(detectors(findings)).toEqual(['url-secret']);
  });

  it('reports an e-mail address in a route query', () => {
    const findings = auditUrl(`http://127.0.0.1:8080/app/#/users?email=${ENCODED_EMAIL}&tab=1`);

    expect(detectors(findings)).toEqual(['email']);
  });

  it.each([
    `http://user:hunter2pass@127.0.0.1:9999/creds`,
    `http://user:p%40ss%27word@127.0.0.1/`,
    `http://user:it's&mine!9@127.0.0.1/`,
    `http://${ENCODED_EMAIL}:hunter2pass@127.0.0.1/`,
    `http://127.0.0.1:8080/app/#/users?email=${ENCODED_EMAIL}&tab=1`,
    `http://127.0.0.1/#!/people/${ENCODED_EMAIL}/edit?mode=full`,
    'http://127.0.0.1/callback#access_token=Qm9vN3xTz8PlWc4K&token_type=bearer',
  ])('passes %s once sanitized', (url) => {
    expect(auditUrl(url)).not.toEqual([]);

    expect(auditUrl(sanitize(url))).toEqual([]);
  });

  it.each(['mask', 'drop'] as const)('passes a password replaced in %s mode', (mode) => {
    const url = sanitize('http://user:hunter2pass@127.0.0.1/', { modes: { 'url-secret': mode } });

    expect(url).not.toContain('hunter2pass');
    expect(auditUrl(url)).toEqual([]);
  });

  it('passes a URL without a password', () => {
    expect(auditUrl('http://user@127.0.0.1:9999/#/users/42?tab=1')).toEqual([]);
  });
});
