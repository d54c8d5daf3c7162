import { describe, expect, it } from 'vitest';
import { TypedValues } from './typed-values.js';

/** Returns typed values with `count` other values typed before them. */
function typedValues(count: number): TypedValues {
  const typed = new TypedValues();
  typed.now = 1_000;
  for (let index = 0; index < count; index++) {
    typed.record(`other.user${index}@quillpost`, `xyzab.qrst${index}@mnopqrst`);
  }
  typed.record('ann.lowe@quil', 'qjh.ezra@kpth');
  return typed;
}

describe('TypedValues.replaceInJson', () => {
  it.each([
    ['a few values', 3],
    ['many values', 40],
  ])('replaces a string that is a typed value among %s', (_case, count) => {
    const { json, replaced } = typedValues(count).replaceInJson(
      '{"q":"ann.lowe@quil","note":"ann.lowe@quil is typing","n":"ann.lowe@quil"}',
    );
    expect(replaced).toBe(2);
    expect(json).toBe('{"q":"qjh.ezra@kpth","note":"ann.lowe@quil is typing","n":"qjh.ezra@kpth"}');
  });
});

describe('TypedValues.replacementOf', () => {
  it('matches a short value only right after its typing', () => {
    const typed = new TypedValues();
    typed.now = 1_000;
    typed.record('a', 'q');
    typed.now = 2_000;
    expect(typed.replacementOf('a', 'url')).toBe('q');
    typed.now = 60_000;
    expect(typed.replacementOf('a', 'url')).toBeUndefined();
    expect(typed.replacementOf('a')).toBeUndefined();
  });
});

describe('TypedValues grouped otherwise', () => {
  const typed = new TypedValues();
  typed.now = 1_000;
  typed.record('453915870214836', '424242934997583');
  typed.record('6283417790', 'XXXXXXXXXX');
  typed.record('de3737040044', 'de4129500188');
  typed.now = 2_000;

  it('replaces a number grouped in fours', () => {
    expect(typed.replacementOf('4539 1587 0214 836')).toBe('4242 4293 4997 583');
  });

  it('keeps the page grouping of a masked step', () => {
    expect(typed.replacementOf('(628) 341-7790')).toBe('(XXX) XXX-XXXX');
  });

  it('replaces letters and digits alike', () => {
    expect(typed.replacementOf('de37 3704 0044')).toBe('de41 2950 0188');
  });

  it('replaces a filled card picture', () => {
    expect(typed.replacementOf('4539 1587 0214 836•')).toBe('4242 4293 4997 583•');
    expect(typed.replacementOf('4539 1587 0214 836# ')).toBe('4242 4293 4997 583# ');
  });

  it('keeps the page letter case', () => {
    expect(typed.replacementOf('DE37 3704 0044')).toBe('DE41 2950 0188');
  });

  it('keeps dates, prices and short numbers', () => {
    const values = new TypedValues();
    values.now = 1_000;
    values.record('(202) 403-18', '(525) 938-81');
    values.record('453915', '424242');
    values.now = 2_000;
    for (const text of ['2024-03-18', '2024 03 18', '202403', '4539.15', '45-39-15', '+49 30']) {
      expect(values.replacementOf(text)).toBeUndefined();
    }
  });

  it('keeps numbers sharing some digits', () => {
    expect(typed.replacementOf('4539 1587 0214 8360')).toBeUndefined();
    expect(typed.replacementOf('Card 4539 1587 0214 836')).toBeUndefined();
    expect(typed.replacementOf('4539-1587-0214-836', 'url')).toBeUndefined();
  });

  it('replaces a regrouped number inside longer text', () => {
    expect(typed.replaceGroupedInside('Your card 4539 1587 0214 836 will be charged')).toEqual({
      text: 'Your card 4242 4293 4997 583 will be charged',
      places: 1,
    });
    expect(typed.replaceGroupedInside('Call (628) 341-7790 now')?.text).toBe(
      'Call (XXX) XXX-XXXX now',
    );
  });

  it('keeps runs inside longer numbers', () => {
    for (const text of ['Ref 4539 1587 0214 8360', 'id 4539 1587 0214 836x', 'on 2024-03-18']) {
      expect(typed.replaceGroupedInside(text)).toBeUndefined();
    }
  });

  it('keeps numbers shown before typing', () => {
    typed.now = 500;
    expect(typed.replacementOf('4539 1587 0214 836')).toBeUndefined();
    typed.now = 2_000;
  });
});

describe('TypedValues before the typing', () => {
  it('keeps a value that appears before it was typed', () => {
    const typed = new TypedValues();
    typed.now = 5_000;
    typed.record('support@quil', 'qqxkznj@mnop');
    typed.now = 4_000;
    expect(typed.replacementOf('support@quil')).toBeUndefined();
    typed.now = 6_000;
    expect(typed.replacementOf('support@quil')).toBe('qqxkznj@mnop');
  });
});

