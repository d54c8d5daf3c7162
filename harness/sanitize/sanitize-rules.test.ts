import { EventType, IncrementalSource, type eventWithTime } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import { h, RrwebStream } from '../compile/testing/rrweb-stream.js';
import { CUSTOM_EVENT_TAGS, type NetworkExchange, type Recording } from '../fixture/recording.js';
import { UsageError } from '../shared/errors.js';
import { auditRecording } from './audit.js';
import { compileRules } from './rules.js';
import { sanitizeRecording } from './sanitize-recording.js';
import { createTextSanitizer } from './text-sanitizer.js';
import type { SanitizeRules } from './types.js';

const KEY = Buffer.alloc(32, 9);

function sanitize(recording: Recording, rules?: SanitizeRules): Recording {
  return sanitizeRecording(recording, {
    text: createTextSanitizer({ key: KEY, ...(rules ? { rules } : {}) }),
    ...(rules ? { rules } : {}),
  });
}

function inputTexts(events: eventWithTime[], id: number): string[] {
  return events.flatMap((event) =>
    event.type === EventType.IncrementalSnapshot &&
    event.data.source === IncrementalSource.Input &&
    event.data.id === id
      ? [event.data.text]
      : [],
  );
}

interface SnapshotNode {
  attributes?: Record<string, unknown>;
  textContent?: string;
  childNodes?: SnapshotNode[];
}

/** Returns the text of the first element with class `className` in a serialized DOM. */
function textOfElement(node: SnapshotNode, className: string): string | undefined {
  if (node.attributes?.class === className) {
    return node.childNodes?.[0]?.textContent;
  }
  for (const child of node.childNodes ?? []) {
    const text = textOfElement(child, className);
    if (text !== undefined) {
      return text;
    }
  }
  return undefined;
}

function jsonExchange(body: unknown, headers: Record<string, string> = {}): NetworkExchange {
  return {
    id: 0,
    initiator: 'fetch',
    request: { method: 'GET', url: 'https://api.rules.test/me', headers },
    response: {
      status: 200,
      statusText: 'OK',
      headers: { 'content-type': 'application/json', ...headers },
      body: { encoding: 'text', data: JSON.stringify(body) },
    },
    startedAt: 1,
    endedAt: 2,
    pageUrl: 'http://127.0.0.1:4173/',
  };
}

