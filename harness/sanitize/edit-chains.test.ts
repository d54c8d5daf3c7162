import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventType, IncrementalSource, type eventWithTime } from '@rrweb/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { h, RrwebStream } from '../compile/testing/rrweb-stream.js';
import { readRecording } from '../fixture/read-recording.js';
import { CUSTOM_EVENT_TAGS, type Recording } from '../fixture/recording.js';
import { writeRecording } from '../fixture/write-recording.js';
import { auditRecording } from './audit.js';
import { sanitizeRecordingFile } from './sanitize-file.js';
import { sanitizeRecording } from './sanitize-recording.js';
import { createTextSanitizer } from './text-sanitizer.js';

const KEY = Buffer.alloc(32, 21);
const newSanitizer = () => createTextSanitizer({ key: KEY });
const ADDRESS_LINE = 'Mail rosalind.brack@quayside-ledger.net';
const CARD_LINE = 'Card 4532 0151 1283 0366 thanks';

/**
 * Types two lines into a `contenteditable` element key by key, as the recorder writes it:
 * an edit event with the element's whole text, then the text change of the line's text node.
 */
function editorTyping(): Recording {
  const stream = new RrwebStream();
  const refs = stream.page(
    'http://127.0.0.1:4173/',
    h('div', { contenteditable: 'true', ref: 'editor' }, h('p', { ref: 'first' }, '')),
  );
  const firstText = refs.first! + 1;
  for (let length = 1; length <= ADDRESS_LINE.length; length++) {
    const line = ADDRESS_LINE.slice(0, length);
    stream.wait(40).custom(CUSTOM_EVENT_TAGS.edit, { id: refs.editor, text: line });
    stream.setText(firstText, line);
  }
  const second = stream.wait(40).add(refs.editor!, h('p', { ref: 'second' }, ''));
  stream.custom(CUSTOM_EVENT_TAGS.edit, { id: refs.editor, text: `${ADDRESS_LINE}\n` });
  for (let length = 1; length <= CARD_LINE.length; length++) {
    const line = CARD_LINE.slice(0, length);
    stream.wait(40).custom(CUSTOM_EVENT_TAGS.edit, {
      id: refs.editor,
      text: `${ADDRESS_LINE}\n${line}`,
    });
    stream.setText(second.second! + 1, line);
  }
  return stream.recording('editor-typing');
}

function inputValues(recording: Recording): string[] {
  return recording.events.flatMap((event) =>
    event.type === EventType.IncrementalSnapshot && event.data.source === IncrementalSource.Input
      ? [event.data.text]
      : [],
  );
}

function editTexts(events: eventWithTime[]): string[] {
  return events.flatMap((event) =>
    event.type === EventType.Custom && event.data.tag === CUSTOM_EVENT_TAGS.edit
      ? [(event.data.payload as { text: string }).text]
      : [],
  );
}

