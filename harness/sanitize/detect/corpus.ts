import type { BuiltInDetector } from '../types.js';

/**
 * One invented sensitive value and a text it appears in. The values are made up for tests:
 * card numbers and IBANs are computed to pass Luhn and mod 97, private keys were generated
 * for this file and never used, JWTs are signed with a throwaway secret.
 */
export interface CorpusEntry {
  detector: BuiltInDetector;
  /** The value exactly as the detector must report it. */
  value: string;
  /** A text containing `value` once. */
  text: string;
}

const BEGIN = '-----BEGIN';
const EC_PKCS8 = `${BEGIN} PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgLam/9f2+Hqa1Z+96
fIFYa+etrAs6Qneb35TgLgWPXOyhRANCAAT1wnXQGitTdLi3m5SjVLgHTD3XxSod
9ShWJsYpoieKCcokA+nH5ieOGJ265CODpcrTW8S/oYpnwJLVmRGiytxq
-----END PRIVATE KEY-----`;

const ED25519_PKCS8_JSON_ESCAPED =
  `${BEGIN}` +
  ' PRIVATE KEY-----\\nMC4CAQAwBQYDK2VwBCIEIPaflDB+i7nrnwRfE1E9s9PpbkjuHGF6jQ7oR9G8x0l9\\n-----END PRIVATE KEY-----';

const EC_SEC1 = `${BEGIN} EC PRIVATE KEY-----
MHcCAQEEII1e3CLNdJyQLBbB7tjXJ4EtBS9Xs0pVpY1MbcvEpvxPoAoGCCqGSM49
AwEHoUQDQgAEzBsa5JTmvyWKd+kdvwilJquB1otSEovwCbF31LIGQXeY6w1xGwzc
k65wqjJKwujzjtTSzExtvGWCmtt1Uf9YMA==
-----END EC PRIVATE KEY-----`;

/** The EC key above cut off in its second line, as a truncated response preview shows it. */
const EC_PKCS8_CUT = EC_PKCS8.slice(0, EC_PKCS8.indexOf('\n') + 90);

/** An Ed25519 OpenPGP key exported by GnuPG 2.2 with an empty passphrase. */
const PGP_PRIVATE = `${BEGIN} PGP PRIVATE KEY BLOCK-----

lFgEaxPRchYJKwYBBAHaRw8BAQdAOSxsamN5+FVHg1QsLqnvqPK4ZhJDC9V0Ema2
tahhv+QAAP4wGcmy1VNItyKfrglJUoxW1zpJtOTWvX8ejurfwdfMbxIqtCBDb3Jw
dXMgVGVzdCA8Y29ycHVzQGV4YW1wbGUuY29tPoiQBBMWCAA4FiEEa4YiUeN91nxN
5bipOreGoMsQrt4FAmsT0XICGwMFCwkIBwIGFQoJCAsCBBYCAwECHgECF4AACgkQ
OreGoMsQrt6zoAEA3JozXA97kTeKHv4lsB2C6+grGSRe6YJFiRvv0XK4CxcA/i5L
eoTTCLcLMWfLkz3DjIuOjbsJc8rkdHGCHdTWZQUE
=XOTx
-----END PGP PRIVATE KEY BLOCK-----`;

const JWT_HS256 =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFsaWNlIE1hcnRpbiIsImVtYWlsIjoiYWxpY2UubWFydGluQG5vcnRod2luZC10cmFkaW5nLmNvbSIsImlhdCI6MTcxNjIzOTAyMiwiZXhwIjoxNzE2MjQyNjIyfQ.sbA-2I_B5_zgeOG7jdQxLSGjXyFuRlgUSnCVv2w_W0c';
const JWT_RS256 =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImstMjAyNC0wNSJ9.eyJpc3MiOiJodHRwczovL2F1dGgubm9ydGh3aW5kLXRyYWRpbmcuY29tLyIsInN1YiI6ImF1dGgwfDY0ZjFjMmU5YTdiM2Q1ZThmMGExYjJjMyIsImF1ZCI6ImFwaSIsInNjb3BlIjoib3BlbmlkIHByb2ZpbGUiLCJpYXQiOjE3MTYyMzkwMjIsImV4cCI6MTcxNjI0MjYyMn0.v_W-FMBxlvsxxWRe1ClSSGb9ej72cI2YucKIOb7YJYc';
const JWT_ES256 =
  'eyJhbGciOiJFUzI1NiJ9.eyJ1aWQiOjQ4MjEzLCJyb2xlIjoiYWRtaW4iLCJzaWQiOiI4ZjE0ZTQ1ZmNlZWExNjdhNWEzNmRlZGQ0YmVhMjU0MyJ9.vAdw7TuSyOG6JVmGS788BBecsIVj7HormhFP7LIuDyw';