describe('sanitize rules', () => {
  it('replaces text, attributes and input under a selector', () => {
    const stream = new RrwebStream();
    const refs = stream.page(
      'http://127.0.0.1:4173/',
      h(
        'div',
        { class: 'account', ref: 'account' },
        h('span', { class: 'account-name', title: 'Quentin Marlowe' }, ' Quentin Marlowe '),
      ),
      h('input', { name: 'nickname', ref: 'nickname' }),
      h('p', { ref: 'other' }, 'Quentin Marlowe'),
    );
    stream.add(refs.account!, h('em', { 'data-owner': 'Quentin Marlowe' }, 'Quentin M.'));
    stream.typeText(refs.nickname!, 'Quill');
    const rules: SanitizeRules = {
      selectors: [
        { name: 'account', selector: '.account .account-name, .account > em' },
        { name: 'nickname', selector: 'input[name="nickname"]' },
      ],
    };
    const output = sanitize(stream.recording(), rules);
    const text = JSON.stringify(output.events);

    expect(text).not.toContain('"title":"Quentin Marlowe"');
    expect(text).not.toContain('"textContent":" Quentin Marlowe "');
    expect(text).not.toContain('"data-owner":"Quentin Marlowe"');
    expect(text).not.toContain('Quentin M.');
    // Outside the selected elements the name is no detector's value, so it stays.
    expect(text).toContain('"textContent":"Quentin Marlowe"');
    expect(text).toMatch(/"textContent":" [^"]+ "/);
    const typed = inputTexts(output.events, refs.nickname!);
    expect(typed).toHaveLength(5);
    expect(typed.at(-1)).not.toBe('Quill');
    typed.forEach((value) => expect(typed.at(-1)!.startsWith(value)).toBe(true));
    expect(output.sanitization?.counts['custom:account/dom.text']).toBe(2);
    expect(output.sanitization?.counts['custom:nickname/input']).toBe(1);
  });

  it('replaces contenteditable edits like their text nodes', () => {
    const stream = new RrwebStream();
    const refs = stream.page(
      'http://127.0.0.1:4173/',
      h('div', { class: 'bio', contenteditable: 'true', ref: 'bio' }, 'Quentin Marlowe'),
      h('div', { class: 'memo', contenteditable: 'true', ref: 'memo' }, 'Mail ann@quartzline.io'),
    );
    stream.custom(CUSTOM_EVENT_TAGS.edit, {
      id: refs.bio!,
      text: 'Quentin Marlowe\nAda Ng',
      previous: 'Quentin Marlowe',
    });
    stream.custom(CUSTOM_EVENT_TAGS.edit, { id: refs.memo!, text: 'Mail ann@quartzline.io\nok' });
    const output = sanitize(stream.recording(), {
      selectors: [{ name: 'bio', selector: '.bio' }],
    });
    const snapshot = output.events.find((event) => event.type === EventType.FullSnapshot);
    const edits = output.events.flatMap((event) =>
      event.type === EventType.Custom ? [event.data.payload as Record<string, string>] : [],
    );
    const shownText = (className: string) =>
      textOfElement(snapshot?.data.node as SnapshotNode, className);

    const [bio, memo] = edits;
    expect(JSON.stringify(edits)).not.toContain('Quentin Marlowe');
    expect(JSON.stringify(edits)).not.toContain('ann@quartzline.io');
    // Each line is replaced as the text node with that text is, so typing it shows that node.
    expect(bio!.text!.split('\n')[0]).toBe(shownText('bio'));
    expect(bio!.previous).toBe(shownText('bio'));
    expect(bio!.text!.split('\n')[1]).not.toBe('Ada Ng');
    expect(memo!.text).toBe(`${shownText('memo')}\nok`);
    expect(output.sanitization?.counts['custom:bio/event.custom']).toBe(3);
    expect(output.sanitization?.counts['email/event.custom']).toBe(1);
  });

  it('replaces edits under a rule inside the element', () => {
    const stream = new RrwebStream();
    const refs = stream.page(
      'http://127.0.0.1:4173/',
      h('div', { contenteditable: 'true', ref: 'editor' }, h('p', { class: 'line' }, 'Ada Ng')),
    );
    stream.custom(CUSTOM_EVENT_TAGS.edit, { id: refs.editor!, text: 'Ada Ng\u2028Quentin' });
    const output = sanitize(stream.recording(), {
      selectors: [{ name: 'line', selector: '.line' }],
    });
    const [edit] = output.events.flatMap((event) =>
      event.type === EventType.Custom ? [event.data.payload as { text: string }] : [],
    );
    const [first, second] = edit!.text.split('\u2028');
    expect(first).not.toBe('Ada Ng');
    expect(first).toHaveLength('Ada Ng'.length);
    expect(second).not.toBe('Quentin');
  });

  it('replaces chosen file names like input values', () => {
    const stream = new RrwebStream();
    const refs = stream.page(
      'http://127.0.0.1:4173/',
      h('input', { type: 'file', class: 'cv', ref: 'cv' }),
      h('input', { type: 'file', ref: 'other' }),
    );
    stream.custom(CUSTOM_EVENT_TAGS.files, {
      id: refs.cv!,
      files: [{ name: 'Quentin Marlowe CV.pdf', type: 'application/pdf', size: 4096 }],
    });
    stream.custom(CUSTOM_EVENT_TAGS.files, {
      id: refs.other!,
      files: [{ name: 'ann@quartzline.io.txt', type: 'text/plain', size: 12 }],
    });
    const output = sanitize(stream.recording(), {
      selectors: [{ name: 'cv', selector: '.cv' }],
    });
    const [cv, other] = output.events.flatMap((event) =>
      event.type === EventType.Custom
        ? [(event.data.payload as { files: Array<Record<string, unknown>> }).files[0]!]
        : [],
    );
    expect(cv!.name).not.toBe('Quentin Marlowe CV.pdf');
    expect(cv).toMatchObject({ type: 'application/pdf', size: 4096 });
    expect(other!.name).not.toContain('ann@quartzline.io');
    expect(other!.name).toMatch(/\.txt$/);
    expect(output.sanitization?.counts['custom:cv/event.custom']).toBe(1);
  });

  it('replaces chosen options under a rule', () => {
    const stream = new RrwebStream();
    const refs = stream.page(
      'http://127.0.0.1:4173/',
      h('select', { class: 'pet', ref: 'pet' }, h('option', { value: ' tabby cat ' }, 'Cat')),
      h('select', { ref: 'size' }, h('option', { value: 'big' }, 'Big')),
    );
    stream.custom(CUSTOM_EVENT_TAGS.select, { id: refs.pet!, values: [' tabby cat '] });
    stream.custom(CUSTOM_EVENT_TAGS.select, { id: refs.size!, values: ['big'] });
    const output = sanitize(stream.recording(), {
      selectors: [{ name: 'pet', selector: '.pet' }],
    });
    const [pet, size] = output.events.flatMap((event) =>
      event.type === EventType.Custom ? [event.data.payload as { values: string[] }] : [],
    );

    const optionValues = JSON.stringify(output.events[1]).match(/"value":"[^"]*"/g);
    expect(pet!.values[0]).not.toBe(' tabby cat ');
    expect(pet!.values[0]).toHaveLength(' tabby cat '.length);
    // The replay chooses the option that the sanitized page shows.
    expect(optionValues).toContain(`"value":"${pet!.values[0]}"`);
    expect(size!.values).toEqual(['big']);
    expect(output.sanitization?.counts['custom:pet/event.custom']).toBe(1);
  });

  it('replaces select values under option rules', () => {
    const stream = new RrwebStream();
    const refs = stream.page(
      'http://127.0.0.1:4173/',
      h(
        'select',
        { ref: 'payee', value: 'Quentin Marlowe' },
        h('option', { class: 'person', value: 'Quentin Marlowe' }, 'Quentin Marlowe'),
        h('optgroup', { class: 'person' }, h('option', {}, '\n  Ada Ng ')),
        h('option', { value: 'nobody' }, 'Nobody'),
      ),
    );
    const payee = refs.payee!;
    stream.input(payee, 'Quentin Marlowe').selectChange(payee, ['Quentin Marlowe']);
    stream.input(payee, 'Ada Ng').selectChange(payee, ['Ada Ng', 'nobody']);
    stream.input(payee, 'nobody').setAttributes(payee, { value: 'Ada Ng' });
    const output = sanitize(stream.recording(), {
      selectors: [{ name: 'person', selector: '.person' }],
    });

    const page = output.events[1]!.data as { node: SnapshotNode };
    const select = page.node.childNodes![0]!.childNodes![1]!.childNodes![0]!;
    const [quentin, group, nobody] = select.childNodes!;
    const quentinValue = quentin!.attributes!.value as string;
    const adaText = group!.childNodes![0]!.childNodes![0]!.textContent!;
    const adaValue = adaText.trim();
    expect(quentinValue).toMatch(/^\S{7} \S{7}$/);
    expect(quentinValue).not.toBe('Quentin Marlowe');
    expect(adaText).toMatch(/^\n {2}\S{3} \S{2} $/);
    expect(adaValue).not.toBe('Ada Ng');
    expect(nobody!.attributes!.value).toBe('nobody');
    // Each value names the option that the sanitized page shows, so the replay can choose it.
    expect(select.attributes!.value).toBe(quentinValue);
    expect(inputTexts(output.events, payee)).toEqual([quentinValue, adaValue, 'nobody']);
    const choices = output.events.flatMap((event) =>
      event.type === EventType.Custom ? [(event.data.payload as { values: string[] }).values] : [],
    );
    expect(choices).toEqual([[quentinValue], [adaValue, 'nobody']]);
    const change = output.events.at(-1)!.data as { attributes: Array<{ attributes: object }> };
    expect(change.attributes[0]!.attributes).toEqual({ value: adaValue });
  });

  it('names options by their sanitized text', () => {
    const stream = new RrwebStream();
    const refs = stream.page(
      'http://127.0.0.1:4173/',
      h(
        'select',
        { ref: 'payee' },
        // As a template `{first} {last}` renders it, and as indented markup does.
        h('option', { class: 'person' }, 'Ada', ' ', 'Ng'),
        h('option', { class: 'person' }, '\n  Quentin\n  Marlowe\n'),
      ),
    );
    stream.input(refs.payee!, 'Ada Ng').selectChange(refs.payee!, ['Ada Ng']);
    stream.input(refs.payee!, 'Quentin Marlowe').setAttributes(refs.payee!, { value: 'Ada Ng' });
    const output = sanitize(stream.recording(), {
      selectors: [{ name: 'person', selector: '.person' }],
    });

    const page = output.events[1]!.data as { node: SnapshotNode };
    const select = page.node.childNodes![0]!.childNodes![1]!.childNodes![0]!;
    // The value a page gives an option without a `value` attribute.
    const [ada, quentin] = select.childNodes!.map((option) =>
      option
        .childNodes!.map((text) => text.textContent)
        .join('')
        .replace(/\s+/g, ' ')
        .trim(),
    );
    expect(ada).toMatch(/^\S{3} \S{2}$/);
    expect(ada).not.toBe('Ada Ng');
    expect(inputTexts(output.events, refs.payee!)).toEqual([ada, quentin]);
    const [choice] = output.events.flatMap((event) =>
      event.type === EventType.Custom ? [(event.data.payload as { values: string[] }).values] : [],
    );
    expect(choice).toEqual([ada]);
    const change = output.events.at(-1)!.data as { attributes: Array<{ attributes: object }> };
    expect(change.attributes[0]!.attributes).toEqual({ value: ada });
  });

  it('replaces choices made before their options', () => {
    // A script that fills a select and restores its value in one task: the recorder reports
    // the values before rrweb's Mutation event of the options.
    const stream = new RrwebStream();
    const refs = stream.page(
      'http://127.0.0.1:4173/',
      h('select', { ref: 'payee' }, h('option', { value: 'nobody' }, 'Nobody')),
      h('select', { ref: 'copies', multiple: '' }),
    );
    const option = (name: string) => h('option', { class: 'person', value: name }, name);
    stream.input(refs.payee!, 'Lindqvist', { userTriggered: false });
    stream.input(refs.payee!, 'Marlowe', { userTriggered: false });
    stream.input(refs.payee!, 'nobody', { userTriggered: false });
    stream.selectChange(refs.copies!, ['Okafor', 'Lindqvist']);
    stream.add(refs.payee!, option('Lindqvist'));
    stream.add(refs.payee!, option('Marlowe'));
    stream.add(refs.copies!, option('Okafor'));
    stream.add(refs.copies!, option('Lindqvist'));
    const output = sanitize(stream.recording(), {
      selectors: [{ name: 'person', selector: '.person' }],
    });

    const json = JSON.stringify(output.events);
    for (const name of ['Lindqvist', 'Marlowe', 'Okafor']) {
      expect(json).not.toContain(name);
    }
    const [lindqvist, marlowe, nobody] = inputTexts(output.events, refs.payee!);
    expect(json).toContain(`"value":"${lindqvist}"`);
    expect(json).toContain(`"value":"${marlowe}"`);
    expect(nobody).toBe('nobody');
  });

  it('covers options by rules inside them', () => {
    const stream = new RrwebStream();
    const refs = stream.page(
      'http://127.0.0.1:4173/',
      h(
        'select',
        { ref: 'payee' },
        h('option', {}, 'To ', h('span', { class: 'person' }, 'Okafor')),
      ),
    );
    stream.input(refs.payee!, 'To Okafor').selectChange(refs.payee!, ['To Okafor']);
    const output = sanitize(stream.recording(), {
      selectors: [{ name: 'person', selector: '.person' }],
    });

    const json = JSON.stringify(output.events);
    expect(json).not.toContain('Okafor');
    const [value] = inputTexts(output.events, refs.payee!);
    expect(value).toMatch(/^To \S{6}$/);
    expect(json).toContain(`"textContent":"${value!.slice(3)}"`);
    expect(json).toContain(`"values":["${value}"]`);
  });

  it('replaces the page echo of every choice', () => {
    const stream = new RrwebStream();
    const refs = stream.page(
      'http://127.0.0.1:4173/',
      h(
        'select',
        { ref: 'payees', multiple: '' },
        h('option', { class: 'person', value: 'Quentin Marlowe' }, 'Quentin Marlowe'),
        h('option', { class: 'person', value: 'Ada Ng' }, 'Ada Ng'),
      ),
      h('p', { ref: 'chosen' }),
    );
    // rrweb's Input event of a multiple select has the first chosen value only.
    stream.input(refs.payees!, 'Quentin Marlowe');
    stream.selectChange(refs.payees!, ['Quentin Marlowe', 'Ada Ng']);
    stream.add(refs.chosen!, h('span', {}, 'Ada Ng'));
    const output = sanitize(stream.recording(), {
      selectors: [{ name: 'person', selector: '.person' }],
    });

    const [choice] = output.events.flatMap((event) =>
      event.type === EventType.Custom ? [(event.data.payload as { values: string[] }).values] : [],
    );
    const echo = JSON.stringify(output.events.at(-1));
    expect(echo).not.toContain('Ada Ng');
    expect(echo).toContain(`"textContent":"${choice![1]}"`);
  });

  it('replaces values under a JSON path', () => {
    const body = {
      user: { fullName: 'Quentin Marlowe', id: 42 },
      orders: [{ shipTo: { fullName: 'Ada Ng' } }],
      note: 'kept',
    };
    const recording = new RrwebStream().recording();
    recording.events = new RrwebStream().recording().events;
    recording.network = [jsonExchange(body)];
    const output = sanitize(recording, {
      jsonPaths: [
        { name: 'names', path: '$..fullName' },
        { name: 'user-id', path: '$.user.id' },
      ],
    });
    const data = JSON.parse(output.network[0]!.response!.body!.data) as typeof body;

    expect(data.user.fullName).not.toBe('Quentin Marlowe');
    expect(data.user.fullName).toHaveLength('Quentin Marlowe'.length);
    expect(data.orders[0]!.shipTo.fullName).not.toBe('Ada Ng');
    expect(data.user.id).not.toBe(42);
    expect(typeof data.user.id).toBe('number');
    expect(data.note).toBe('kept');
  });

  it('replaces named headers and removes credentials', () => {
    const recording = new RrwebStream().recording();
    recording.network = [
      jsonExchange({}, { 'X-Customer-Id': 'CUST-004211', Cookie: 'sid=abc', 'x-kept': 'yes' }),
    ];
    const output = sanitize(recording, {
      headers: [{ name: 'customer', header: 'x-customer-id' }],
    });
    const headers = output.network[0]!.request.headers;

    expect(headers['X-Customer-Id']).not.toBe('CUST-004211');
    expect(headers.Cookie).toBe('removed-by-replaygate');
    expect(headers['x-kept']).toBe('yes');
  });

  it('keeps numbers exact when it rewrites JSON', () => {
    const data =
      '{"id":12345678901234567890,"ratio":1.50,"pan":5404487423567916,"email":"ann\\u0040quartzline.io"}';
    const recording = new RrwebStream().recording();
    recording.network = [jsonExchange({})];
    recording.network[0]!.response!.body!.data = data;
    const output = sanitize(recording).network[0]!.response!.body!.data;

    expect(output).toContain('"id":12345678901234567890');
    expect(output).toContain('"ratio":1.50');
    expect(output).not.toContain('5404487423567916');
    expect(output).toMatch(/"pan":\d{16},/);
    expect(output).not.toContain('quartzline.io');
  });

  it('leaves a binary body untouched', () => {
    // The PNG signature and the start of its IHDR chunk, whose length bytes hold NULs.
    const bytes = Buffer.concat([
      Buffer.from('89504e470d0a1a0a0000000d49484452ff', 'hex'),
      Buffer.from('ann@quartzline.io 4532015112830366'),
    ]);
    const recording = new RrwebStream().recording();
    recording.network = [jsonExchange({})];
    recording.network[0]!.response!.headers['content-type'] = 'image/png';
    recording.network[0]!.response!.body = { encoding: 'base64', data: bytes.toString('base64') };
    const output = sanitize(recording);

    expect(output.network[0]!.response!.body!.data).toBe(bytes.toString('base64'));
    expect(auditRecording('binary', output, createTextSanitizer({ key: KEY })).findings).toEqual(
      [],
    );
  });

  it('rejects an invalid selector or JSON path', () => {
    expect(() => compileRules({ selectors: [{ name: 'broken', selector: 'div[' }] })).toThrow(
      UsageError,
    );
    expect(() => compileRules({ selectors: [{ name: 'broken', selector: 'div[' }] })).toThrow(
      'rule "broken"',
    );
    expect(() => compileRules({ jsonPaths: [{ name: 'bad', path: '$.a[?(@.b)]' }] })).toThrow(
      'rule "bad"',
    );
  });
});