/** Returns the text changes of the editor's lines, in event order. */
function lineTexts(events: eventWithTime[]): string[] {
  return events.flatMap((event) =>
    event.type === EventType.IncrementalSnapshot && event.data.source === IncrementalSource.Mutation
      ? event.data.texts.map((text) => text.value ?? '')
      : [],
  );
}

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'replaygate-edit-chains-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('contenteditable typing chains', () => {
  it('replaces every typed step', () => {
    const output = sanitizeRecording(editorTyping(), { text: newSanitizer() });
    const json = JSON.stringify(output.events);
    for (const part of ['rosalind', 'quayside', '4532', '0151 1283']) {
      expect(json).not.toContain(part);
    }
    const edits = editTexts(output.events);
    const final = edits.at(-1)!;
    // Each step is a prefix of the final replacement, as typing it again shows it, except
    // where a prefix of the card's pseudonym reads as another value and is masked.
    const unmasked = edits.filter((text) => !text.includes('XXX'));
    expect(unmasked.length).toBeGreaterThan(edits.length - 4);
    unmasked.forEach((text) => expect(final.startsWith(text)).toBe(true));
    // A text node shows the same line as the edit of the same key.
    const lines = lineTexts(output.events);
    const editLines = edits.filter((text) => text !== `${final.split('\n')[0]}\n`);
    expect(lines).toHaveLength(editLines.length);
    lines.forEach((line, position) => expect(editLines[position]!.split('\n').at(-1)).toBe(line));
    expect(auditRecording('editor-typing', output, newSanitizer()).findingCount).toBe(0);
    expect(output.sanitization?.counts['email/event.custom']).toBe(1);
    expect(output.sanitization?.counts['payment-card/event.custom']).toBe(1);
  });

  it('streams the same result', async () => {
    const input = join(folder, 'raw', 'editor-typing.replay.json.gz');
    const output = join(folder, 'out', 'editor-typing.replay.json.gz');
    const recording = editorTyping();
    await writeRecording(input, recording);
    const result = await sanitizeRecordingFile({
      input,
      output,
      tempDir: folder,
      createTextSanitizer: newSanitizer,
    });
    expect(result.written).toBe(true);
    const expected = sanitizeRecording(recording, { text: newSanitizer() });
    expect((await readRecording(output)).events).toEqual(expected.events);
  });

  it('replaces a later line typed first', () => {
    const stream = new RrwebStream();
    const refs = stream.page(
      'http://127.0.0.1:4173/',
      h('div', { contenteditable: 'true', ref: 'editor' }),
    );
    const cardLine = 'Card 4532 0151 1283 0366';
    const greeting = 'Hello tobias.wrenfield@marlow-harbour.com';
    for (let length = 1; length <= cardLine.length; length++) {
      stream.wait(40).custom(CUSTOM_EVENT_TAGS.edit, {
        id: refs.editor,
        text: `\n${cardLine.slice(0, length)}`,
      });
    }
    // The caret goes back to the first line, which is typed while the card stays below.
    for (let length = 1; length <= greeting.length; length++) {
      stream.wait(40).custom(CUSTOM_EVENT_TAGS.edit, {
        id: refs.editor,
        text: `${greeting.slice(0, length)}\n${cardLine}`,
      });
    }
    const output = sanitizeRecording(stream.recording('earlier-line'), { text: newSanitizer() });
    const json = JSON.stringify(editTexts(output.events));
    for (const part of ['tobias', 'wrenfield', 'marlow', '4532 0151']) {
      expect(json).not.toContain(part);
    }
    expect(auditRecording('earlier-line', output, newSanitizer()).findingCount).toBe(0);
  });
  it('replaces steps shown with no-break spaces', () => {
    const stream = new RrwebStream();
    const refs = stream.page(
      'http://127.0.0.1:4173/',
      h('div', { contenteditable: 'true', ref: 'editor' }, h('p', { ref: 'line' }, '')),
    );
    // The number is typed in front of a word that is already there.
    const typed = 'Call +1 415 555 2671';
    for (let length = 1; length <= typed.length; length++) {
      const step = typed.slice(0, length);
      stream.wait(40).custom(CUSTOM_EVENT_TAGS.edit, { id: refs.editor, text: `${step} today` });
      // Chromium writes a space before the caret as a no-break space, so it does not collapse
      // with the space after the caret.
      stream.setText(refs.line! + 1, `${step.replace(/ $/, '\u00a0')} today`);
    }
    const output = sanitizeRecording(stream.recording('no-break'), { text: newSanitizer() });
    const lines = lineTexts(output.events);
    expect(JSON.stringify(lines)).not.toMatch(/415|555 2|2671/);
    expect(lines.filter((text) => text.includes('\u00a0 today'))).toHaveLength(4);
    expect(auditRecording('no-break', output, newSanitizer()).findingCount).toBe(0);
  });
});

