import { expect, test } from 'vitest';
import type { NetworkExchange } from '../../fixture/recording.js';
import { hasCodeExtension, isAppCode, isCodeContentType } from './app-code.js';

function recordedWith(headers: Record<string, string>): NetworkExchange {
  return {
    id: 0,
    initiator: 'xhr',
    request: { method: 'GET', url: 'http://localhost:3000/x', headers: {} },
    response: { status: 200, statusText: 'OK', headers },
    startedAt: 0,
    endedAt: 0,
    pageUrl: 'http://localhost:3000/',
  };
}

test('hasCodeExtension accepts code and markup files', () => {
  for (const path of ['/a.js', '/b.mjs', '/js/app.jsx', '/c.ts', '/d.TSX', '/e.css', '/f.html']) {
    expect(hasCodeExtension(path), path).toBe(true);
  }
  expect(hasCodeExtension('/views/list.htm')).toBe(true);
});

test('hasCodeExtension rejects data and extensionless paths', () => {
  for (const path of ['/learn.json', '/api/todos', '/', '/js.d/file', '/.js', '/img/bg.png']) {
    expect(hasCodeExtension(path), path).toBe(false);
  }
});

test('isCodeContentType reads the media type only', () => {
  expect(isCodeContentType('application/javascript; charset=utf-8')).toBe(true);
  expect(isCodeContentType('text/css')).toBe(true);
  expect(isCodeContentType('text/html')).toBe(true);
  expect(isCodeContentType('application/json')).toBe(false);
  expect(isCodeContentType('application/json; profile="text/html"')).toBe(false);
  expect(isCodeContentType(undefined)).toBe(false);
});

test('isAppCode uses the recorded content type', () => {
  expect(isAppCode('/partials/list', [recordedWith({ 'Content-Type': 'text/html' })])).toBe(true);
  expect(isAppCode('/api/todos', [recordedWith({ 'content-type': 'application/json' })])).toBe(
    false,
  );
  expect(isAppCode('/learn.json', [recordedWith({})])).toBe(false);
  expect(isAppCode('/js/app.jsx', [])).toBe(true);
});
