import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../tests/support/run-cli.js';
import type { Recording } from '../../fixture/recording.js';
import { writeRecording } from '../../fixture/write-recording.js';
import { compileRules } from '../rules.js';
import { corpusRecording } from '../testing/corpus-recording.js';
import { createTextSanitizer } from '../text-sanitizer.js';
import type { SanitizeRules } from '../types.js';
import type { SanitizeContext } from './context.js';
import { TypedValues } from './typed-values.js';
import { sanitizeUrl } from './url.js';

const KEY = Buffer.alloc(32, 7);
const EMAIL = 'ann.lowe@quillpost.org';
const ENCODED_EMAIL = encodeURIComponent(EMAIL);
/** A pseudonym of an e-mail address, percent-encoded: the local part, `%40` and a reserved domain. */
const ENCODED_PSEUDONYM = /^[a-z.]+%40[a-z.-]+\.example$/;

function contextOf(rules?: SanitizeRules): SanitizeContext {
  return {
    text: createTextSanitizer({ key: KEY, ...(rules ? { rules } : {}) }),
    rules: compileRules(rules),
    counts: {},
  };
}

function sanitize(url: string, rules?: SanitizeRules): string {
  return sanitizeUrl(contextOf(rules), url, 'meta.url');
}

/** Returns the value of parameter `name` in `key=value&...` text. */
function parameter(text: string, name: string): string | undefined {
  const found = text.split('&').find((pair) => pair.startsWith(`${name}=`));
  return found?.slice(name.length + 1);
}

describe('sanitizeUrl on route fragments', () => {
  it('keeps the route and query of a hash route', () => {
    const url = `http://127.0.0.1:8080/app/#/users?email=${ENCODED_EMAIL}&tab=1`;
    const output = sanitize(url);

    const [, fragment = ''] = output.split('#');
    expect(output.startsWith('http://127.0.0.1:8080/app/#/users?email=')).toBe(true);
    expect(output.endsWith('&tab=1')).toBe(true);
    expect(parameter(fragment.slice('/users?'.length), 'email')).toMatch(ENCODED_PSEUDONYM);
    expect(output).not.toContain(ENCODED_EMAIL);
  });

  it('sanitizes the path of a hashbang route as a path', () => {
    const output = sanitize(`http://127.0.0.1/#!/people/${ENCODED_EMAIL}/edit?mode=full`);

    const match = /^http:\/\/127\.0\.0\.1\/#!\/people\/([^/]+)\/edit\?mode=full$/.exec(output);
    expect(match?.[1]).toMatch(ENCODED_PSEUDONYM);
  });

  it('replaces a secret parameter of a route query', () => {
    const output = sanitize('http://127.0.0.1/#/reset?token=Zx81mQ2v9LkP&lang=en');

    const match = /^http:\/\/127\.0\.0\.1\/#\/reset\?token=([^&]+)&lang=en$/.exec(output);
    expect(match?.[1]).toHaveLength('Zx81mQ2v9LkP'.length);
    expect(match?.[1]).not.toBe('Zx81mQ2v9LkP');
  });

  it('keeps form encoding in a route query', () => {
    const output = sanitize(`http://127.0.0.1/#/search?q=Ren%E9e+${ENCODED_EMAIL}&page=2`);

    const [, query = ''] = output.split('?');
    expect(parameter(query, 'q')).toMatch(/^Ren%E9e\+[a-z.]+%40[a-z.-]+\.example$/);
    expect(parameter(query, 'page')).toBe('2');
  });

  it('replaces OAuth parameters in a fragment', () => {
    const token = 'Qm9vN3xTz8PlWc4K';
    const output = sanitize(
      `http://127.0.0.1/callback#access_token=${token}&token_type=bearer&expires_in=3600`,
    );

    const match =
      /^http:\/\/127\.0\.0\.1\/callback#access_token=([^&]+)&token_type=bearer&expires_in=3600$/.exec(
        output,
      );
    expect(match?.[1]).toHaveLength(token.length);
    expect(match?.[1]).not.toBe(token);
  });

  it('replaces an e-mail in an anchor', () => {
    const output = sanitize(`http://127.0.0.1/page#contact%20${ENCODED_EMAIL}`);

    expect(output).toMatch(/^http:\/\/127\.0\.0\.1\/page#contact%20[a-z.]+%40[a-z.-]+\.example$/);
  });

  it.each([
    'http://127.0.0.1:8080/app/#/users/42?tab=1&sort=name%20asc',
    'http://127.0.0.1/#/search?q=J%C3%BCrgen+Weber&empty=&flag',
    'http://127.0.0.1/#!/a//b?',
    'http://127.0.0.1/#/',
    'http://127.0.0.1/#',
    'http://127.0.0.1/docs#section-2',
    'http://127.0.0.1/#state=xyz&scope=email%20profile',
    'http://127.0.0.1/#/path?x=%E9%ZZ#inner',
    '/relative/#/users?tab=1',
  ])('keeps %s byte for byte', (url) => {
    const context = contextOf();

    expect(sanitizeUrl(context, url, 'meta.url')).toBe(url);
    expect(context.text.counts).toEqual({});
  });
});

