import { describe, expect, it } from 'vitest';
import { compileRules } from '../rules.js';
import { createTextSanitizer } from '../text-sanitizer.js';
import type { Finding } from '../types.js';
import type { SanitizeContext } from './context.js';
import { alignedPrefix, InputSanitizer, overlayPageMasks } from './typing.js';
import { TypingFinalsCollector } from './typing-chains.js';

function finding(start: number, end: number, value: string): Finding {
  return { detector: 'email', start, end, value };
}

describe('alignedPrefix', () => {
  const original = 'mail ann@quill.net now';
  const sanitized = 'mail xyz@abcde.example now';
  const findings = [finding(5, 18, 'ann@quill.net')];

  it.each([
    [0, ''],
    [3, 'mai'],
    [5, 'mail '],
    [8, 'mail xyz'],
    [16, 'mail xyz@abcde.e'],
    [18, 'mail xyz@abcde.example'],
    [20, 'mail xyz@abcde.example n'],
    [22, 'mail xyz@abcde.example now'],
  ])('maps %i characters', (length, expected) => {
    expect(alignedPrefix(original, sanitized, findings, length)).toBe(expected);
  });

  it('locates replacements with spaces', () => {
    const text = '4532 0151 1283 0366 +1 415 555 2671';
    const replaced = '4242 4220 7511 3890 +1 442 684 9626';
    const two = [
      { detector: 'payment-card' as const, start: 0, end: 19, value: '4532 0151 1283 0366' },
      { detector: 'phone' as const, start: 20, end: 35, value: '+1 415 555 2671' },
    ];
    expect(alignedPrefix(text, replaced, two, 9)).toBe('4242 4220');
    expect(alignedPrefix(text, replaced, two, 19)).toBe('4242 4220 7511 3890');
    expect(alignedPrefix(text, replaced, two, 26)).toBe('4242 4220 7511 3890 +1 442');
  });

  it('locates replacements between two findings', () => {
    const text = 'a@b.io, c@d.io';
    const replaced = 'x@yy.example, z@ww.example';
    const two = [finding(0, 6, 'a@b.io'), finding(8, 14, 'c@d.io')];
    expect(alignedPrefix(text, replaced, two, 7)).toBe('x@yy.example,');
    expect(alignedPrefix(text, replaced, two, 10)).toBe('x@yy.example, z@');
  });
});

function context(): SanitizeContext {
  return {
    text: createTextSanitizer({ key: Buffer.alloc(32, 5) }),
    rules: compileRules(undefined),
    counts: {},
  };
}

/** Sanitizes Input events on several fields, both passes, and returns the values in order. */
function sanitizeFields(events: ReadonlyArray<{ id: number; text: string }>): string[] {
  const collector = new TypingFinalsCollector();
  events.forEach(({ id, text }, index) =>
    collector.observeInput({ source: 5, id, text, isChecked: false }, index),
  );
  const inputs = new InputSanitizer(context(), collector.finish());
  return events.map(({ id, text }, index) => {
    const data = { source: 5 as const, id, text, isChecked: false };
    inputs.sanitize(data, index, undefined);
    return data.text;
  });
}

