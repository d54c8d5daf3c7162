import { expect, test } from 'vitest';
import type { CapturedBody, NetworkExchange } from '../../fixture/recording.js';
import { ExchangeMatcher } from './exchange-matcher.js';

const normalization = {
  recordedOrigin: 'http://localhost:3000',
  appOrigin: 'http://127.0.0.1:5000',
  volatileQueryParams: new Set(['_']),
};

function recorded(
  id: number,
  method: string,
  url: string,
  requestBody?: CapturedBody,
): NetworkExchange {
  const request: NetworkExchange['request'] = { method, url, headers: {} };
  if (requestBody) {
    request.body = requestBody;
  }
  return {
    id,
    initiator: 'fetch',
    request,
    response: {
      status: 200,
      statusText: 'OK',
      headers: {},
      body: { encoding: 'text', data: `response ${id}` },
    },
    startedAt: id,
    endedAt: id,
    pageUrl: 'http://localhost:3000/',
  };
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

test('take serves in id order then repeats the last', () => {
  const matcher = new ExchangeMatcher(
    [recorded(7, 'GET', 'http://localhost:3000/a'), recorded(3, 'GET', 'http://localhost:3000/a')],
    normalization,
  );
  const ids = [0, 1, 2].map(() => matcher.take('GET', 'http://127.0.0.1:5000/a?_=1', null));
  expect(ids.map((match) => match?.exchange.id)).toEqual([3, 7, 7]);
  expect(ids.map((match) => match?.repeated)).toEqual([false, false, true]);
});

test('take matches method case-insensitively and not across methods', () => {
  const matcher = new ExchangeMatcher([recorded(0, 'get', 'https://api.test/x')], normalization);
  expect(matcher.has('GET', 'https://api.test/x')).toBe(true);
  expect(matcher.take('POST', 'https://api.test/x', null)).toBeUndefined();
});

test('take selects by body when recorded bodies differ', () => {
  const matcher = new ExchangeMatcher(
    [
      recorded(0, 'POST', 'https://api.test/q', { encoding: 'text', data: '{"a":1,"b":2}' }),
      recorded(1, 'POST', 'https://api.test/q', { encoding: 'text', data: 'plain' }),
    ],
    normalization,
  );
  expect(matcher.take('POST', 'https://api.test/q', encode('plain'))?.exchange.id).toBe(1);
  expect(matcher.take('POST', 'https://api.test/q', encode('{"b":2,"a":1}'))?.exchange.id).toBe(0);
});

test('take falls back to recorded order on unknown body', () => {
  const matcher = new ExchangeMatcher(
    [
      recorded(0, 'POST', 'https://api.test/q', { encoding: 'text', data: 'one' }),
      recorded(1, 'POST', 'https://api.test/q', { encoding: 'text', data: 'two' }),
    ],
    normalization,
  );
  matcher.take('POST', 'https://api.test/q', encode('one'));
  const match = matcher.take('POST', 'https://api.test/q', encode('three'));
  expect(match?.exchange.id).toBe(1);
  expect(match?.bodyMismatch).toBe(true);
});

test('take matches binary bodies by bytes', () => {
  const bytes = new Uint8Array([0, 255, 128, 7]);
  const matcher = new ExchangeMatcher(
    [
      recorded(0, 'PUT', 'https://api.test/f', {
        encoding: 'base64',
        data: Buffer.from(bytes).toString('base64'),
      }),
      recorded(1, 'PUT', 'https://api.test/f', { encoding: 'text', data: 'other' }),
    ],
    normalization,
  );
  expect(matcher.take('PUT', 'https://api.test/f', bytes)?.exchange.id).toBe(0);
});