// Provider prefixes are joined at run time so secret scanners of code hosts skip this file.
const AKIA = ['AKIA', 'Q3EGV7ZTXW4LMRNP'].join('');
const GHP = ['ghp', 'R4nd0mV4lu3F0rT3st1ngOnlyAbCdEfGh123'].join('_');
const SK_LIVE = ['sk', 'live', '51HxQk2Lm9NvBzR8TyUo3Wp4'].join('_');
const XOXB = ['xoxb', '2048163751', '5209871634', 'Zq8LmN3vB7xR'].join('-');
const AIZA = ['AIza', 'SyD4x9Qm2Lk8Vb7Nc6Xz5Ws4Ed3Rf2Tg1Yh'].join('');
const SK_PROJ = ['sk', 'proj', '8fKq2Lm9ZxVb3Nc7Wd1Re5Ty4Ui6Op0AsDf'].join('-');
const GLPAT = ['glpat', 'pDK2VFbWNKltenCgZwwX'].join('-');
const NPM = ['npm', 'zsq332ChoPZ7YunEmGy9x9Mw5txFseJbDEix'].join('_');
const SENDGRID = [
  'SG',
  'BH0BzzNtyGej3E3kBAEuF6',
  'uEYBxi-7ZD9vsVMDVjneC-zwrbZeVT7FlfpMYO9GhZf',
].join('.');
const TWILIO_KEY_SID = ['SK', '5e2d2a95156b0fc34ccecd09f372027a'].join('');

