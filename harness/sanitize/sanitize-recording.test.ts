import { describe, expect, it } from 'vitest';
import { h, RrwebStream } from '../compile/testing/rrweb-stream.js';
import type { Recording } from '../fixture/recording.js';
import { auditRecording } from './audit.js';
import { NEGATIVE_CORPUS, POSITIVE_CORPUS } from './detect/corpus.js';
import { sanitizeRecording } from './sanitize-recording.js';
import { CORPUS_LOCATIONS, corpusRecording } from './testing/corpus-recording.js';
import { keyFieldRecording } from './testing/key-field-recording.js';
import { createTextSanitizer } from './text-sanitizer.js';
import type { SanitizeRules } from './types.js';

const KEY = Buffer.alloc(32, 7);

function sanitize(recording: Recording, rules?: SanitizeRules): Recording {
  return sanitizeRecording(recording, {
    text: createTextSanitizer({ key: KEY, rules }),
    ...(rules ? { rules } : {}),
  });
}

/** Returns every form in which a value could survive in the output bytes. */
function encodingsOf(value: string): string[] {
  return [
    value,
    JSON.stringify(value).slice(1, -1),
    encodeURIComponent(value),
    encodeURIComponent(value).replace(/%20/g, '+'),
  ];
}

/** Returns the output as JSON text, plus every base64 body decoded, where a value could hide too. */
function outputTexts(recording: Recording): string[] {
  const decoded = recording.network.flatMap((exchange) =>
    [exchange.request.body, exchange.response?.body]
      .filter((body) => body?.encoding === 'base64')
      .map((body) => Buffer.from(body!.data, 'base64').toString('utf8')),
  );
  return [JSON.stringify(recording), ...decoded];
}

/** Returns the values of the Input events of a recording, in order. */
const inputsOf = (recording: Recording) =>
  recording.events.flatMap((event) =>
    event.type === 3 && event.data.source === 5 ? [event.data.text] : [],
  );

describe('sanitizeRecording on the labelled corpus', () => {
  it('covers every location', () => {
    expect(CORPUS_LOCATIONS.length).toBeGreaterThan(10);
  });

  it.each(POSITIVE_CORPUS.map((entry, index) => [`${entry.detector} #${index}`, entry] as const))(
    'replaces %s in every location',
    (_name, entry) => {
      const input = corpusRecording(entry.text);
      const inputBytes = JSON.stringify(input);
      const output = sanitize(input);

      for (const text of outputTexts(output)) {
        for (const form of encodingsOf(entry.value)) {
          expect(text.includes(form), `${JSON.stringify(form)} left in the output`).toBe(false);
        }
      }
      const report = auditRecording('corpus', output, createTextSanitizer({ key: KEY }));
      expect(report.findings).toEqual([]);
      const detectors = Object.keys(output.sanitization?.counts ?? {}).map(
        (key) => key.split('/')[0],
      );
      expect(detectors).toContain(entry.detector);
      expect(detectors).toContain('credential-header');
      expect(JSON.stringify(input), 'the input recording was changed').toBe(inputBytes);
    },
  );

  it('finds the corpus values in the unsanitized recording', () => {
    for (const entry of POSITIVE_CORPUS) {
      const report = auditRecording(
        'raw',
        corpusRecording(entry.text),
        createTextSanitizer({ key: KEY }),
      );
      const detectors = new Set(report.findings.map((finding) => finding.detector));
      expect(detectors.has(entry.detector), entry.text).toBe(true);
    }
  });

  it.each(NEGATIVE_CORPUS.map((text) => [text]))('leaves %s unchanged', (text) => {
    const input = corpusRecording(text, { credentials: false });
    const output = sanitize(input);

    expect(JSON.stringify(output.events)).toBe(JSON.stringify(input.events));
    expect(JSON.stringify(output.network)).toBe(JSON.stringify(input.network));
    expect(output.meta).toEqual(input.meta);
    expect(output.sanitization?.counts).toEqual({});
  });
});

