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

/** Builds a page that loads one response with `data` as its body. */
function withResponse(contentType: string, data: string): Recording {
  const recording = pageWith(h('p', {}, 'Loading'));
  const at = recording.events.at(-1)!.timestamp + 10;
  recording.network = [
    {
      id: 0,
      initiator: 'fetch',
      startedAt: at,
      endedAt: at + 5,
      pageUrl: 'http://127.0.0.1:4173/',
      request: { method: 'GET', url: 'http://127.0.0.1:4173/api/account', headers: {} },
      response: {
        status: 200,
        statusText: 'OK',
        headers: { 'content-type': contentType },
        body: { encoding: 'text', data },
      },
    },
  ];
  return recording;
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

describe('credential fields in the page', () => {
  const TOKEN = 'Qm9va3MhT2s9aXRlbQ';

  it.each([
    ['a hidden input', h('input', { type: 'hidden', name: 'authenticity_token', value: TOKEN })],
    ['a meta tag', h('meta', { name: 'csrf-token', content: TOKEN })],
  ])('replaces the token of %s', (_, element) => {
    const { written, findings } = sanitized(pageWith(element));
    expect(written).not.toContain(TOKEN);
    expect(findings).toBe(0);
  });

  it.each([
    [
      'a hidden input of another name',
      h('input', { type: 'hidden', name: 'cart_id', value: TOKEN }),
    ],
    ['a text input', h('input', { type: 'text', name: 'authenticity_token', value: TOKEN })],
    ['a meta tag of another name', h('meta', { name: 'generator', content: TOKEN })],
  ])('keeps the value of %s', (_, element) => {
    expect(sanitized(pageWith(element)).written).toContain(TOKEN);
  });
});

describe('base64 state inside JSON and nested URLs', () => {
  const STATE = Buffer.from(
    JSON.stringify({ email: 'rosalind.brack@quayside-ledger.net', returnTo: '/orders' }),
  ).toString('base64url');

  function sanitizedBody(data: string): string {
    const output = sanitizeRecording(withResponse('application/json', data), {
      text: createTextSanitizer({ key: KEY }),
    });
    return output.network[0]!.response!.body!.data;
  }

  function decodedState(text: string): string {
    const state = /state=([\w-]+)/.exec(decodeURIComponent(text))?.[1] ?? '';
    return Buffer.from(state, 'base64url').toString('utf8');
  }

  it('replaces state in a URL in a JSON body', () => {
    const body = sanitizedBody(
      JSON.stringify({ next: `https://auth.example.org/authorize?client_id=web&state=${STATE}` }),
    );
    const state = JSON.parse(decodedState(JSON.parse(body).next)) as Record<string, string>;
    expect(state.email).not.toBe('rosalind.brack@quayside-ledger.net');
    expect(state.email).toMatch(/@.*example/);
    expect(state.returnTo).toBe('/orders');
  });

  it('keeps a base64 JSON string value, as in URL paths', () => {
    // Apps write the same value into paths, which are not decoded, so replacing it here only
    // would break the replayed requests.
    expect(JSON.parse(sanitizedBody(JSON.stringify({ payload: STATE })))).toEqual({
      payload: STATE,
    });
  });

  it('keeps a GraphQL global id in a parameter', () => {
    const id = Buffer.from('Order:4155552671').toString('base64');
    const next = `https://api.example.org/orders?after=${encodeURIComponent(id)}`;
    expect(JSON.parse(sanitizedBody(JSON.stringify({ next })))).toEqual({ next });
  });

  it('replaces state in a nested URL parameter', () => {
    const nested = encodeURIComponent(`https://auth.example.org/authorize?state=${STATE}`);
    const { written } = sanitized(pageWith(h('a', { href: `/logout?return=${nested}` }, 'Out')));
    const href = /"href":"(\/logout[^"]*)"/.exec(written)?.[1] ?? '';
    expect(href).not.toBe('');
    expect(decodedState(decodeURIComponent(href))).not.toContain('rosalind');
    expect(decodedState(decodeURIComponent(href))).toContain('/orders');
  });

  it('keeps ids and tokens that are not text', () => {
    const ids = { id: '550e8400-e29b-41d4-a716-446655440000', etag: 'Zk93jKLq8w2mP0aaXy7TqR4s' };
    expect(JSON.parse(sanitizedBody(JSON.stringify(ids)))).toEqual(ids);
  });
});

