import { describe, expect, it } from 'vitest';
import { compileJsonPath, type JsonPathSegment } from './json-path.js';

const cases: Array<[string, JsonPathSegment[], boolean]> = [
  ['$.user.email', ['user', 'email'], true],
  ['$.user.email', ['user', 'name'], false],
  ['$.user.email', ['user'], false],
  ['$.user', ['user', 'address', 'street'], true],
  ['$.items[*].card', ['items', 0, 'card'], true],
  ['$.items[*].card', ['items', 12, 'card'], true],
  ['$.items[*].card', ['items', 'x', 'card'], true],
  ['$.items[*].card', ['items', 0, 'cvc'], false],
  ['$.items[1].card', ['items', 1, 'card'], true],
  ['$.items[1].card', ['items', 2, 'card'], false],
  ['$..email', ['email'], true],
  ['$..email', ['a', 3, 'b', 'email'], true],
  ['$..email', ['a', 'emails'], false],
  ['$..address.zip', ['orders', 0, 'address', 'zip'], true],
  ['$..address.zip', ['orders', 0, 'address', 'city'], false],
  ["$['x-token']", ['x-token'], true],
  ['$["odd key"].v', ['odd key', 'v'], true],
  ['$.*.secret', ['anything', 'secret'], true],
  ['$..*', ['a'], true],
  ['$', ['a', 'b'], true],
  ['$.list[*]', ['list', 4], true],
  ['$.list[*]', ['list'], false],
];

describe('compileJsonPath', () => {
  it.each(cases)('%s on %j is %s', (path, concrete, expected) => {
    expect(compileJsonPath(path)(concrete)).toBe(expected);
  });

  it.each([
    ['user.email', 'starts with "$"'],
    ['$.items[?(@.x)]', 'unsupported selector'],
    ['$.items[1:3]', 'unsupported selector'],
    ['$.a[', 'is not closed'],
    ['$.', 'expected a key name'],
    ['$a', 'unexpected "a"'],
    ['$..', 'expected a key name'],
  ])('rejects %s', (path, message) => {
    expect(() => compileJsonPath(path)).toThrow(message);
  });
});