describe('sanitizeRecording consistency', () => {
  const email = 'dana.whitfield@harborline-freight.com';

  it('gives a value one pseudonym in the DOM, input, URLs and bodies', () => {
    const output = sanitize(corpusRecording(email));
    const pseudonym = createTextSanitizer({ key: KEY }).sanitize(email, 'test');
    expect(pseudonym).not.toBe(email);

    const snapshot = JSON.stringify(output.events.find((event) => event.type === 2));
    expect(snapshot).toContain(`"title":"${pseudonym}"`);
    expect(snapshot).toContain(
      `/users/${encodeURIComponent(pseudonym)}?q=${encodeURIComponent(pseudonym)}`,
    );
    const inputs = output.events.flatMap((event) =>
      event.type === 3 && event.data.source === 5 ? [event.data.text] : [],
    );
    expect(inputs.at(-2)).toBe(pseudonym);
    expect(output.network[0]?.request.url).toContain(
      `/users/${encodeURIComponent(pseudonym)}/orders`,
    );
    expect(JSON.parse(output.network[0]?.response?.body?.data ?? '{}')).toEqual({
      note: pseudonym,
      list: [{ note: pseudonym }],
      count: 3,
    });
    expect(output.network[1]?.request.body?.data).toBe(
      `note=${encodeURIComponent(pseudonym)}&kind=plain`,
    );
  });

  it('types the pseudonym character by character', () => {
    const output = sanitize(corpusRecording(email));
    const inputs = output.events.flatMap((event) =>
      event.type === 3 && event.data.source === 5 ? [event.data.text] : [],
    );
    const typed = inputs.slice(0, -1);
    const final = typed.at(-1)!;
    expect(typed).toHaveLength(email.length);
    typed.forEach((value, index) => {
      expect(final.startsWith(value), `step ${index}: ${value}`).toBe(true);
      expect(value.length).toBeLessThanOrEqual(final.length);
    });
    expect(typed[email.indexOf('@')]).toBe(final.slice(0, final.indexOf('@') + 1));
    expect(inputs.at(-1)).toBe('');
  });
});

describe('sanitizeRecording payload keys', () => {
  const email = 'lara.croft@tomb-raiders.net';

  function withKeyedPayload(): Recording {
    const recording = corpusRecording('plain words', { credentials: false });
    const timestamp = recording.events.at(-1)!.timestamp + 1;
    recording.events.push({
      type: 5,
      timestamp,
      data: { tag: 'app.index', payload: { usersByEmail: { [email]: { id: 1 } } } },
    } as Recording['events'][number]);
    return recording;
  }

  it('audits an e-mail address used as a key', () => {
    const report = auditRecording('raw', withKeyedPayload(), createTextSanitizer({ key: KEY }));
    expect(report.findings.map((finding) => finding.path)).toEqual([
      `events[${withKeyedPayload().events.length - 1}].data.payload.usersByEmail["la***********************et"] (key)`,
    ]);
  });

  it('replaces the key and keeps its value', () => {
    const output = sanitize(withKeyedPayload());
    const payload = (output.events.at(-1)!.data as { payload: { usersByEmail: object } }).payload;
    const keys = Object.keys(payload.usersByEmail);
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toBe(email);
    expect(keys[0]).toMatch(/@/);
    expect(Object.values(payload.usersByEmail)).toEqual([{ id: 1 }]);
    expect(auditRecording('out', output, createTextSanitizer({ key: KEY })).findings).toEqual([]);
  });
});