describe('values written with escapes', () => {
  function sanitizedHtml(html: string): { body: string; findings: number } {
    const recording = withResponse('text/html', html);
    const output = sanitizeRecording(recording, { text: createTextSanitizer({ key: KEY }) });
    const audit = auditRecording('page', output, createTextSanitizer({ key: KEY }));
    return { body: output.network[0]!.response!.body!.data, findings: audit.findingCount };
  }

  it.each([
    ['a decimal reference', '<p>rosalind.brack&#64;quayside-ledger.net</p>'],
    ['a hex reference', '<p>rosalind.brack&#x40;quayside-ledger.net</p>'],
    ['a named reference', '<p>rosalind.brack&commat;quayside-ledger.net</p>'],
    ['references of letters', '<p>r&#111;s&#97;lind.brack&#64;quayside-ledger.net</p>'],
    ['a reference without its semicolon', '<p>rosalind.brack&#64quayside-ledger.net</p>'],
    [
      'a script escape',
      '<script>var s={"email":"rosalind.brack\\u0040quayside-ledger.net"}</script>',
    ],
  ])('replaces an address written with %s', (_, html) => {
    const { body, findings } = sanitizedHtml(html);
    expect(body).not.toContain('quayside-ledger');
    expect(findings).toBe(0);
  });

  it('replaces the escaped first letter of an address', () => {
    const { body, findings } = sanitizedHtml('<p>&#114;osalind.brack@quayside-ledger.net</p>');
    expect(body).not.toContain('&#114;');
    expect(body).not.toContain('osalind');
    expect(findings).toBe(0);
  });

  it('replaces a phone number whose plus sign is escaped', () => {
    const { body, findings } = sanitizedHtml(
      '<script>var s={"phone":"\\u002B44 20 7946 0958"}</script>',
    );
    expect(body).not.toContain('7946 0958');
    expect(findings).toBe(0);
  });

  it('is reported by the audit in a raw page', () => {
    const raw = pageWith(h('p', {}, 'Mail rosalind.brack&#64;quayside-ledger.net today'));
    const audit = auditRecording('raw', raw, createTextSanitizer({ key: KEY }));
    expect(audit.findings.map((finding) => finding.path)).toEqual([
      expect.stringContaining('(escapes decoded)'),
    ]);
  });

  it('keeps markup with references but no values', () => {
    const html = '<p>Fish &amp; chips &#8212; &copy; 2026 &#x2014; \\u00e9t\\u00e9</p>';
    expect(sanitizedHtml(html).body).toBe(html);
  });
});

describe('percent-encoded values inside text', () => {
  it.each([
    [
      'a phone number',
      'Share: https://wa.me/?text=Call%20me%20at%20%2B1%20415%20555%202671 now',
      '555%202671',
    ],
    ['a card number', 'Copied: 4532%200151%201283%200366', '1283%200366'],
    [
      'a twice-encoded address',
      'Mail rosalind.brack%2540quayside-ledger.net today',
      'quayside-ledger',
    ],
  ])('replaces %s in page text', (_, text, kept) => {
    const { written, findings } = sanitized(pageWith(h('p', {}, text)));
    expect(written).not.toContain(kept);
    expect(findings).toBe(0);
  });

  it('keeps encoded text without values', () => {
    const text = 'Search for caf%C3%A9%20menus at 50%25 off';
    expect(sanitized(pageWith(h('p', {}, text))).written).toContain(text);
  });
});

describe('credentials in event payloads', () => {
  function sanitizedPayload(payload: unknown): { payload: string; findings: number } {
    const stream = new RrwebStream();
    stream.page('http://127.0.0.1:4173/', h('p', {}, 'Settings'));
    stream.custom('app.state', payload);
    const output = sanitizeRecording(stream.recording('payload'), {
      text: createTextSanitizer({ key: KEY }),
    });
    const audit = auditRecording('payload', output, createTextSanitizer({ key: KEY }));
    const last = output.events.at(-1) as { data: { payload: unknown } };
    return { payload: JSON.stringify(last.data.payload), findings: audit.findingCount };
  }

  it.each([
    ['a credential field', { apiKey: 'Zk93jKLq8w2mP0aa' }],
    ['a password field', { user: { password: 'hunter2hunter' } }],
    ['a storage change', { key: 'authToken', newValue: 'Zk93jKLq8w2mP0aa', oldValue: null }],
    ['a header entry', { headers: [{ name: 'X-Api-Key', value: 'Zk93jKLq8w2mP0aa' }] }],
    ['a cookie string', { documentCookie: 'sid=Zk93jKLq8w2mP0aa; theme=dark' }],
  ])('replaces %s', (_, payload) => {
    const { payload: written, findings } = sanitizedPayload(payload);
    expect(written).not.toMatch(/Zk93jKLq8w2mP0aa|hunter2hunter/);
    expect(findings).toBe(0);
  });

  it('keeps ordinary name and value pairs', () => {
    const payload = { key: 'theme', newValue: 'dark-contrast', name: 'locale', value: 'en-GB' };
    expect(JSON.parse(sanitizedPayload(payload).payload)).toEqual(payload);
  });
});

