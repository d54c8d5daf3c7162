import { describe, expect, it } from 'vitest';
import { compileRules } from '../rules.js';
import { createTextSanitizer } from '../text-sanitizer.js';
import type { SanitizeContext } from './context.js';
import { sanitizeHeaders } from './exchange.js';

function context(): SanitizeContext {
  return {
    text: createTextSanitizer({ key: Buffer.alloc(32, 9) }),
    rules: compileRules(undefined),
    counts: {},
  };
}

describe('sanitizeHeaders', () => {
  it.each([
    'X-Auth-Token',
    'x-csrf-token',
    'X-API-Key',
    'x-apikey',
    'X-Session-Id',
    'x-session',
    'X-CSRFToken',
    'x-csrf',
    'x-xsrf',
    'x-sid',
    'x-signature',
    'x-auth',
    'x-auth-key',
    'x-secret-key',
    'x-access-key',
    'x-authorization',
    'x-forwarded-authorization',
    'x-credentials',
    'Ocp-Apim-Subscription-Key',
    'x-functions-key',
    'x-master-key',
  ])('replaces the value of %s', (name) => {
    const headers = { [name]: 'f3a9c2e1b7d04e5f', 'content-type': 'application/json' };
    sanitizeHeaders(context(), headers, 'network.request.header');
    expect(headers[name]).not.toBe('f3a9c2e1b7d04e5f');
    expect(headers[name]).toHaveLength('f3a9c2e1b7d04e5f'.length);
    expect(headers['content-type']).toBe('application/json');
  });

  it.each([
    'x-request-id',
    'x-tokenizer-version',
    'sec-websocket-key',
    'idempotency-key',
    'x-cache-key',
    'x-routing-key',
    'x-api-version',
    'x-session-count',
    'access-control-allow-credentials',
  ])('keeps %s', (name) => {
    const headers = { [name]: 'f3a9c2e1b7d04e5f' };
    sanitizeHeaders(context(), headers, 'network.request.header');
    expect(headers[name]).toBe('f3a9c2e1b7d04e5f');
  });

  it('matches the URL token pseudonym', () => {
    const shared = context();
    const headers = { 'x-auth-token': 'f3a9c2e1b7d04e5f' };
    sanitizeHeaders(shared, headers, 'network.request.header');
    const url = shared.text.sanitize('/api?token=f3a9c2e1b7d04e5f', 'network.url');
    expect(url).toBe(`/api?token=${headers['x-auth-token']}`);
  });
});