describe('sanitizeRecording typed echoes', () => {
  const email = 'tomas.reeve@quillpost.org';
  const steps = [...email].map((_, index) => email.slice(0, index + 1));
  /** Steps that page text echoes: six characters or more, with more than letters and a `.`. */
  const isEchoed = (step: string) =>
    step.length >= 6 && /[^\p{L}]/u.test(step.replace(/[.\-:]+$/, ''));

  /** Builds a search field that shows each prefix in a preview and sends it to an API. */
  function searchAsYouType(): Recording {
    const stream = new RrwebStream();
    const refs = stream.page(
      'http://127.0.0.1:4173/app/',
      h('input', { ref: 'field', type: 'text' }),
      h('p', { ref: 'preview' }, 'x'),
    );
    for (const step of steps) {
      stream.wait(50).input(refs.field!, step, { userTriggered: true });
      stream.setText(refs.preview! + 1, step);
    }
    const recording = stream.recording('typed echoes');
    // Each request leaves 10 ms after the key that typed its text.
    const typedAt = recording.events.flatMap((event) =>
      event.type === 3 && event.data.source === 5 ? [event.timestamp] : [],
    );
    recording.network = steps.map((step, id) => ({
      id,
      initiator: 'fetch',
      startedAt: typedAt[id]! + 10,
      endedAt: typedAt[id]! + 20,
      pageUrl: 'http://127.0.0.1:4173/app/',
      request: {
        method: 'GET',
        url: `http://127.0.0.1:4173/api/lookup?q=${encodeURIComponent(step)}&limit=5`,
        headers: {},
      },
      response: {
        status: 200,
        statusText: 'OK',
        headers: { 'content-type': 'application/json' },
        body: { encoding: 'text', data: JSON.stringify({ q: step, hits: [] }) },
      },
    }));
    return recording;
  }

  it('replaces the echoes of typed prefixes', () => {
    const output = sanitize(searchAsYouType());
    const typed = output.events.flatMap((event) =>
      event.type === 3 && event.data.source === 5 ? [event.data.text] : [],
    );
    const texts = output.events.flatMap((event) =>
      event.type === 3 && event.data.source === 0 ? event.data.texts.map((text) => text.value) : [],
    );
    const queries = output.network.map((exchange) =>
      new URL(exchange.request.url).searchParams.get('q'),
    );
    const echoes = output.network.map(
      (exchange) => (JSON.parse(exchange.response!.body!.data) as { q: string }).q,
    );

    for (const [index, step] of steps.entries()) {
      expect(queries[index], step).toBe(typed[index]);
      if (isEchoed(step)) {
        expect(typed[index], step).not.toBe(step);
        expect(texts[index], step).toBe(typed[index]);
        expect(echoes[index], step).toBe(typed[index]);
      }
    }
    expect(JSON.stringify(output)).not.toContain('tomas.reeve');
    expect(output.network.every((exchange) => exchange.request.url.endsWith('&limit=5'))).toBe(
      true,
    );
  });

  it('replaces typed prefixes inside longer text', () => {
    const stream = new RrwebStream();
    const refs = stream.page(
      'http://127.0.0.1:4173/app/',
      h('input', { ref: 'field', type: 'text' }),
      h('p', { ref: 'status' }, 'x'),
    );
    for (const step of steps) {
      stream.wait(50).input(refs.field!, step, { userTriggered: true });
      stream.setText(refs.status! + 1, `Results for ${step} (3)`);
    }
    const output = sanitize(stream.recording('prefix in a sentence'));
    const typed = output.events.flatMap((event) =>
      event.type === 3 && event.data.source === 5 ? [event.data.text] : [],
    );
    const texts = output.events.flatMap((event) =>
      event.type === 3 && event.data.source === 0 ? event.data.texts.map((text) => text.value) : [],
    );

    for (const [index, step] of steps.entries()) {
      if (isEchoed(step)) {
        expect(texts[index], step).toBe(`Results for ${typed[index]} (3)`);
      }
    }
    expect(JSON.stringify(output)).not.toContain('tomas.r');
  });

  it('replaces percent-encoded echoes in page text', () => {
    const stream = new RrwebStream();
    const refs = stream.page(
      'http://127.0.0.1:4173/app/',
      h('input', { ref: 'field', type: 'text' }),
      h('pre', { ref: 'url' }, 'x'),
    );
    for (const step of steps) {
      stream.wait(50).input(refs.field!, step, { userTriggered: true });
      stream.setText(refs.url! + 1, `GET /api/lookup?q=${encodeURIComponent(step)}`);
    }
    const output = sanitize(stream.recording('request URL shown'));
    const typed = inputsOf(output);
    const texts = output.events.flatMap((event) =>
      event.type === 3 && event.data.source === 0 ? event.data.texts.map((text) => text.value) : [],
    );

    for (const [index, step] of steps.entries()) {
      if (isEchoed(step)) {
        expect(texts[index], step).toBe(`GET /api/lookup?q=${encodeURIComponent(typed[index]!)}`);
      }
    }
  });

  it('replaces echoes in URL path segments', () => {
    const recording = searchAsYouType();
    for (const [index, exchange] of recording.network.entries()) {
      exchange.request.url = `http://127.0.0.1:4173/api/search/${encodeURIComponent(steps[index]!)}`;
    }
    const output = sanitize(recording);
    const typed = inputsOf(output);

    for (const [index, step] of steps.entries()) {
      if (isEchoed(step)) {
        expect(output.network[index]!.request.url, step).toBe(
          `http://127.0.0.1:4173/api/search/${encodeURIComponent(typed[index]!)}`,
        );
      }
    }
  });

  it('replaces echoes in responses after more typing', () => {
    const recording = searchAsYouType();
    for (const exchange of recording.network) {
      const q = new URL(exchange.request.url).searchParams.get('q');
      exchange.response!.body!.data = JSON.stringify({ heading: `Results for ${q}` });
    }
    const later = new RrwebStream(recording.events.at(-1)!.timestamp + 60_000);
    later.typeText(recording.events.length + 100, 'bo.kerr@mailbox.org');
    recording.events.push(...later.events);
    const output = sanitize(recording);

    expect(JSON.stringify(output.network)).not.toContain('tomas.r');
  });

  it('keeps page words typed on the way to an address', () => {
    const stream = new RrwebStream();
    const refs = stream.page(
      'http://127.0.0.1:4173/app/',
      h('input', { ref: 'field', type: 'text' }),
      h('p', { ref: 'help' }, 'x'),
    );
    stream.typeText(refs.field!, 'support@quill.net');
    stream.setText(refs.help! + 1, 'Ask our support team.');
    const output = sanitize(stream.recording('support words'));

    expect(JSON.stringify(output.events)).toContain('Ask our support team.');
  });

  /** Returns an exchange that requests `url` at `startedAt`, with an empty JSON response. */
  function request(id: number, url: string, startedAt: number): Recording['network'][number] {
    return {
      id,
      initiator: 'fetch',
      startedAt,
      endedAt: startedAt + 10,
      pageUrl: 'http://127.0.0.1:4173/app/',
      request: { method: 'GET', url, headers: {} },
      response: {
        status: 200,
        statusText: 'OK',
        headers: {},
        body: { encoding: 'text', data: '' },
      },
    };
  }

  it('keeps a short value requested long after the typing', () => {
    const stream = new RrwebStream();
    const refs = stream.page(
      'http://127.0.0.1:4173/app/',
      h('input', { ref: 'ssn', type: 'text' }),
    );
    stream.typeText(refs.ssn!, '123-45-6789');
    const recording = stream.recording('short echo');
    const typedAt = recording.events.at(-1)!.timestamp;
    recording.network = [
      request(0, 'http://127.0.0.1:4173/api/check?v=1', typedAt + 10),
      request(1, 'http://127.0.0.1:4173/api/items?page=1', typedAt + 60_000),
    ];
    const output = sanitize(recording);
    const firstStep = output.events.find(
      (event) => event.type === 3 && event.data.source === 5,
    ) as { data: { text: string } };

    expect(firstStep.data.text).not.toBe('1');
    expect(output.network[0]!.request.url).toBe(
      `http://127.0.0.1:4173/api/check?v=${firstStep.data.text}`,
    );
    expect(output.network[1]!.request.url).toBe('http://127.0.0.1:4173/api/items?page=1');
  });

  it('takes the replacement typed last before the echo', () => {
    const stream = new RrwebStream();
    const refs = stream.page(
      'http://127.0.0.1:4173/app/',
      h('input', { ref: 'first', type: 'text' }),
      h('input', { ref: 'second', type: 'text' }),
    );
    stream.typeText(refs.first!, 'ann.lowe@quillmail.com');
    const recording = stream.recording('two fields');
    const firstDone = recording.events.at(-1)!.timestamp;
    const more = new RrwebStream(firstDone + 1_000);
    more.typeText(refs.second!, 'ann.lopez@mailbox.org');
    recording.events.push(...more.events);
    recording.network = [request(0, 'http://127.0.0.1:4173/api/s?q=ann.lo', firstDone + 10)];
    const output = sanitize(recording);
    const typedFirst = output.events
      .filter((event) => event.type === 3 && event.data.source === 5)
      .map((event) => (event.data as { text: string }).text);

    expect(output.network[0]!.request.url).toBe(
      `http://127.0.0.1:4173/api/s?q=${encodeURIComponent(typedFirst[5]!)}`,
    );
  });
});