describe('field typing chains', () => {
  it('replaces a card digit that was typed wrong', () => {
    const stream = new RrwebStream();
    const refs = stream.page('http://127.0.0.1:4173/', h('input', { ref: 'field' }));
    const typo = 'ann.lowe@quill.net 4532 0151 1283 0367';
    stream.typeText(refs.field!, typo);
    stream.wait(50).input(refs.field!, typo.slice(0, -1), { userTriggered: true });
    stream.wait(50).input(refs.field!, `${typo.slice(0, -1)}6`, { userTriggered: true });
    const output = sanitizeRecording(stream.recording('typo'), { text: newSanitizer() });
    const values = output.events.flatMap((event) =>
      event.type === EventType.IncrementalSnapshot && event.data.source === IncrementalSource.Input
        ? [event.data.text]
        : [],
    );
    expect(values).toHaveLength(typo.length + 2);
    for (const part of ['ann.lowe', 'quill', '0151 1283', '1283 036']) {
      expect(JSON.stringify(values)).not.toContain(part);
    }
    expect(auditRecording('typo', output, newSanitizer()).findingCount).toBe(0);
  });

  it('replaces a card cut in the middle', () => {
    const stream = new RrwebStream();
    const refs = stream.page('http://127.0.0.1:4173/', h('input', { ref: 'field' }));
    stream.typeText(refs.field!, 'Card 4532 0151 1283 0366');
    // Backspace from inside the value, at the end of its third group.
    const cut = ['128 0366', '12 0366', '1 0366', ' 0366', '0366'];
    for (const ending of cut) {
      stream.wait(50).input(refs.field!, `Card 4532 0151 ${ending}`, { userTriggered: true });
    }
    const values = inputValues(
      sanitizeRecording(stream.recording('cut'), { text: newSanitizer() }),
    );
    expect(values.slice(-cut.length)).toHaveLength(cut.length);
    for (const value of values) {
      expect(value).not.toMatch(/4532|0151/);
    }
  });

  it('keeps HTML markup in a masked ending', () => {
    const stream = new RrwebStream();
    const refs = stream.page('http://127.0.0.1:4173/', h('input', { type: 'hidden', ref: 'html' }));
    // The hidden input of an editor that keeps its HTML, as Trix does.
    const card = 'Card 4532 0151 1283 0366';
    for (let length = 1; length <= card.length; length++) {
      const text = card.slice(0, length).replace(/ $/, '&nbsp;');
      stream.wait(50).input(refs.html!, `<div>${text}</div>`, { userTriggered: false });
    }
    const values = inputValues(
      sanitizeRecording(stream.recording('html'), { text: newSanitizer() }),
    );
    expect(values.filter((value) => value.includes('&nbsp;</div>'))).toHaveLength(4);
    for (const value of values) {
      expect(value).toMatch(/^<div>.*<\/div>$/);
      expect(value).not.toMatch(/4532 0151|&\*+;/);
    }
  });

  it('keeps the text after the caret', () => {
    const stream = new RrwebStream();
    const refs = stream.page('http://127.0.0.1:4173/', h('input', { ref: 'field' }));
    const after = ' Card 4532 0151 1283 0366';
    stream.typeText(refs.field!, after);
    // The caret goes back to the start, and an address is typed in front of the card.
    const address = 'Hello tobias.wrenfield@marlow-harbour.com';
    for (let length = 1; length <= address.length; length++) {
      stream.wait(50).input(refs.field!, address.slice(0, length) + after, { userTriggered: true });
    }
    const values = inputValues(
      sanitizeRecording(stream.recording('caret'), { text: newSanitizer() }),
    );
    const final = values.at(-1)!;
    const cardReplacement = final.slice(final.indexOf(' Card '));
    expect(cardReplacement).toMatch(/^ Card \d{4} \d{4} \d{4} \d{4}$/);
    for (const value of values.slice(after.length, -1)) {
      expect(value).not.toMatch(/tobias|wrenfield|marlow|4532|0151/);
      // The card after the caret shows as in the final value, not masked.
      expect(value.endsWith(cardReplacement)).toBe(true);
    }
  });

  it('replaces pieces left by edits at the start', () => {
    const stream = new RrwebStream();
    const refs = stream.page('http://127.0.0.1:4173/', h('input', { ref: 'field' }));
    const key = 'ghp_R7kLm2Qx9TzA4vB8nC1dE5fG3hJ6wY0sUiPo';
    stream.typeText(refs.field!, key);
    // Delete at the start, three times, then a label typed in front of what is left.
    for (let count = 1; count <= 3; count++) {
      stream.wait(50).input(refs.field!, key.slice(count), { userTriggered: true });
    }
    for (const label of ['K', 'Ke', 'Key', 'Key ']) {
      stream.wait(50).input(refs.field!, label + key.slice(3), { userTriggered: true });
    }
    const output = sanitizeRecording(stream.recording('start'), { text: newSanitizer() });
    for (const value of inputValues(output)) {
      expect(value).not.toContain('Lm2Qx9TzA4vB8nC1dE5fG3hJ6wY0sUiPo');
      expect(value).not.toContain('R7kLm2');
    }
  });

  it('replaces values typed past their end', () => {
    // A seventeenth digit makes the card no card, and a digit after the domain no address,
    // so the final values have nothing to replace, but the steps before them do.
    for (const [typed, value] of [
      ['45320151128303661', '4532015112830366'],
      ['ann.lowe@quill.net1', 'ann.lowe@quill.net'],
    ] as const) {
      const stream = new RrwebStream();
      const refs = stream.page(
        'http://127.0.0.1:4173/',
        h('input', { ref: 'field' }),
        h('p', { ref: 'preview' }, '-'),
      );
      for (let length = 1; length <= typed.length; length++) {
        stream.wait(40).input(refs.field!, typed.slice(0, length), { userTriggered: true });
        stream.setText(refs.preview! + 1, typed.slice(0, length));
      }
      const output = sanitizeRecording(stream.recording('typed-on'), { text: newSanitizer() });
      const values = inputValues(output);
      expect(values).toHaveLength(typed.length);
      expect(values).not.toContain(value);
      const step = values[value.length - 1]!;
      expect(step).toBe(newSanitizer().sanitize(value, 'event.input'));
      // The page text that shows the step gets the same replacement, and the final value
      // shows it with the character typed past it.
      expect(lineTexts(output.events)[value.length - 1]).toBe(step);
      expect(values.at(-1)).toBe(`${step}${typed.slice(value.length)}`);
      expect(auditRecording('typed-on', output, newSanitizer()).findingCount).toBe(0);
    }
  });

  it('replaces an IBAN typed in lower case', () => {
    // The field shows it in upper case (`text-transform`), the Input events in lower case.
    const iban = 'de89370400440532013000';
    const stream = new RrwebStream();
    const refs = stream.page('http://127.0.0.1:4173/', h('input', { ref: 'field' }));
    stream.typeText(refs.field!, iban);
    const output = sanitizeRecording(stream.recording('iban'), { text: newSanitizer() });
    const values = inputValues(output);
    expect(JSON.stringify(values)).not.toMatch(/370400|0532013/);
    expect(values.at(-1)).toMatch(/^de\d{20}$/);
    expect(auditRecording('iban', output, newSanitizer()).findingCount).toBe(0);
  });

  it('passes keys with a fixed typo', () => {
    // The pseudonyms of a key and of its mistyped form keep the provider prefix, and one in
    // 62 also shares the next character. Over many keys, one of these must not be taken for
    // a piece of the other.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    const rejected: string[] = [];
    for (let seed = 0; seed < 120; seed++) {
      const body = Array.from({ length: 28 }, (_, at) => alphabet[(seed * 7 + at * 13) % 62]);
      const apiKey = `${['sk_live_', 'rk_live_', 'sk-proj-'][seed % 3]}${body.join('')}`;
      const stream = new RrwebStream();
      const refs = stream.page('http://127.0.0.1:4173/', h('input', { ref: 'field' }));
      stream.typeText(refs.field!, `${apiKey.slice(0, -1)}Q`);
      stream.wait(50).input(refs.field!, apiKey.slice(0, -1), { userTriggered: true });
      stream.wait(50).input(refs.field!, apiKey, { userTriggered: true });
      const sanitizer = () => createTextSanitizer({ key: Buffer.alloc(32, seed) });
      const output = sanitizeRecording(stream.recording('key-typo'), { text: sanitizer() });
      if (auditRecording('key-typo', output, sanitizer()).findingCount > 0) {
        rejected.push(apiKey);
      }
    }
    expect(rejected).toEqual([]);
  });
});
