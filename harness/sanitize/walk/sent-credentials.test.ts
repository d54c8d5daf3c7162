import { describe, expect, it } from 'vitest';
import type { NetworkExchange } from '../../fixture/recording.js';
import { mayBeSentCredential, sentCredentials } from './sent-credentials.js';

/** Returns a POST to `url` with the given headers and text body. */
function post(url: string, headers: Record<string, string>, body?: string): NetworkExchange {
  return {
    id: 0,
    initiator: 'fetch',
    startedAt: 0,
    endedAt: 1,
    pageUrl: 'http://127.0.0.1:4173/',
    request: {
      method: 'POST',
      url,
      headers,
      ...(body === undefined ? {} : { body: { encoding: 'text', data: body } }),
    },
  };
}

describe('sentCredentials', () => {
  it.each([
    ['a secret header', post('http://127.0.0.1/a', { 'X-Api-Key': 'kq83hf9slx02' })],
    ['a bearer token', post('http://127.0.0.1/a', { Authorization: 'Bearer kq83hf9slx02' })],
    ['a cookie', post('http://127.0.0.1/a', { cookie: 'theme=dark; sid=kq83hf9slx02' })],
    [
      'a basic password',
      post('http://127.0.0.1/a', { Authorization: `Basic ${btoa('ann:kq83hf9slx02')}` }),
    ],
    ['a URL parameter', post('http://127.0.0.1/a?api_key=kq83hf9slx02&page=2', {})],
    ['a JSON field', post('http://127.0.0.1/a', {}, '{"user":"ann","password":"kq83hf9slx02"}')],
    ['a form field', post('http://127.0.0.1/a', {}, 'user=ann&password=kq83hf9slx02')],
  ])('finds the value of %s', (_case, exchange) => {
    expect(sentCredentials(exchange)).toContain('kq83hf9slx02');
  });

  /** Returns a POST whose multipart body, in base64, has an `api_key` field. */
  function multipartPost(key: string): NetworkExchange {
    const body = `--b1\r\nContent-Disposition: form-data; name="api_key"\r\n\r\n${key}\r\n--b1--\r\n`;
    const exchange = post('http://127.0.0.1/a', {
      'Content-Type': 'multipart/form-data; boundary=b1',
    });
    exchange.request.body = { encoding: 'base64', data: btoa(body) };
    return exchange;
  }

  it.each([
    [
      'a JSON field with escapes',
      post('http://127.0.0.1/a', {}, '{"password":"ab\\"cd1234xy"}'),
      'ab"cd1234xy',
    ],
    [
      'a GraphQL argument',
      post(
        'http://127.0.0.1/a',
        {},
        JSON.stringify({ query: 'mutation { login(password: "hunter2xyz") }' }),
      ),
      'hunter2xyz',
    ],
    ['a multipart field', multipartPost('Ab9cd1234xy'), 'Ab9cd1234xy'],
    [
      'a percent-encoded header',
      post('http://127.0.0.1/a', { 'x-api-key': 'Ab%21cd~1234' }),
      'Ab!cd~1234',
    ],
  ])('finds %s', (_case, exchange, expected) => {
    expect(sentCredentials(exchange)).toContain(expected);
  });

  it('leaves ordinary values out', () => {
    const exchange = post(
      'http://127.0.0.1/search?q=kq83hf9slx02',
      { 'x-request-id': 'kq83hf9slx02', cookie: 'tz=kq83hf9slx02; theme=dark' },
      '{"query":"kq83hf9slx02"}',
    );

    expect(sentCredentials(exchange)).not.toContain('kq83hf9slx02');
  });

  it('reads an exchange without a request', () => {
    expect(sentCredentials({} as NetworkExchange)).toEqual([]);
  });
});

describe('mayBeSentCredential', () => {
  it.each(['kq83hf9slx02', 'correcthorsebattery', 'sk_9f8e7d6c5b4a'])('accepts %s', (value) => {
    expect(mayBeSentCredential(value)).toBe(true);
  });

  it.each(['short1', 'ann.lowe@quill.net', '4111111111111111', 'two words here'])(
    'rejects %s',
    (value) => {
      expect(mayBeSentCredential(value)).toBe(false);
    },
  );
});