describe('sanitizeRecording keys sent as credentials', () => {
  const key = 'kq83hf9slx02mz7w';

  const keyField = (paste: boolean, request: Recording['network'][number]['request']) =>
    keyFieldRecording(key, request, paste ? 'pasted' : 'typed');

  it('replaces a typed key sent in a header', () => {
    const output = sanitize(
      keyField(false, {
        method: 'GET',
        url: 'http://127.0.0.1:4173/api/me',
        headers: { 'x-api-key': key },
      }),
    );

    expect(JSON.stringify(output)).not.toContain(key.slice(0, 4));
    expect(inputsOf(output).at(-1)).toBe(output.network[0]!.request.headers['x-api-key']);
  });

  it('replaces a pasted key sent as a bearer token', () => {
    const output = sanitize(
      keyField(true, {
        method: 'GET',
        url: 'http://127.0.0.1:4173/api/me',
        headers: { Authorization: `Bearer ${key}` },
      }),
    );

    expect(JSON.stringify(output)).not.toContain(key.slice(0, 4));
  });

  it('sends each step of a key checked as it is typed', () => {
    const recording = keyFieldRecording(key, {
      method: 'GET',
      url: 'http://127.0.0.1:4173/api/me',
      headers: {},
    });
    const steps = recording.events.filter((event) => event.type === 3 && event.data.source === 5);
    recording.network = steps.map((event, id) => ({
      ...recording.network[0]!,
      id,
      startedAt: event.timestamp + 10,
      endedAt: event.timestamp + 20,
      request: {
        method: 'GET',
        url: 'http://127.0.0.1:4173/api/check',
        headers: { 'x-api-key': (event.data as { text: string }).text },
      },
    }));
    recording.network.push({
      ...recording.network.at(-1)!,
      id: steps.length,
      request: {
        method: 'GET',
        url: 'http://127.0.0.1:4173/api/me',
        headers: { 'x-api-key': key },
      },
    });
    const output = sanitize(recording);
    const typed = inputsOf(output);
    const sent = output.network.map((exchange) => exchange.request.headers['x-api-key']);

    expect(JSON.stringify(output)).not.toContain(key.slice(0, 8));
    expect(sent.slice(7, steps.length)).toEqual(typed.slice(7, steps.length));
  });

  it('replaces a key pasted with spaces around it', () => {
    const recording = keyFieldRecording(
      `  ${key} `,
      { method: 'GET', url: 'http://127.0.0.1:4173/api/me', headers: { 'x-api-key': key } },
      'pasted',
    );
    const output = sanitize(recording);

    expect(JSON.stringify(output)).not.toContain(key.slice(0, 4));
    expect(inputsOf(output).at(-1)).toBe(`  ${output.network[0]!.request.headers['x-api-key']} `);
  });

  it('replaces a key typed after many prefilled fields', () => {
    const recording = keyFieldRecording(key, {
      method: 'GET',
      url: 'http://127.0.0.1:4173/api/me',
      headers: { 'x-api-key': key },
    });
    const prefilled = new RrwebStream(recording.events[0]!.timestamp);
    for (let field = 0; field < 80; field++) {
      prefilled.input(500 + field, `prefilled${field}value`, { userTriggered: false });
    }
    recording.events.splice(2, 0, ...prefilled.events);
    const output = sanitize(recording);

    expect(JSON.stringify(output)).not.toContain(key.slice(0, 4));
  });

  it('replaces a basic password that a response echoes', () => {
    const recording = keyFieldRecording('plain words', {
      method: 'GET',
      url: 'http://127.0.0.1:4173/api/me',
      headers: { Authorization: `Basic ${btoa('jdoe:Tr0ub4dor-x9q')}` },
    });
    recording.network[0]!.response = {
      status: 200,
      statusText: 'OK',
      headers: { 'content-type': 'text/plain' },
      body: { encoding: 'text', data: 'Hello jdoe, your password Tr0ub4dor-x9q is weak' },
    };
    const output = sanitize(recording);

    expect(output.network[0]!.response!.body!.data).not.toContain('Tr0ub4dor');
    expect(output.network[0]!.response!.body!.data).toMatch(
      /^Hello jdoe, your password \S+ is weak$/,
    );
  });

  it('replaces echoes of the first 64 basic passwords', () => {
    const passwords = Array.from({ length: 65 }, (_, index) => `Tr0ub4dor-x9q${index}z`);
    const recording = keyFieldRecording('plain words', {
      method: 'GET',
      url: 'http://127.0.0.1:4173/api/me',
      headers: {},
    });
    const template = recording.network[0]!;
    recording.network = passwords.map((password, index) => ({
      ...template,
      id: index,
      request: {
        ...template.request,
        headers: { Authorization: `Basic ${btoa(`u:${password}`)}` },
      },
      response: {
        status: 200,
        statusText: 'OK',
        headers: { 'content-type': 'text/plain' },
        body: { encoding: 'text', data: `Your password ${password} is weak` },
      },
    }));
    const bodies = sanitize(recording).network.map((exchange) => exchange.response!.body!.data);

    expect(bodies.slice(0, 64).filter((body) => body.includes('Tr0ub4dor'))).toEqual([]);
    // Later passwords are not looked for, which bounds the search of every text.
    expect(bodies[64]).toContain(passwords[64]);
  });

  it('keeps a basic password that is a word', () => {
    const recording = keyFieldRecording('plain words', {
      method: 'GET',
      url: 'http://127.0.0.1:4173/api/me',
      headers: { Authorization: `Basic ${btoa('admin:password')}` },
    });
    recording.network[0]!.response = {
      status: 200,
      statusText: 'OK',
      headers: { 'content-type': 'text/plain' },
      body: { encoding: 'text', data: 'Choose a strong password.' },
    };
    const output = sanitize(recording);

    expect(output.network[0]!.response!.body!.data).toBe('Choose a strong password.');
  });

  it('replaces the key wherever it is shown', () => {
    const recording = keyField(false, {
      method: 'GET',
      url: 'http://127.0.0.1:4173/api/me',
      headers: { 'x-api-key': key },
    });
    const later = new RrwebStream(recording.events.at(-1)!.timestamp + 20_000);
    later.setText(2, `Your key: ${key}`);
    recording.events.push(...later.events);
    recording.network[0]!.response = {
      status: 200,
      statusText: 'OK',
      headers: { 'content-type': 'application/json' },
      body: { encoding: 'text', data: JSON.stringify({ note: `Key ${key} (active)` }) },
    };
    recording.meta.url = `http://127.0.0.1:4173/keys/${key}/rotate`;
    const output = sanitize(recording);

    expect(JSON.stringify(output)).not.toContain(key.slice(0, 4));
    const replaced = output.network[0]!.request.headers['x-api-key']!;
    expect(output.network[0]!.response!.body!.data).toContain(`Key ${replaced} (active)`);
  });

  it('keeps a value sent as a search query', () => {
    const output = sanitize(
      keyField(false, {
        method: 'GET',
        url: `http://127.0.0.1:4173/api/search?q=${key}`,
        headers: {},
      }),
    );

    expect(inputsOf(output).at(-1)).toBe(key);
  });
});

describe('sanitizeRecording erased typing', () => {
  it.each(['4539 1488 0343 6467', '4111 1111 1111 1111'])(
    'passes the audit after %s is erased',
    (card) => {
      const stream = new RrwebStream();
      const refs = stream.page('http://127.0.0.1:4173/', h('input', { ref: 'card', type: 'text' }));
      const steps = [...card].map((_, index) => card.slice(0, index + 1));
      for (const step of [...steps, ...[...steps].reverse().slice(1), '']) {
        stream.wait(50).input(refs.card!, step, { userTriggered: true });
      }
      const output = sanitize(stream.recording('erased card'));

      expect(auditRecording('out', output, createTextSanitizer({ key: KEY })).findings).toEqual([]);
      expect(JSON.stringify(output)).not.toContain(card.slice(0, 9));
    },
  );
});
