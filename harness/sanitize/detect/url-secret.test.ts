import { describe, expect, it } from 'vitest';
import { findFieldSecrets, urlSecretDetector } from './url-secret.js';

function values(text: string): string[] {
  return [...urlSecretDetector.find(text), ...findFieldSecrets(text, { passwords: true })].map(
    (finding) => finding.value,
  );
}

describe('urlSecretDetector', () => {
  it.each([
    ['/reset?token=Zx81mQ2v9LkP&lang=en', 'Zx81mQ2v9LkP'],
    ['/cb#access_token=ya29.a0Af&expires_in=3599', 'ya29.a0Af'],
    ['/login?user=bob&password=hunter2hunter', 'hunter2hunter'],
    ['/app?sid=9f8e7d6c&tab=2', '9f8e7d6c'],
    ['/cb?code=QkFEQ09ERUZPUk9BVVRI', 'QkFEQ09ERUZPUk9BVVRI'],
    ['/dl?file=a.pdf&amp;sig=b6e3a1f0c9d2"', 'b6e3a1f0c9d2'],
    ['?API_KEY=abcd1234', 'abcd1234'],
    ['"url":"/s?session_id=9f8e7d6c\\u0026x=1"', '9f8e7d6c'],
    ['{"user":"bob","password":"hunter2"}', 'hunter2'],
    ['{"refresh_token": "rt-0a9b8c7d", "expires_in": 3600}', 'rt-0a9b8c7d'],
    ['login(email: "x@y.io", password: "pw123456")', 'pw123456'],
    ['{ \'apiKey\': "k-1234abcd" }', 'k-1234abcd'],
    ['{"otp":"482913"}', '482913'],
    ['/shop/cart;jsessionid=0A1B2C3D4E5F?item=5', '0A1B2C3D4E5F'],
    ['/a;JSESSIONID=9F8E7D6C.node0/b', '9F8E7D6C.node0'],
    [
      '/token?grant_type=authorization_code&code_verifier=dBjftJeZ4CVP-mB92K27',
      'dBjftJeZ4CVP-mB92K27',
    ],
  ])('finds the value in %s', (text, expected) => {
    expect(values(text)).toEqual([expected]);
  });

  it.each([
    'newPassword',
    'currentPassword',
    'oldPassword',
    'confirmPassword',
    'password_confirmation',
    'user_password',
    'passphrase',
    'api_token',
    'sessionToken',
    'session_token',
    'pass',
    '"x-api-key"',
    '"X-CSRF-Token"',
    "'clientSecret'",
  ])('finds the value of field %s', (name) => {
    expect(values(`{${name}: "s3cr3t-Value"}`)).toEqual(['s3cr3t-Value']);
  });

  it.each([
    '"cvv": "123"',
    '"cvc":"4321"',
    '"cvv2":"741"',
    '"securityCode":"741"',
    '"card_cvc":"741"',
    '"cardCvc":"741"',
    '"cvn":"741"',
  ])('finds the card code in %s', (text) => {
    expect(values(`{${text}}`)).toHaveLength(1);
  });

  it.each([
    ['?amount=1999&card[cvc]=743', '743'],
    ['amount=1999&cvv=737', '737'],
    ['/api?accessToken=Zk93jKLq8w2mP0aaXy7T', 'Zk93jKLq8w2mP0aaXy7T'],
    ['/api?refreshToken=rt-0a9b8c7d', 'rt-0a9b8c7d'],
    ['/api?sessionToken=st-0a9b8c7d', 'st-0a9b8c7d'],
    ['/api?apiToken=at-0a9b8c7d', 'at-0a9b8c7d'],
    ['/x?PHPSESSID=9f8e7d6c5b4a', '9f8e7d6c5b4a'],
    ['/x?ASP.NET_SessionId=9f8e7d6c5b4a', '9f8e7d6c5b4a'],
    ['/x?subscription-key=8f14e45fceea167a', '8f14e45fceea167a'],
    ['item=milk&authenticity_token=Qm9va3MhT2s9', 'Qm9va3MhT2s9'],
    ['/x?new_password=x7Gq2mLp9', 'x7Gq2mLp9'],
  ])('finds the parameter value in %s', (text, expected) => {
    expect(values(text)).toEqual([expected]);
  });

  it.each([
    '?token=true',
    '?accessToken=null',
    '?card[cvc]=abc',
    '?cvv=12',
    '?ticket=TCK-2024-1',
    '?forgot-password=requested&top_secret=visible',
    '?product[code]=SKU-2024-001&sort[key]=created_at_2024',
    '?S_ID=page42abc',
    '?otp=disabled&jwt=disabled&pass=weekend',
    '?pageToken=cursor-0042',
    '{"securityCode":"SC-UNLOCK"}',
  ])('keeps the parameter value in %s', (text) => {
    expect(values(text)).toEqual([]);
  });

  it.each([
    ["{ password: 'hunter2hunter' }", 'hunter2hunter'],
    ['{ apiKey: `k-1234abcd` }', 'k-1234abcd'],
  ])('finds the quoted value in %s', (text, expected) => {
    expect(values(text)).toEqual([expected]);
  });

  it.each([
    'pageToken',
    'nextPageToken',
    'continuationToken',
    'key',
    'code',
    'id',
    'pin',
    'monkey',
    'passwordHint',
    'sessionCount',
  ])('keeps the value of field %s', (name) => {
    expect(values(`{${name}: "s3cr3t-Value"}`)).toEqual([]);
  });

  it.each([
    'width=1024&height=768&lang=en',
    '/search?q=token&page=2',
    '?code=US',
    '/cart?code=SAVE20&key=createdAt&auth=true&session=guest',
    '/items?key=name%2Casc&code=SAVE%2010',
    'token=abc123 without a delimiter before',
    '{"pageToken":"cursor-0042","code":"E_NOT_FOUND","key":"todo-1"}',
    '{"user_password":"x","password":"abc"}',
    '"password": 123456',
    '{ password: `${prefix}-1234` }',
    '{"cvv":"12"}',
    '{"password":"Password","forgotPassword":"Forgot password?","newPassword":"Passwort:"}',
  ])('finds nothing in %s', (text) => {
    expect(values(text)).toEqual([]);
  });

  // Each value in these runs contains the rest of the run, the token included.
  it.each(['?a=', ';a='])('finds a token after a run of %s', (parameter) => {
    const run = parameter.repeat(20_000);
    const text = `${run}?token=Zx81mQ2v9LkP`;
    const start = run.length + '?token='.length;
    expect(urlSecretDetector.find(text)).toEqual([
      { detector: 'url-secret', start, end: text.length, value: 'Zx81mQ2v9LkP' },
    ]);
  });
});

describe('findFieldSecrets without passwords', () => {
  it('keeps password fields and finds the secrets beside them', () => {
    const text = JSON.stringify({
      password: 'hunter2hunter2',
      smtpPassword: 'abc12345',
      totpSecret: 'JBSWY3DPEHPK3PXP',
      compassApiKey: 'ck-91f0e2d3',
    });
    const values = findFieldSecrets(text, { passwords: false }).map((finding) => finding.value);
    expect(values).toEqual(['JBSWY3DPEHPK3PXP', 'ck-91f0e2d3']);
  });
});
