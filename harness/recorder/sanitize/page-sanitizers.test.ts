import type { eventWithTime } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import {
  decodeReviewPage,
  encodeReviewPage,
  reviewPageWith,
} from '../../sanitize/testing/printable-review.js';
import type { PageExchange } from '../network/types.js';
import { createMaskingSanitizer, maskValue } from './mask-sanitizer.js';
import { createPageContext } from './page-context.js';
import { PageEventSanitizer } from './page-event-sanitizer.js';
import { sanitizePageExchange } from './page-exchange-sanitizer.js';

const EMAIL = 'rosalind.brack@quayside-ledger.net';
const EMAIL_MASK = '********.*****@********-******.***';
const CARD = '4532 0151 1283 0366';
const CARD_MASK = 'XXXX XXXX XXXX XXXX';

describe('createMaskingSanitizer', () => {
  it('masks a finding at the same length', () => {
    const text = createMaskingSanitizer().sanitize(`mail ${EMAIL} now`, 'dom.text');
    expect(text).toBe(`mail ${EMAIL_MASK} now`);
  });

  it('keeps an API key prefix', () => {
    expect(maskValue('api-key', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc')).toBe(
      'sk_live_X**XX************X***X**',
    );
  });

  it('leaves allowed values', () => {
    const sanitizer = createMaskingSanitizer({ allow: [EMAIL] });
    expect(sanitizer.sanitize(EMAIL, 'dom.text')).toBe(EMAIL);
  });

  it('drops values of a drop rule', () => {
    const sanitizer = createMaskingSanitizer({
      patterns: [{ name: 'order', pattern: 'ORD-\\d{6}', mode: 'drop' }],
    });
    expect(sanitizer.sanitize('order ORD-123456 shipped', 'dom.text')).toBe('order  shipped');
  });

  it('rejects an unknown phone region', () => {
    expect(() => createMaskingSanitizer({ phoneRegion: 'XX' })).toThrow(/phoneRegion "XX"/);
  });
});

describe('PageEventSanitizer', () => {
  function sanitize(event: unknown): eventWithTime {
    return new PageEventSanitizer(createPageContext()).sanitize(event as eventWithTime);
  }

  it('masks text and attributes of a full snapshot', () => {
    const event = sanitize({
      type: 2,
      timestamp: 1,
      data: {
        initialOffset: { top: 0, left: 0 },
        node: {
          type: 0,
          id: 1,
          childNodes: [
            {
              type: 2,
              id: 2,
              tagName: 'a',
              attributes: { href: `mailto:${EMAIL}`, title: CARD, class: 'contact' },
              childNodes: [{ type: 3, id: 3, textContent: `Write to ${EMAIL}` }],
            },
          ],
        },
      },
    });
    const link = (event.data as { node: { childNodes: Array<Record<string, any>> } }).node
      .childNodes[0]!;
    expect(link.attributes).toEqual({
      href: `mailto:${EMAIL_MASK}`,
      title: CARD_MASK,
      class: 'contact',
    });
    expect(link.childNodes[0].textContent).toBe(`Write to ${EMAIL_MASK}`);
  });

  it('masks input text and page URLs', () => {
    const input = sanitize({ type: 3, timestamp: 1, data: { source: 5, id: 9, text: CARD } });
    expect((input.data as { text: string }).text).toBe(CARD_MASK);
    const meta = sanitize({
      type: 4,
      timestamp: 1,
      data: { href: `https://shop.test/?email=${encodeURIComponent(EMAIL)}`, width: 1, height: 1 },
    });
    expect((meta.data as { href: string }).href).toBe(
      `https://shop.test/?email=${encodeURIComponent(EMAIL_MASK)}`,
    );
  });

  it('leaves CSS syntax alone', () => {
    const css = '.a { z-index: 2125550123; } .b::after { content: "call 212-555-0123"; }';
    const event = sanitize({
      type: 3,
      timestamp: 1,
      data: { source: 8, id: 4, adds: [{ rule: css, index: 0 }] },
    });
    const rule = (event.data as { adds: Array<{ rule: string }> }).adds[0]!.rule;
    expect(rule.startsWith('.a { z-index: 2125550123; }')).toBe(true);
    expect(rule).toContain('content: "call XXX-XXX-XXXX"');
  });
});

describe('sanitizePageExchange', () => {
  function exchange(): PageExchange {
    return {
      initiator: 'fetch',
      request: {
        method: 'POST',
        url: `http://127.0.0.1:1/api/users?email=${encodeURIComponent(EMAIL)}`,
        headers: {
          authorization: 'Bearer abc.def.ghi',
          cookie: 'sid=42',
          'content-type': 'application/json',
          'x-contact': EMAIL,
        },
        body: { encoding: 'text', data: JSON.stringify({ card: CARD, count: 3 }) },
      },
      response: {
        status: 200,
        statusText: 'OK',
        headers: { 'content-type': 'text/plain', 'set-cookie': 'sid=43', etag: '"123456789012"' },
        body: { encoding: 'base64', data: btoa(`Hello ${EMAIL}`) },
      },
      startedAt: 1,
      endedAt: 2,
      pageUrl: 'http://127.0.0.1:1/',
    };
  }

  it('removes credential header values', () => {
    const sanitized = exchange();
    sanitizePageExchange(createPageContext(), sanitized);
    expect(sanitized.request.headers.authorization).toBe('removed-by-replaygate');
    expect(sanitized.request.headers.cookie).toBe('removed-by-replaygate');
    expect(sanitized.response?.headers['set-cookie']).toBe('removed-by-replaygate');
    expect(sanitized.response?.headers.etag).toBe('"123456789012"');
  });

  it('masks Latin-1 bodies and text under a binary type', () => {
    const latin1 = `Se\u00f1or ${EMAIL}`;
    const bytes = Buffer.from(latin1, 'latin1');
    for (const [data, contentType] of [
      [bytes.toString('base64'), 'text/html; charset=iso-8859-1'],
      [btoa(`mail=${EMAIL}`), 'application/octet-stream'],
    ] as const) {
      const sanitized = exchange();
      sanitized.response!.headers['content-type'] = contentType;
      sanitized.response!.body = { encoding: 'base64', data };
      sanitizePageExchange(createPageContext(), sanitized);
      const written = Buffer.from(sanitized.response!.body!.data, 'base64').toString('latin1');
      expect(written).not.toContain(EMAIL);
      expect(written).toContain(EMAIL_MASK);
    }
  });

  it('masks URLs, headers and bodies', () => {
    const sanitized = exchange();
    sanitizePageExchange(createPageContext(), sanitized);
    expect(sanitized.request.url).toBe(
      `http://127.0.0.1:1/api/users?email=${encodeURIComponent(EMAIL_MASK)}`,
    );
    expect(sanitized.request.headers['x-contact']).toBe(EMAIL_MASK);
    expect(JSON.parse(sanitized.request.body!.data)).toEqual({ card: CARD_MASK, count: 3 });
    expect(atob(sanitized.response!.body!.data)).toBe(`Hello ${EMAIL_MASK}`);
  });

  it('applies header and JSON path rules', () => {
    const sanitized = exchange();
    sanitized.request.headers['x-customer'] = 'C-77 Lindqvist';
    sanitized.request.body = {
      encoding: 'text',
      data: JSON.stringify({ user: { nickname: 'ana', pin: 4711 }, count: 3 }),
    };
    const context = createPageContext({
      headers: [{ name: 'customer', header: 'X-Customer' }],
      jsonPaths: [
        { name: 'nickname', path: '$.user.nickname' },
        { name: 'pin', path: '$..pin', mode: 'drop' },
      ],
    });

    sanitizePageExchange(context, sanitized);

    expect(sanitized.request.headers['x-customer']).toBe('*-XX *********');
    expect(JSON.parse(sanitized.request.body!.data)).toEqual({
      user: { nickname: '***', pin: '' },
      count: 3,
    });
  });

  it('rejects an invalid JSON path rule', () => {
    expect(() => createPageContext({ jsonPaths: [{ name: 'broken', path: 'user[' }] })).toThrow(
      /sanitize.jsonPaths: rule "broken" has an invalid JSON path/,
    );
  });

  it('masks protobuf by its structure', () => {
    const page = reviewPageWith(EMAIL);
    const sanitized = exchange();
    sanitized.response!.headers['content-type'] = 'application/x-protobuf';
    sanitized.response!.body = {
      encoding: 'base64',
      data: encodeReviewPage(page).toString('base64'),
    };

    sanitizePageExchange(createPageContext(), sanitized);

    const written = Buffer.from(sanitized.response!.body!.data, 'base64');
    expect(decodeReviewPage(written)).toEqual(reviewPageWith(EMAIL_MASK));
  });

  it('masks gRPC-Web text frames', () => {
    const message = encodeReviewPage(reviewPageWith(EMAIL));
    const frame = Buffer.concat([Buffer.from([0, 0, 0, 0, message.length]), message]);
    const sanitized = exchange();
    sanitized.response!.headers['content-type'] = 'application/grpc-web-text';
    sanitized.response!.body = { encoding: 'text', data: frame.toString('base64') };

    sanitizePageExchange(createPageContext(), sanitized);

    const written = Buffer.from(sanitized.response!.body!.data, 'base64');
    expect(written.subarray(0, 5)).toEqual(frame.subarray(0, 5));
    expect(decodeReviewPage(written.subarray(5))).toEqual(reviewPageWith(EMAIL_MASK));
  });

  it('keeps a __proto__ key', () => {
    const sanitized = exchange();
    sanitized.request.body = {
      encoding: 'text',
      data: `{"__proto__":{"role":"admin"},"contact":"${EMAIL}"}`,
    };
    sanitizePageExchange(createPageContext(), sanitized);
    expect(sanitized.request.body.data).toBe(
      `{"__proto__":{"role":"admin"},"contact":"${EMAIL_MASK}"}`,
    );
  });

  it('keeps an unchanged JSON body byte for byte', () => {
    const sanitized = exchange();
    const body = '{ "count": 3,\n  "name": "plain" }';
    sanitized.request.body = { encoding: 'text', data: body };
    sanitizePageExchange(createPageContext(), sanitized);
    expect(sanitized.request.body.data).toBe(body);
  });
});
