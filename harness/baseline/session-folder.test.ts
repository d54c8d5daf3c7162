import { describe, expect, test } from 'vitest';
import { UsageError } from '../shared/errors.js';
import { MAX_SESSION_FOLDER_LENGTH, sessionFolderName } from './session-folder.js';

describe('sessionFolderName', () => {
  test.each([
    ['add todo', 'add todo'],
    ['checkout_v2-final.1', 'checkout_v2-final.1'],
    ['a/b', 'a%2Fb'],
    ['a\\b', 'a%5Cb'],
    ['..', '%2E%2E'],
    ['.', '%2E'],
    ['.hidden', '%2Ehidden'],
    ['name. ', 'name%2E%20'],
    ['50%', '50%25'],
    ['café', 'caf%C3%A9'],
    ['C:tab\there', 'C%3Atab%09here'],
  ])('encodes %j as %j', (name, folder) => {
    expect(sessionFolderName(name)).toBe(folder);
  });

  test('distinct names stay distinct', () => {
    expect(sessionFolderName('a/b')).not.toBe(sessionFolderName('a%2Fb'));
  });

  test('empty name is rejected', () => {
    expect(() => sessionFolderName('')).toThrow(UsageError);
  });

  test('long name is rejected', () => {
    const name = 'x'.repeat(MAX_SESSION_FOLDER_LENGTH + 1);
    expect(() => sessionFolderName(name)).toThrow(/too long for a baseline folder/);
  });
});