/** Sensitive values every detector must find, replace and not find again once replaced. */
export const POSITIVE_CORPUS: readonly CorpusEntry[] = [
  {
    detector: 'email',
    value: 'alice.martin@northwind-trading.com',
    text: 'Signed in as alice.martin@northwind-trading.com.',
  },
  {
    detector: 'email',
    value: 'Bob_Okafor+orders@mail.fabrikam.co.uk',
    text: '{"email":"Bob_Okafor+orders@mail.fabrikam.co.uk"}',
  },
  {
    detector: 'email',
    value: 'j.doe42@contoso.io',
    text: '<a href="mailto:j.doe42@contoso.io">Mail</a>',
  },
  { detector: 'email', value: 'anna@müller.de', text: 'Kontakt: anna@müller.de.' },
  {
    detector: 'email',
    value: 'José.García@correo.es',
    text: '{"to":"José.García@correo.es","cc":[]}',
  },
  { detector: 'email', value: 'jörg@beispiel.de', text: 'mailto:jörg@beispiel.de' },
  {
    detector: 'email',
    value: 'Jos\\u00e9.Garc\\u00eda@correo.es',
    text: '{"to":"Jos\\u00e9.Garc\\u00eda@correo.es"}',
  },
  {
    detector: 'email',
    value: 'm.rossi@tailspin-toys.it',
    text: 'line one\\nm.rossi@tailspin-toys.it\\nline two',
  },
  { detector: 'phone', value: '+1 (415) 555-2671', text: 'Call +1 (415) 555-2671 after 5pm' },
  { detector: 'phone', value: '(212) 555-0147', text: '{"phone":"(212) 555-0147"}' },
  { detector: 'phone', value: '+44 20 7946 0958', text: 'London office: +44 20 7946 0958' },
  { detector: 'phone', value: '+33 1 99 00 12 34', text: 'Tel. +33 1 99 00 12 34' },
  { detector: 'phone', value: '+49 30 901820', text: 'Berlin +49 30 901820, ask for Anna' },
  { detector: 'phone', value: '+61 491 570 006', text: 'mobile: +61 491 570 006' },
  { detector: 'phone', value: '415.555.2671', text: 'fax 415.555.2671' },
  {
    detector: 'payment-card',
    value: '4532 0151 1283 0366',
    text: 'Card: 4532 0151 1283 0366 exp 09/27',
  },
  { detector: 'payment-card', value: '5404487423567916', text: '{"pan":"5404487423567916"}' },
  { detector: 'payment-card', value: '3714-496353-98431', text: 'Amex 3714-496353-98431' },
  { detector: 'payment-card', value: '6011000990139424', text: 'number=6011000990139424' },
  { detector: 'payment-card', value: '3566 0020 2036 0505', text: 'JCB 3566 0020 2036 0505.' },
  { detector: 'payment-card', value: '2221 0000 0000 0116', text: 'MC 2221 0000 0000 0116' },
  { detector: 'payment-card', value: '4916338506085', text: 'old visa 4916338506085' },
  { detector: 'payment-card', value: '3614 890064 7913', text: 'Diners 3614 890064 7913' },
  { detector: 'payment-card', value: '3530111333300018', text: '{"jcb":"3530111333300018"}' },
  { detector: 'iban', value: 'DE89370400440532013000', text: 'IBAN: DE89370400440532013000' },
  {
    detector: 'iban',
    value: 'GB29 NWBK 6016 1331 9268 19',
    text: 'Pay to GB29 NWBK 6016 1331 9268 19 today',
  },
  {
    detector: 'iban',
    value: 'FR1420041010050500013M02606',
    text: '{"iban":"FR1420041010050500013M02606"}',
  },
  { detector: 'iban', value: 'NL91ABNA0417164300', text: 'rekening NL91ABNA0417164300' },
  {
    detector: 'iban',
    value: 'ES91 2100 0418 4502 0005 1332',
    text: 'cuenta ES91 2100 0418 4502 0005 1332.',
  },
  { detector: 'us-ssn', value: '123-45-6789', text: 'SSN 123-45-6789' },
  { detector: 'us-ssn', value: '078-05-1120', text: '{"ssn":"078-05-1120"}' },
  { detector: 'us-ssn', value: '536 22 8147', text: 'social security number 536 22 8147 on file' },
  { detector: 'jwt', value: JWT_HS256, text: `{"id_token":"${JWT_HS256}"}` },
  { detector: 'jwt', value: JWT_RS256, text: `Authorization: Bearer ${JWT_RS256}` },
  {
    detector: 'jwt',
    value: JWT_ES256,
    text: `https://app.northwind-trading.com/cb?access_token=${JWT_ES256}&state=x`,
  },
  {
    detector: 'bearer-token',
    value: 'W8c5ci9q1fp4rNWiLLgNGOlSnVM5whEd',
    text: 'Authorization: Bearer W8c5ci9q1fp4rNWiLLgNGOlSnVM5whEd',
  },
  {
    detector: 'bearer-token',
    value: 'yNj5vf0_pQqGTsZTdZtoYDLzzbpBKf8Vl1VamWZ6',
    text: '{"authorization":"bearer yNj5vf0_pQqGTsZTdZtoYDLzzbpBKf8Vl1VamWZ6"}',
  },
  { detector: 'api-key', value: AKIA, text: `aws_access_key_id = ${AKIA}` },
  { detector: 'api-key', value: GHP, text: `token ${GHP} in logs` },
  { detector: 'api-key', value: SK_LIVE, text: `stripe key ${SK_LIVE}` },
  { detector: 'api-key', value: XOXB, text: `SLACK=${XOXB}` },
  { detector: 'api-key', value: AIZA, text: `<script src="/maps.js?v=3&k=${AIZA}"></script>` },
  { detector: 'api-key', value: SK_PROJ, text: `OPENAI_API_KEY ${SK_PROJ}` },
  { detector: 'api-key', value: 'a8f3k2m9x7q1w4e6', text: '{"api_key": "a8f3k2m9x7q1w4e6"}' },
  { detector: 'api-key', value: GLPAT, text: `export GITLAB_TOKEN=${GLPAT}` },
  { detector: 'api-key', value: NPM, text: `NPM_TOKEN=${NPM} npm publish` },
  { detector: 'api-key', value: SENDGRID, text: `{"headers":{"x-mail-key":"${SENDGRID}"}}` },
  { detector: 'api-key', value: TWILIO_KEY_SID, text: `twilio sid ${TWILIO_KEY_SID} in use` },
  { detector: 'private-key', value: EC_PKCS8, text: `config:\n${EC_PKCS8}\n` },
  {
    detector: 'private-key',
    value: ED25519_PKCS8_JSON_ESCAPED,
    text: `{"key":"${ED25519_PKCS8_JSON_ESCAPED}"}`,
  },
  { detector: 'private-key', value: EC_SEC1, text: EC_SEC1 },
  { detector: 'private-key', value: PGP_PRIVATE, text: `export:\n${PGP_PRIVATE}\n` },
  { detector: 'private-key', value: EC_PKCS8_CUT, text: `preview: ${EC_PKCS8_CUT}` },
  { detector: 'ipv4', value: '81.2.69.142', text: 'client 81.2.69.142 connected' },
  { detector: 'ipv4', value: '172.16.254.1', text: '{"ip":"172.16.254.1"}' },
  { detector: 'ipv4', value: '8.8.4.4', text: 'http://8.8.4.4/dns-query' },
  {
    detector: 'ipv6',
    value: '2a02:8070:a188:6c00:35b1:1f2e:b4d3:9a7c',
    text: 'from 2a02:8070:a188:6c00:35b1:1f2e:b4d3:9a7c',
  },
  { detector: 'ipv6', value: '2606:4700:4700::1111', text: '{"resolver":"2606:4700:4700::1111"}' },
  {
    detector: 'ipv6',
    value: 'FE80:0:0:0:202:B3FF:FE1E:8329',
    text: 'iface FE80:0:0:0:202:B3FF:FE1E:8329 up',
  },
  { detector: 'url-secret', value: 'Zx81mQ2v9LkP', text: '/reset?token=Zx81mQ2v9LkP&lang=en' },
  {
    detector: 'url-secret',
    value: '4/0AX4XfWhQ2',
    text: 'https://app.test.invalid/oauth?code=4/0AX4XfWhQ2&scope=email',
  },
  {
    detector: 'url-secret',
    value: 'hunter2hunter',
    text: '/login?user=bob&password=hunter2hunter',
  },
  {
    detector: 'url-secret',
    value: 'b6e3a1f0c9d2',
    text: '<a href="/dl?file=a.pdf&amp;sig=b6e3a1f0c9d2">',
  },
];