describe('InputSanitizer', () => {
  function sanitizeTyping(values: string[]): string[] {
    const collector = new TypingFinalsCollector();
    values.forEach((text, index) =>
      collector.observeInput({ source: 5, id: 7, text, isChecked: false }, index),
    );
    const inputs = new InputSanitizer(context(), collector.finish());
    return values.map((text, index) => {
      const data = { source: 5 as const, id: 7, text, isChecked: false };
      inputs.sanitize(data, index, undefined);
      return data.text;
    });
  }

  it('replaces every typed prefix with a prefix of the final pseudonym', () => {
    const value = 'ann.quill@harbor-mail.net';
    const typed = sanitizeTyping([...value].map((_, index) => value.slice(0, index + 1)));
    const final = typed.at(-1)!;
    expect(final).not.toContain('harbor-mail');
    typed.forEach((text) => expect(final.startsWith(text)).toBe(true));
  });

  /** Returns each prefix of `value`, from one character to all of it. */
  function typingOf(value: string): string[] {
    return [...value].map((_, index) => value.slice(0, index + 1));
  }

  it('covers a corrected card in every step', () => {
    const typed = sanitizeTyping([
      '4532 0151 1283 0366',
      '4532 0151 1283 036',
      '4532 0151 1283 0367',
    ]);
    expect(typed.filter((text) => text.includes('0151 1283 036'))).toEqual([]);
  });

  it('covers an address replaced by retyping', () => {
    const address = 'quentin.blake@illustrators-guild.org';
    const typed = sanitizeTyping([...typingOf(address), 'q', 'qu']);
    expect(typed.filter((text) => text.includes('blake@'))).toEqual([]);
    expect(typed.filter((text) => text.includes('illustr'))).toEqual([]);
    const full = typed[address.length - 1]!;
    typed.slice(0, address.length).forEach((text) => expect(full.startsWith(text)).toBe(true));
  });

  it('covers a card erased by backspace', () => {
    const card = '5105 1051 0510 5100';
    const erased = typingOf(card).reverse().slice(1);
    const typed = sanitizeTyping([...typingOf(card), ...erased, '', '4', '40']);
    expect(typed.filter((text) => text.includes('1051 05'))).toEqual([]);
    expect(typed.slice(-3)).toEqual(['', '4', '40']);
  });

  it('masks what follows a digit fixed inside', () => {
    const typed = sanitizeTyping([
      ...typingOf('DE88 3704 0044 0532 0130 00'),
      'DE8 3704 0044 0532 0130 00',
      'DE89 3704 0044 0532 0130 00',
    ]);
    expect(typed.filter((text) => text.includes('3704 0044'))).toEqual([]);
    expect(typed.filter((text) => text.includes('0532 0130'))).toEqual([]);
  });

  it('masks the ending a correction erased', () => {
    const typed = sanitizeTyping([
      ...typingOf('fred@bedrock-quarry.c'),
      ...typingOf('fred@bedrock-quarry').reverse().slice(1, 8),
      ...typingOf('fred@bedrock.com').slice(12),
    ]);
    expect(typed.filter((text) => text.includes('bedrock'))).toEqual([]);
    expect(typed.filter((text) => text.includes('quarry'))).toEqual([]);
  });

  it('covers a part typed in another field', () => {
    const address = 'rosalind.brack@quayside-ledger.net';
    const search = typingOf('rosalind.brack@quay');
    const events = [
      ...search.map((text) => ({ id: 3, text })),
      { id: 3, text: 'rosalind.brack@qu' },
      ...typingOf(address).map((text) => ({ id: 4, text })),
    ];
    const typed = sanitizeFields(events);
    expect(typed.filter((text) => text.includes('rosalind'))).toEqual([]);
    expect(typed.slice(0, 5)).toEqual(search.slice(0, 5));
  });

  it('keeps a value that only starts like another field', () => {
    const search = typingOf('order-123456');
    const events = [
      ...typingOf('order-status@shop.com').map((text) => ({ id: 4, text })),
      ...search.map((text) => ({ id: 3, text })),
    ];
    const typed = sanitizeFields(events);

    expect(typed.slice(-search.length)).toEqual(search);
  });

  it('masks the typed prefixes of a value the recorder masked in the page', () => {
    const typed = sanitizeTyping([
      'Call a',
      'Call ann@mailbox.o',
      'Call ***@*******.*** card 4111 1111 1111 111',
      'Call ***@*******.*** card XXXX XXXX XXXX XXXX',
    ]);
    expect(typed).toEqual([
      'Call *',
      'Call ***@*******.*',
      'Call ***@*******.*** card XXXX XXXX XXXX XXX',
      'Call ***@*******.*** card XXXX XXXX XXXX XXXX',
    ]);
  });

  it('starts a new chain after the field is cleared', () => {
    const typed = sanitizeTyping(['a', 'an', 'ann@quill.net', '', 'b']);
    expect(typed[3]).toBe('');
    expect(typed[4]).toBe('b');
    expect(typed[2]).not.toBe('ann@quill.net');
  });
});

describe('overlayPageMasks', () => {
  it('masks prefixes under page masks', () => {
    const final = 'Call ***@*******.*** about card XXXX XXXX XXXX XXXX';
    expect(overlayPageMasks('Call ann@mailbox.o', final)).toBe('Call ***@*******.*');
    expect(overlayPageMasks('Call ***@*******.*** about card 4111 1111 1111 111', final)).toBe(
      'Call ***@*******.*** about card XXXX XXXX XXXX XXX',
    );
  });

  it('leaves values without page masks alone', () => {
    expect(overlayPageMasks('Water the pl', 'Water the plants')).toBe('Water the pl');
    expect(overlayPageMasks('Fix XL size', 'Fix XL sizes')).toBe('Fix XL size');
  });
});