describe('sanitizeUrl on userinfo', () => {
  it('replaces a password that no detector finds', () => {
    const context = contextOf();
    const output = sanitizeUrl(context, 'http://user:hunter2pass@127.0.0.1:9999/creds', 'meta.url');

    const match = /^http:\/\/user:([^@]+)@127\.0\.0\.1:9999\/creds$/.exec(output);
    expect(match?.[1]).toHaveLength('hunter2pass'.length);
    expect(match?.[1]).not.toBe('hunter2pass');
    expect(context.text.counts).toEqual({ 'url-secret/meta.url': 1 });
  });

  it('replaces a password of three characters', () => {
    const output = sanitize('http://u:abc@127.0.0.1/');

    expect(output).toMatch(/^http:\/\/u:[a-z]{3}@127\.0\.0\.1\/$/);
    expect(output).not.toContain(':abc@');
  });

  it('keeps the percent-encoding of a password', () => {
    const output = sanitize('http://u:p%40ss%3Aw%C3%B6rd%2F9@127.0.0.1/');

    const match = /^http:\/\/u:([^@]+)@127\.0\.0\.1\/$/.exec(output);
    expect(match?.[1]).toMatch(/^[a-z]%40[a-z]{2}%3A[a-z]{4}%2F\d$/);
  });

  it('keeps a replaced password', () => {
    const once = sanitize('http://user:hunter2pass@127.0.0.1:9999/creds');

    expect(sanitize(once)).toBe(once);
  });

  it('masks a password in mask mode', () => {
    const output = sanitize('http://user:hunter2pass@127.0.0.1/', {
      modes: { 'url-secret': 'mask' },
    });

    expect(output).toBe('http://user:******X****@127.0.0.1/');
  });

  it('drops a password in drop mode', () => {
    const output = sanitize('http://user:hunter2pass@127.0.0.1/', {
      modes: { 'url-secret': 'drop' },
    });

    expect(output).toBe('http://user:@127.0.0.1/');
  });

  it('replaces an e-mail address as user name', () => {
    const output = sanitize(`http://${ENCODED_EMAIL}@127.0.0.1:9999/inbox`);

    const match = /^http:\/\/([^@]+)@127\.0\.0\.1:9999\/inbox$/.exec(output);
    expect(match?.[1]).toMatch(ENCODED_PSEUDONYM);
  });

  it('reads the host apart from the user name', () => {
    expect(sanitize('http://ann@company.com/x')).toBe('http://ann@company.com/x');
  });

  it('replaces an IP address host after userinfo', () => {
    const output = sanitize('http://user@8.8.4.4/dns-query');

    expect(output).toMatch(/^http:\/\/user@[\d.]+\/dns-query$/);
    expect(output).not.toContain('8.8.4.4');
  });
});

describe('sanitizeUrl on base64 parameters', () => {
  const state = JSON.stringify({ email: EMAIL, tab: 2 });
  const standard = btoa(state);
  const urlSafe = standard.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

  /** Decodes a base64 or base64url parameter value back to text. */
  function decoded(value: string): string {
    return atob(decodeURIComponent(value).replace(/-/g, '+').replace(/_/g, '/'));
  }

  it.each([
    ['base64', standard],
    ['base64url', urlSafe],
    ['percent-encoded base64', encodeURIComponent(standard)],
  ])('replaces an address in %s state', (_name, value) => {
    const output = sanitize(`http://127.0.0.1/app?state=${value}&page=2`);
    const [, query = ''] = output.split('?');
    const state = JSON.parse(decoded(parameter(query, 'state')!)) as { email: string };

    expect(state.email).not.toBe(EMAIL);
    expect(state.email).toMatch(/@[a-z.-]+\.example$/);
    expect(parameter(query, 'page')).toBe('2');
  });

  it('keeps tokens that are not base64 text', () => {
    const url = 'http://127.0.0.1/app?id=3f9a2c7e1b8d4a6f9e0c5b2a7d1e4f8a&ref=AbCdEfGhIjKlMnOpQr';
    expect(sanitize(url)).toBe(url);
  });
});

