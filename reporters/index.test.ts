import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPLAY_OPTIONS } from '../harness/config/options.js';
import { UsageError } from '../harness/shared/errors.js';
import {
  formatReportersMarkdown,
  REPORTER_NAMES,
  runReporters,
  selectReporters,
  type ReporterContext,
} from './index.js';
import { MARKDOWN_REPORT_MARKER } from './markdown.js';
import { replayReport, sessionResult } from './testing/report-fixtures.js';

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'replaygate-reporters-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

function context(printed: string[], overrides: Partial<ReporterContext> = {}): ReporterContext {
  return {
    outputDir: folder,
    write: (text) => printed.push(text),
    color: false,
    verbose: false,
    json: false,
    ...overrides,
  };
}

const report = replayReport([
  sessionResult('todo-add', 'passed'),
  sessionResult('todo-edit', 'failed', {
    firstCause: { kind: 'dom-diff', message: 'text changed' },
  }),
]);

describe('selectReporters', () => {
  it('puts default files in the output folder', () => {
    const selected = selectReporters(
      [{ name: 'console' }, { name: 'json' }, { name: 'markdown' }, { name: 'junit' }],
      folder,
    );
    expect(selected).toEqual([
      { name: 'console', path: undefined },
      { name: 'json', path: join(folder, 'report.json') },
      { name: 'markdown', path: join(folder, 'summary.md') },
      { name: 'junit', path: join(folder, 'junit.xml') },
    ]);
  });

  it('writes a file reporter into a given folder', () => {
    const [junit] = selectReporters([{ name: 'junit', outputFolder: join(folder, 'ci') }], folder);
    expect(junit?.path).toBe(join(folder, 'ci', 'junit.xml'));
  });

  it('prefers outputFile over outputFolder', () => {
    const [junit] = selectReporters(
      [{ name: 'junit', outputFile: join(folder, 'a.xml'), outputFolder: join(folder, 'ci') }],
      folder,
    );
    expect(junit?.path).toBe(join(folder, 'a.xml'));
  });

  it('rejects an unknown name with the choices and source', () => {
    const select = () => selectReporters([{ name: 'junitt', source: '--reporter' }], folder);
    expect(select).toThrow(UsageError);
    expect(select).toThrow(
      `Unknown reporter "junitt" in --reporter. Choose from ${REPORTER_NAMES.join(', ')}`,
    );
  });

  it('puts the HTML report in a folder', () => {
    const [html] = selectReporters([{ name: 'html' }], folder);
    expect(html?.path).toBe(join(folder, 'html'));
    expect(() =>
      selectReporters(
        [{ name: 'html', outputFile: 'report.html', source: 'REPLAYGATE_REPORTER' }],
        folder,
      ),
    ).toThrow(
      'Reporter "html" (set in REPLAYGATE_REPORTER) writes a folder, so it takes outputFolder, not outputFile report.html.',
    );
  });

  it('rejects an output path for the console', () => {
    expect(() => selectReporters([{ name: 'console', outputFile: 'x.txt' }], folder)).toThrow(
      /prints to standard output/,
    );
  });
});

describe('runReporters', () => {
  it('writes report.json even without the json reporter', async () => {
    const printed: string[] = [];
    const outputs = await runReporters(
      report,
      selectReporters([{ name: 'junit' }], folder),
      context(printed),
    );
    expect(outputs).toEqual([{ name: 'junit', path: join(folder, 'junit.xml') }]);
    expect(JSON.parse(await readFile(join(folder, 'report.json'), 'utf8'))).toEqual(report);
    expect(await readFile(join(folder, 'junit.xml'), 'utf8')).toContain('<testsuite ');
    expect(printed).toEqual([]);
  });

  it('passes the report URL to the Markdown summary', async () => {
    const selected = selectReporters([{ name: 'markdown' }], folder);
    await runReporters(report, selected, context([], { reportUrl: 'https://example.com/r/' }));
    const markdown = await readFile(join(folder, 'summary.md'), 'utf8');
    expect(markdown.startsWith(MARKDOWN_REPORT_MARKER)).toBe(true);
    expect(markdown).toContain('[Full report](https://example.com/r/)');
  });

  it('writes a json copy to another path', async () => {
    const copy = join(folder, 'copies', 'replay.json');
    await runReporters(
      report,
      selectReporters([{ name: 'json', outputFile: copy }], folder),
      context([]),
    );
    expect(JSON.parse(await readFile(copy, 'utf8'))).toEqual(report);
    expect(existsSync(join(folder, 'report.json'))).toBe(true);
  });

  it('writes the HTML report folder', async () => {
    const outputs = await runReporters(
      report,
      selectReporters([{ name: 'html' }], folder),
      context([]),
    );
    expect(outputs).toEqual([{ name: 'html', path: join(folder, 'html') }]);
    expect(await readFile(join(folder, 'html', 'index.html'), 'utf8')).toContain('todo-edit');
  });

  it('prints the console summary unless --json is set', async () => {
    const selected = selectReporters([{ name: 'console' }], folder);
    const printed: string[] = [];
    await runReporters(report, selected, context(printed));
    expect(printed.join('')).toContain('1 passed, 1 failed, 0 flaky, 0 errored');
    const silent: string[] = [];
    await runReporters(report, selected, context(silent, { json: true }));
    expect(silent).toEqual([]);
  });
});

/** Trims table cells and shortens separator cells, so a table reads the same after Prettier aligns it. */
function normalizeTable(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .split('|')
        .map((cell) => cell.trim().replace(/^-{3,}$/, '---'))
        .join('|'),
    );
}

describe('reporter reference', () => {
  it('matches the table in the GitHub Action guide', async () => {
    const guide = await readFile(new URL('../docs/github-action.md', import.meta.url), 'utf8');
    const table = normalizeTable(formatReportersMarkdown());
    const guideLines = normalizeTable(guide);
    const start = guideLines.indexOf(table[0]!);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(guideLines.slice(start, start + table.length)).toEqual(table);
  });
});

describe('reporter option help', () => {
  it('names every registered reporter', () => {
    const option = REPLAY_OPTIONS.find((candidate) => candidate.key === 'reporters');
    for (const name of REPORTER_NAMES) {
      expect(option?.description).toContain(name);
    }
  });
});
