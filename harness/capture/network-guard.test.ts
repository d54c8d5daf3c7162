import { describe, expect, it } from 'vitest';
import { isChromiumServiceUrl, isLoopbackUrl } from './network-guard.js';

describe('isLoopbackUrl', () => {
  it.each([
    ['http://127.0.0.1:4173/', true],
    ['http://localhost/app', true],
    ['http://[::1]:8080/', true],
    ['https://petstore.example.test/v1', false],
    ['http://127.0.0.1.example.test/', false],
    ['not a url', false],
  ])('classifies %s', (url, expected) => {
    expect(isLoopbackUrl(url)).toBe(expected);
  });
});

describe('isChromiumServiceUrl', () => {
  it('matches exact service hosts only', () => {
    expect(isChromiumServiceUrl('https://update.googleapis.com:443/')).toBe(true);
    expect(isChromiumServiceUrl('https://fonts.googleapis.com/css')).toBe(false);
    expect(isChromiumServiceUrl('garbage')).toBe(false);
  });
});