describe('replaygate sanitize on route and userinfo URLs', () => {
  const KEY_ENV = {
    REPLAYGATE_SANITIZE_KEY: 'a3'.repeat(32),
    REPLAYGATE_SANITIZE_KEY_FILE: undefined,
  };
  const ROUTE_URL = `http://127.0.0.1:8080/app/#/users?email=${ENCODED_EMAIL}&tab=1`;
  const CREDENTIALS_URL = `http://svc:hunter2pass@127.0.0.1:9999/creds?email=${ENCODED_EMAIL}&page=2`;
  let root: string | undefined;

  afterAll(async () => {
    if (root !== undefined) {
      await rm(root, { recursive: true, force: true });
    }
  });

  function rawRecording(): Recording {
    const recording = corpusRecording('Weekly route check');
    recording.meta.url = ROUTE_URL;
    const [first] = recording.network;
    if (first === undefined) {
      throw new Error('corpusRecording() returned no network exchange');
    }
    first.request.url = CREDENTIALS_URL;
    first.pageUrl = ROUTE_URL;
    return recording;
  }

  it('keeps routes and passes the audit', async () => {
    root = await mkdtemp(join(tmpdir(), 'replaygate-url-'));
    await writeRecording(join(root, 'raw', 'routes.replay.json.gz'), rawRecording());

    const rawAudit = await runCli(['audit', 'raw'], { cwd: root });
    expect(rawAudit.exitCode).toBe(1);
    expect(rawAudit.stdout).toContain('network[0].request.url: url-secret');
    expect(rawAudit.stdout).toContain('meta.url (URL-decoded): email');

    const result = await runCli(['sanitize', 'raw', '--out', 'recordings'], {
      cwd: root,
      env: KEY_ENV,
    });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);

    const bytes = await readFile(join(root, 'recordings', 'routes.replay.json.gz'));
    const text = gunzipSync(bytes).toString('utf8');
    const fixture = JSON.parse(text) as Recording;
    expect(text).not.toContain(ENCODED_EMAIL);
    expect(text).not.toContain('hunter2pass');

    const route = /^http:\/\/127\.0\.0\.1:8080\/app\/#\/users\?email=([^&]+)&tab=1$/;
    expect(fixture.meta.url).toMatch(route);
    expect(fixture.network[0]?.pageUrl).toBe(fixture.meta.url);
    const request = /^http:\/\/svc:([^@]+)@127\.0\.0\.1:9999\/creds\?email=([^&]+)&page=2$/.exec(
      fixture.network[0]?.request.url ?? '',
    );
    expect(request?.[1]).toHaveLength('hunter2pass'.length);
    expect(request?.[2]).toMatch(ENCODED_PSEUDONYM);
    expect(route.exec(fixture.meta.url)?.[1]).toBe(request?.[2]);

    const audit = await runCli(['audit', 'recordings'], { cwd: root });
    expect(audit.stdout).toContain('no personal data or secrets found');
    expect(audit.exitCode).toBe(0);
  });
});

describe('sanitizeUrl on address schemes', () => {
  function withTyped(typed: string, replacement: string): SanitizeContext {
    const values = new TypedValues();
    values.now = 1_000;
    values.record(typed, replacement);
    values.now = 2_000;
    return { ...contextOf(), typed: values };
  }

  it('replaces a step in mailto links', () => {
    const context = withTyped('rosa.quint@fernhollow-mail.n', 'wohd.llxxr@cplzxvtfpq-abys.e');
    expect(sanitizeUrl(context, 'mailto:rosa.quint@fernhollow-mail.n', 'event.dom')).toBe(
      'mailto:wohd.llxxr@cplzxvtfpq-abys.e',
    );
  });

  it('replaces a phone in tel links', () => {
    const context = withTyped('+44 20 7946 095', '+44 28 0477 039');
    expect(sanitizeUrl(context, 'tel:+44207946095', 'event.dom')).toBe('tel:+44280477039');
  });

  it('keeps escapes of encoded links', () => {
    const context = withTyped('rosa.quint@fernhollow-mail.n', 'wohd.llxxr@cplzxvtfpq-abys.e');
    expect(sanitizeUrl(context, 'mailto:rosa.quint%40fernhollow-mail.n', 'event.dom')).toBe(
      'mailto:wohd.llxxr%40cplzxvtfpq-abys.e',
    );
  });
});