describe('sanitizing twice', () => {
  it('changes nothing the second time', () => {
    const stream = new RrwebStream();
    stream.page(
      'http://127.0.0.1:4173/',
      h('input', { type: 'hidden', name: 'authenticity_token', value: 'Qm9va3MhT2s9aXRlbQ' }),
      h('p', {}, 'Call %2B1%20415%20555%202671 or rosalind.brack&#64;quayside-ledger.net'),
    );
    stream.custom('app.state', {
      apiKey: 'Zk93jKLq8w2mP0aa',
      storage: { key: 'authToken', newValue: 'Zk93jKLq8w2mP0ab' },
    });
    const once = sanitizeRecording(stream.recording('twice'), {
      text: createTextSanitizer({ key: KEY }),
    });
    const copy = JSON.parse(JSON.stringify(once)) as Recording;
    const twice = sanitizeRecording(copy, { text: createTextSanitizer({ key: KEY }) });
    expect(JSON.stringify(twice.events)).toBe(JSON.stringify(once.events));
  });
});

describe('ordinary payload pairs', () => {
  it.each([
    ['page state under a session key', { key: 'session', newValue: '{"lastPage":"/home"}' }],
    ['a label under a password name', { name: 'password', value: 'Password' }],
    ['a flag under an auth name', { name: 'auth', value: 'none' }],
    ['a word under a key header', { name: 'X-Request-Key', value: 'list-page' }],
    ['consent choices', { acceptedCookies: 'necessary=true;analytics=false' }],
  ])('keeps %s', (_, payload) => {
    const stream = new RrwebStream();
    stream.page('http://127.0.0.1:4173/', h('p', {}, 'Settings'));
    stream.custom('app.state', payload);
    const output = sanitizeRecording(stream.recording('pairs'), {
      text: createTextSanitizer({ key: KEY }),
    });
    const last = output.events.at(-1) as { data: { payload: unknown } };
    expect(last.data.payload).toEqual(payload);
  });
});

describe('plain values that escapes around them reveal', () => {
  it.each([
    ['a bearer token after an escaped space', 'Authorization: Bearer&#32;abcdefghijklmnop1234'],
    ['an API key after an encoded equals sign', 'Copy api_key%3Dabcdef1234567890abcdef to the app'],
  ])('replaces %s', (_, text) => {
    const { written, findings } = sanitized(pageWith(h('p', {}, text)));
    expect(written).not.toMatch(/abcdefghijklmnop1234|abcdef1234567890abcdef/);
    expect(findings).toBe(0);
  });
});

describe('URLs in CSS bodies', () => {
  function sanitizedCss(css: string): string {
    const output = sanitizeRecording(withResponse('text/css', css), {
      text: createTextSanitizer({ key: KEY }),
    });
    return output.network[0]!.response!.body!.data;
  }

  it('replaces an address in a URL after many unclosed url(', () => {
    const css = `${'url('.repeat(5_000)} a { background: url(https://cdn.test/p?e=rosalind.brack@quayside-ledger.net) }`;
    expect(sanitizedCss(css)).not.toContain('quayside-ledger');
  });

  it('reads a bare URL with an escaped parenthesis whole', () => {
    const css =
      'a { background: url(https://cdn.test/a\\(1\\)?e=rosalind.brack@quayside-ledger.net) }';
    const written = sanitizedCss(css);
    expect(written).not.toContain('quayside-ledger');
    expect(written).toContain('url(https://cdn.test/a\\(1\\)?e=');
  });
});
