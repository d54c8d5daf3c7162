import { chromium, type Browser, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserLaunchOptions } from '../harness/browser/resolve-browser.js';
import { escapeXml, renderJunitReport } from './junit.js';
import { checkpointResult, replayReport, sessionResult } from './testing/report-fixtures.js';

/** An element as Chromium's XML parser read it. */
interface ParsedElement {
  tag: string;
  attributes: Record<string, string>;
  text: string;
  children: ParsedElement[];
}

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await chromium.launch(browserLaunchOptions());
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
});

/**
 * Parses XML with Chromium's strict XML parser, which rejects any document that is not
 * well-formed XML 1.0, and returns the element tree.
 */
async function parseXml(xml: string): Promise<ParsedElement> {
  const result = await page.evaluate((text) => {
    const document = new DOMParser().parseFromString(text, 'application/xml');
    const error = document.getElementsByTagName('parsererror')[0];
    if (error !== undefined) {
      return { error: error.textContent ?? 'parser error' };
    }
    type Element_ = {
      tag: string;
      attributes: Record<string, string>;
      text: string;
      children: Element_[];
    };
    const toTree = (element: Element): Element_ => ({
      tag: element.tagName,
      attributes: Object.fromEntries(
        [...element.attributes].map((item) => [item.name, item.value]),
      ),
      text: [...element.childNodes]
        .filter((node) => node.nodeType === Node.TEXT_NODE)
        .map((node) => (node as Text).data)
        .join(''),
      children: [...element.children].map(toTree),
    });
    return { root: toTree(document.documentElement) };
  }, xml);
  if ('error' in result) {
    throw new Error(`Invalid XML: ${result.error}\n${xml}`);
  }
  return result.root;
}

function child(element: ParsedElement | undefined, tag: string): ParsedElement | undefined {
  return element?.children.find((candidate) => candidate.tag === tag);
}

function testCases(root: ParsedElement): ParsedElement[] {
  return child(root, 'testsuite')?.children.filter((element) => element.tag === 'testcase') ?? [];
}

function testCase(root: ParsedElement, name: string): ParsedElement {
  const found = testCases(root).find((element) => element.attributes.name === name);
  if (found === undefined) {
    throw new Error(`No testcase named ${name}.`);
  }
  return found;
}

const report = replayReport(
  [
    sessionResult('todo-add', 'passed'),
    sessionResult('todo-edit', 'failed', {
      checkpoints: [checkpointResult('p0-01', { diffRatio: 0.012, similarity: 0.91 })],
      firstCause: { kind: 'dom-diff', message: 'text changed', checkpointId: 'p0-01' },
    }),
    sessionResult('checkout', 'errored', {
      checkpoints: [],
      steps: [],
      firstCause: { kind: 'invalid-fixture', message: 'gzip header missing' },
    }),
    sessionResult('search', 'flaky'),
    sessionResult('admin', 'skipped', { checkpoints: [], steps: [] }),
  ],
  { shard: { current: 1, total: 2 } },
);

describe('renderJunitReport', () => {
  it('writes one testsuite with counts', async () => {
    const root = await parseXml(renderJunitReport(report));
    expect(root.tag).toBe('testsuites');
    const suites = root.children.filter((element) => element.tag === 'testsuite');
    expect(suites).toHaveLength(1);
    expect(suites[0]?.attributes).toMatchObject({
      name: 'replaygate',
      tests: '5',
      failures: '1',
      errors: '1',
      skipped: '1',
      time: '65.000',
      timestamp: '2025-03-01T12:00:00.000Z',
    });
    expect(testCases(root).map((element) => element.attributes.name)).toEqual([
      'todo-add',
      'todo-edit',
      'checkout',
      'search',
      'admin',
    ]);
  });

  it('reports a regression as failure with the first cause', async () => {
    const failed = testCase(await parseXml(renderJunitReport(report)), 'todo-edit');
    const failure = child(failed, 'failure');
    expect(failure?.attributes).toEqual({ message: 'dom-diff: text changed', type: 'dom-diff' });
    expect(failure?.text).toContain(
      'checkpoint p0-01 "after step p0-01": fidelity 0.910, 1.20% of pixels differ',
    );
    expect(failure?.text).toContain(
      '/work/project/replaygate-results/sessions/replay-todo-edit/p0-01-diff.png',
    );
    expect(child(failed, 'error')).toBeUndefined();
  });

  it('reports a broken session as error', async () => {
    const errored = testCase(await parseXml(renderJunitReport(report)), 'checkout');
    expect(child(errored, 'error')?.attributes).toEqual({
      message: 'invalid-fixture: gzip header missing',
      type: 'invalid-fixture',
    });
    expect(child(errored, 'failure')).toBeUndefined();
  });

  it('marks skipped, flaky and passed sessions', async () => {
    const root = await parseXml(renderJunitReport(report));
    expect(testCase(root, 'admin').children.map((element) => element.tag)).toEqual(['skipped']);
    const flaky = testCase(root, 'search');
    expect(child(flaky, 'system-out')?.text).toBe(
      'Flaky: failed at first, then passed on attempt 2.',
    );
    expect(child(flaky, 'failure')).toBeUndefined();
    const passed = testCase(root, 'todo-add');
    expect(passed.children.map((element) => element.tag)).toEqual(['properties']);
    expect(child(passed, 'properties')?.children[0]?.attributes).toEqual({
      name: 'fidelity',
      value: '1.000',
    });
  });

  it('escapes markup so text reads back unchanged', async () => {
    const message = 'expected <li class="done"> & \'x\' ]]> here\nsecond line';
    const tricky = replayReport([
      sessionResult('a & <b>', 'failed', { firstCause: { kind: 'page-error', message } }),
    ]);
    const failed = testCase(await parseXml(renderJunitReport(tricky)), 'a & <b>');
    expect(child(failed, 'failure')?.attributes.message).toBe(`page-error: ${message}`);
    expect(child(failed, 'failure')?.text.startsWith(`page-error: ${message}`)).toBe(true);
  });

  it('strips ANSI codes and characters invalid in XML', async () => {
    const dirty = `\u001b[31mError\u001b[39m: bad\u0000byte\u0008 \uD800lone \uFFFE end 😀`;
    const xml = renderJunitReport(
      replayReport([
        sessionResult(`name\u0001`, 'errored', {
          firstCause: { kind: 'harness-error', message: dirty },
        }),
      ]),
    );
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE]/);
    const errored = testCase(await parseXml(xml), 'name');
    expect(child(errored, 'error')?.attributes.message).toBe(
      'harness-error: Error: badbyte lone  end 😀',
    );
  });
});

describe('escapeXml', () => {
  it('escapes the five predefined entities', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;',
    );
  });
});
