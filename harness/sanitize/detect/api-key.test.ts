import { describe, expect, it } from 'vitest';
import { apiKeyDetector, apiKeyPrefixLength } from './api-key.js';

function values(text: string): string[] {
  return apiKeyDetector.find(text).map((finding) => finding.value);
}

// Joined at run time so secret scanners of code hosts skip this file.
const join = (...parts: string[]): string => parts.join('');

describe('apiKeyDetector', () => {
  it.each([
    ['AWS', join('AKIA', 'Q3EGV7ZTXW4LMRNP')],
    ['AWS session', join('ASIA', 'Q3EGV7ZTXW4LMRNP')],
    ['GitHub', join('ghp_', 'R4nd0mV4lu3F0rT3st1ngOnlyAbCdEfGh123')],
    ['GitHub OAuth', join('gho_', 'R4nd0mV4lu3F0rT3st1ngOnlyAbCdEfGh123')],
    ['GitHub fine-grained', join('github_pat_', '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz')],
    ['Stripe secret', join('sk_live_', '51HxQk2Lm9NvBzR8TyUo3Wp4')],
    ['Stripe restricted', join('rk_live_', '51HxQk2Lm9NvBzR8TyUo3Wp4')],
    ['Stripe publishable', join('pk_live_', '51HxQk2Lm9NvBzR8TyUo3Wp4')],
    ['Slack', join('xoxp-', '2048163751-5209871634-Zq8LmN3vB7xR')],
    ['Google', join('AIza', 'SyD4x9Qm2Lk8Vb7Nc6Xz5Ws4Ed3Rf2Tg1Yh')],
    ['OpenAI', join('sk-', 'proj-8fKq2Lm9ZxVb3Nc7Wd1Re5Ty4Ui6Op0AsDf')],
    ['GitLab', join('glpat-', 'pDK2VFbWNKltenCgZwwX')],
    ['GitLab routable', join('glpat-', 'Zq8LmN3vB7xR2048163751abcdEFGH_-xyz0123.01.1a2b3c4d5')],
    ['npm', join('npm_', 'zsq332ChoPZ7YunEmGy9x9Mw5txFseJbDEix')],
    ['SendGrid', join('SG.', 'BH0BzzNtyGej3E3kBAEuF6.uEYBxi-7ZD9vsVMDVjneC-zwrbZeVT7FlfpMYO9GhZf')],
    ['Twilio', join('SK', '5e2d2a95156b0fc34ccecd09f372027a')],
  ])('finds a %s key', (_provider, key) => {
    expect(values(`key: ${key} end`)).toEqual([key]);
  });

  it.each([
    ['api_key=a8f3k2m9x7q1w4e6&x=1', 'a8f3k2m9x7q1w4e6'],
    ['{"apiKey": "Zk29aLm3Qx8bVt7C"}', 'Zk29aLm3Qx8bVt7C'],
    ["client_secret: 'v9Xq2Lm8Zt4Rb7Nc'", 'v9Xq2Lm8Zt4Rb7Nc'],
  ])('finds the assigned value in %s', (text, expected) => {
    expect(values(text)).toEqual([expected]);
  });

  it.each([
    'class="sk-button sk-button-primary sk-loading-spinner-large"',
    'api_key=YOUR_API_KEY_HERE',
    '{"apiKey": ""}',
    'secret_key: process.env.SECRET',
    join('glpat-', 'tooShort123'),
    join('npm_', 'zsq332ChoPZ7YunEmGy9x9Mw5txFseJbDEi'),
    join('SG.', 'BH0BzzNtyGej3E3kBAEuF6.uEYBxi-7ZD9vsVMDVjneC'),
    join('SK', '5E2D2A95156B0FC34CCECD09F372027A'),
    join('SK', '5e2d2a95156b0fc34ccecd09f372027'),
    join('SK', '5e2d2a95156b0fc34ccecd09f372027ab'),
    join('xSK', '5e2d2a95156b0fc34ccecd09f372027a'),
    join('SKU', '5e2d2a95156b0fc34ccecd09f372027a'),
  ])('finds nothing in %s', (text) => {
    expect(values(text)).toEqual([]);
  });

  // No prefix in these runs starts a word, so only the key after the run is a finding.
  it.each([
    ['axoxb-', join('xoxp-', '2048163751-5209871634-Zq8LmN3vB7xR')],
    ['ask-', join('sk-', 'proj-8fKq2Lm9ZxVb3Nc7Wd1Re5Ty4Ui6Op0AsDf')],
    ['aglpat-', join('glpat-', 'pDK2VFbWNKltenCgZwwX')],
    ['agithub_pat_', join('github_pat_', '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz')],
  ])('finds the key after a run of %s', (word, key) => {
    const run = word.repeat(50_000 / word.length);
    const text = `${run} ${key} end`;
    const start = run.length + 1;
    expect(apiKeyDetector.find(text)).toEqual([
      { detector: 'api-key', start, end: start + key.length, value: key },
    ]);
  });
});

describe('apiKeyPrefixLength', () => {
  it('returns the provider prefix length', () => {
    expect(apiKeyPrefixLength(join('sk_live_', 'abc'))).toBe(8);
  });

  it.each([
    [join('glpat-', 'pDK2VFbWNKltenCgZwwX'), 6],
    [join('npm_', 'zsq332ChoPZ7YunEmGy9x9Mw5txFseJbDEix'), 4],
    [join('SG.', 'BH0BzzNtyGej3E3kBAEuF6.uEYBxi'), 3],
    [join('SK', '5e2d2a95156b0fc34ccecd09f372027a'), 2],
  ])('returns the prefix length of %s', (key, length) => {
    expect(apiKeyPrefixLength(key)).toBe(length);
  });

  it('returns 0 without a known prefix', () => {
    expect(apiKeyPrefixLength('a8f3k2m9x7q1w4e6')).toBe(0);
  });
});