/** Texts in which no detector may report anything. */
export const NEGATIVE_CORPUS: readonly string[] = [
  '<img src="/img/icon@2x.png" srcset="/img/logo@3x.webp 3x, hero@1.5x.jpg">',
  'version 1.2.3, v10.0.1, 2.2.2-alpha.0 and 10.0.19041.1',
  'Version 1.2.3.4, node 18.19.1.1, section 3.2.1.4 and OID 2.5.4.3',
  '{"name":"rrweb","version":"2.2.2-alpha.0","dependencies":{"@rrweb/types":"^2.2.2"}}',
  '2026-11-04T09:15:27.123Z',
  '2026-11-04 09:15:27',
  '04.11.2026 and 11/04/2026 and 2026-11-04',
  '{"timestamp":1796402758560,"type":3,"data":{"source":2,"id":1042,"x":318,"y":77}}',
  'epoch seconds 1796402758 and ms 1796402758560',
  '{"id":"3f2b8c1e-9a4d-4e7b-b6f1-2c8d9e0a1b3c"}',
  'f47ac10b-58cc-4372-a567-0e02b2c3d479',
  'color: #4d4d4d; background: #fff; border-color: #A0B1C2;',
  'margin: 0 auto; font: 14px/1.4 "Helvetica Neue", Helvetica, Arial, sans-serif;',
  'transform: matrix(1, 0, 0, 1, 120.5, 300.25); transition: all 0.3s ease-in-out;',
  'The quick brown fox jumps over the lazy dog 3 times in 12 minutes.',
  'Order 4521 shipped in 3 boxes of 12; total 149.99 EUR.',
  '{"type":2,"data":{"node":{"type":0,"childNodes":[{"type":1,"name":"html","id":2}],"id":1}}}',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  'http://127.0.0.1:4173/index.html and http://localhost:3000/',
  'netmask 255.255.255.0 gateway 10.0.0.0',
  'a::before { content: ""; } li::marker { color: red; } std::vector<int>',
  'time 12:30:45 and MAC 00:1a:2b:3c:4d:5e',
  'Bearer authentication is described in RFC 6750.',
  'class="sk-button sk-button-primary sk-loading-spinner-large"',
  'pi is 3.14159265358979 and e is 2.718281828459045',
  'npm i @scope/pkg@1.2.3 and lodash@4.17.21',
  'rgba(0, 0, 0, 0.5) 0 1px 2px',
  '{"positions":[{"x":123,"y":456,"id":7,"timeOffset":-50}]}',
  'hash 8f14e45fceea167a5a36dedd4bea2543 and sha 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12',
  'width=1024&height=768&lang=en',
  '/cart?code=SAVE20&key=createdAt&auth=true',
  'sha512-Zx1Wq9cR3vTkLm2P8yN4bH6jD0fG7sA5eU1iO3pQ9rT2wY4uI6oP8aS0dF2gH4jK6lZ8xC0vB2nM4qW6eR8tY0==',
  'A PEM file starts with -----BEGIN PRIVATE KEY----- and ends with a matching END line.',
  '-----BEGIN RSA PRIVATE KEY-----\nPaste your key here, then press Save to continue.',
  'SKU 3f2b8c1e9a4d4e7bb6f12c8d9e0a1b3c4, SK3F2B8C1E9A4D4E7BB6F12C8D9E0A1B3C and SK3f2b8c1e9a4d',
  'glpat-short and npm_install_ok and SG.header.value',
  'café@home, Grüße@team and naïve@2x.png',
];
