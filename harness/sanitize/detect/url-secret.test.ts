import { describe, expect, it } from 'vitest';
import { urlSecretDetector } from './url-secret.js';

function values(text: string): string[] {
  return urlSecretDetector.find(text).map((finding) => finding.value);
}

describe('urlSecretDetector', () => {
  it.each([
    ['/reset?token=Zx81mQ2v9LkP&lang=en', 'Zx81mQ2v9LkP'],
    ['/cb#access_token=ya29.a0Af&expires_in=3599', 'ya29.a0Af'],
    ['/login?user=bob&password=hunter2hunter', 'hunter2hunter'],
    ['/dl?file=a.pdf&amp;sig=b6e3a1f0c9d2"', 'b6e3a1f0c9d2'],
    ['?API_KEY=abcd1234', 'abcd1234'],
    ['"url":"/s?session_id=9f8e7d6c\\u0026x=1"', '9f8e7d6c'],
    ['{"user":"bob","password":"hunter2"}', 'hunter2'],
    ['{"refresh_token": "rt-0a9b8c7d", "expires_in": 3600}', 'rt-0a9b8c7d'],
    ['login(email: "x@y.io", password: "pw123456")', 'pw123456'],
    ["{ 'apiKey': \"k-1234abcd\" }", 'k-1234abcd'],
    ['{"otp":"482913"}', '482913'],
  ])('finds the value in %s', (text, expected) => {
    expect(values(text)).toEqual([expected]);
  });

  it.each([
    'width=1024&height=768&lang=en',
    '/search?q=token&page=2',
    '?code=US',
    'token=abc123 without a delimiter before',
    '{"pageToken":"cursor-0042","code":"E_NOT_FOUND","key":"todo-1"}',
    '{"user_password":"x","password":"abc"}',
    '"password": 123456',
  ])('finds nothing in %s', (text) => {
    expect(values(text)).toEqual([]);
  });
});
