import { expect, it } from 'vitest';
import type { DomSnapshot } from '../score/dom-snapshot.js';
import { relativizeDomUrls } from './relativize-dom-urls.js';

const snapshot: DomSnapshot = {
  url: 'http://127.0.0.1:4000/app/',
  title: 'App',
  root: {
    tag: 'html',
    attributes: {},
    children: [
      { tag: 'a', attributes: { href: 'http://127.0.0.1:4000/app/#/active' }, children: [] },
      { tag: 'a', attributes: { href: 'https://example.test/docs' }, children: [] },
      { tag: 'img', attributes: { src: 'http://127.0.0.1:4000/logo.png', alt: 'x' }, children: [] },
    ],
  },
};

it('strips the page origin from URL attributes', () => {
  const result = relativizeDomUrls(snapshot, 'http://127.0.0.1:4000');
  expect(result.root.children[0]?.attributes.href).toBe('/app/#/active');
  expect(result.root.children[2]?.attributes.src).toBe('/logo.png');
});

it('keeps links to other origins and other attributes', () => {
  const result = relativizeDomUrls(snapshot, 'http://127.0.0.1:4000');
  expect(result.root.children[1]?.attributes.href).toBe('https://example.test/docs');
  expect(result.root.children[2]?.attributes.alt).toBe('x');
});

it('leaves the input snapshot unchanged', () => {
  relativizeDomUrls(snapshot, 'http://127.0.0.1:4000');
  expect(snapshot.root.children[0]?.attributes.href).toBe('http://127.0.0.1:4000/app/#/active');
});