describe('TypedValues words of letters', () => {
  /** Returns values with `support` typed at 1 s, on the way to an address. */
  function typedWord(): TypedValues {
    const typed = new TypedValues();
    typed.now = 1_000;
    typed.record('support', 'qqxkznj');
    typed.now = 1_500;
    return typed;
  }

  it('keeps the word in page text', () => {
    expect(typedWord().replacementOf('support')).toBeUndefined();
  });

  it('keeps the word inside a sentence', () => {
    expect(typedWord().replaceInside('Ask our support team.')).toBeUndefined();
  });

  it('replaces the word in a URL parameter', () => {
    expect(typedWord().replacementOf('support', 'url')).toBe('qqxkznj');
  });
});

describe('TypedValues steps inside values', () => {
  it('keeps a word typed before a dot', () => {
    const typed = new TypedValues();
    typed.now = 1_000;
    typed.record('sales.', 'fcrkh.');

    expect(typed.replaceInside('Talk to sales.')).toBeUndefined();
  });

  it('leaves a step inside a longer finding', () => {
    const typed = new TypedValues();
    typed.now = 1_000;
    typed.record('+1 415', '+1 430');
    const text = 'Support: +1 415 555 0199';
    const phone = { detector: 'phone', start: 9, end: 24, value: '+1 415 555 0199' } as const;

    expect(typed.replaceInside(text, () => [phone])).toBeUndefined();
  });
});

describe('TypedValues.replaceInJson keys', () => {
  it('keeps a key that reads as a typed value', () => {
    const { json, replaced } = typedValues(0).replaceInJson(
      '{"ann.lowe@quil" : 1,"q":"ann.lowe@quil"}',
    );

    expect(replaced).toBe(1);
    expect(json).toBe('{"ann.lowe@quil" : 1,"q":"qjh.ezra@kpth"}');
  });
});

describe('TypedValues.replaceInside', () => {
  /** Returns values with an address typed up to `ann.lowe@quil` at 1 s. */
  function typedPrefixes(): TypedValues {
    const typed = new TypedValues();
    typed.now = 1_000;
    typed.record('ann.lo', 'qjh.ez');
    typed.record('ann.low', 'qjh.ezr');
    typed.record('ann.lowe@quil', 'qjh.ezra@kpth');
    return typed;
  }

  it('replaces the longest typed value in a text', () => {
    const typed = typedPrefixes();
    typed.now = 1_500;

    expect(typed.replaceInside('Results for ann.lowe@quil, not ann.low')).toEqual({
      text: 'Results for qjh.ezra@kpth, not qjh.ezr',
      replaced: [
        ['ann.lowe@quil', 1],
        ['ann.low', 1],
      ],
    });
  });

  it('leaves a prefix inside a longer value', () => {
    const typed = typedPrefixes();
    typed.now = 1_500;

    expect(typed.replaceInside('Mail ann.lowe@quill.net or xann.lowe')).toBeUndefined();
    expect(typed.replaceInside('Results for ann.lowe@quil.')?.text).toBe(
      'Results for qjh.ezra@kpth.',
    );
  });

  it('replaces a percent-encoded echo', () => {
    const typed = typedPrefixes();
    typed.now = 1_500;

    expect(typed.replaceInside('GET /api/search?q=ann.lowe%40quil')?.text).toBe(
      'GET /api/search?q=qjh.ezra%40kpth',
    );
  });

  it('keeps text after the window', () => {
    const typed = typedPrefixes();
    typed.now = 7_000;

    expect(typed.replaceInside('Results for ann.lowe@quil')).toBeUndefined();
  });

  it('keeps text before the typing', () => {
    const typed = typedPrefixes();
    typed.now = 900;

    expect(typed.replaceInside('Results for ann.lowe@quil')).toBeUndefined();
  });

  it('finds an echo of earlier typing after more typing', () => {
    const typed = typedPrefixes();
    typed.now = 60_000;
    for (let index = 0; index < 40; index++) {
      typed.record(`bo.kerr${index}@quill`, `qz.mnop${index}@kpth`);
    }
    typed.now = 1_500;

    expect(typed.replaceInside('Results for ann.lowe@quil')?.text).toBe(
      'Results for qjh.ezra@kpth',
    );
  });

  it('takes the latest replacement of a value', () => {
    const typed = typedPrefixes();
    typed.now = 2_000;
    typed.record('ann.lo', 'rkt.ab');

    expect(typed.replaceInside('Results for ann.lo')?.text).toBe('Results for rkt.ab');
  });
});
