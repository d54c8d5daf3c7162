import { describe, expect, it } from 'vitest';
import {
  GITHUB_COMMENT_MAX_LENGTH,
  MARKDOWN_REPORT_MARKER,
  renderMarkdownReport,
  renderSessionRow,
} from './markdown.js';
import { checkpointResult, replayReport, sessionResult } from './testing/report-fixtures.js';

/** Splits a table row into its cells at pipes that are not escaped with a backslash. */
function cellsOf(row: string): string[] {
  const cells: string[] = [];
  let current = '';
  for (let index = 0; index < row.length; index += 1) {
    const character = row[index]!;
    if (character === '\\') {
      current += character + (row[index + 1] ?? '');
      index += 1;
    } else if (character === '|') {
      cells.push(current.trim());
      current = '';
    } else {
      current += character;
    }
  }
  cells.push(current.trim());
  // The leading and trailing pipes leave an empty first and last cell.
  return cells.slice(1, -1);
}

function tableRows(markdown: string): string[] {
  return markdown
    .split('\n')
    .filter(
      (line) => line.startsWith('| ') && !line.startsWith('| Status') && !line.startsWith('| ---'),
    );
}

const mixedReport = replayReport([
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
]);

describe('renderMarkdownReport', () => {
  it('renders the marker, headline, totals and table worst first', () => {
    expect(renderMarkdownReport(mixedReport)).toBe(
      [
        '<!-- replaygate-report -->',
        '### ❌ replaygate: 1 regression in 4 sessions',
        '',
        '1 passed, 1 failed, 1 flaky, 1 errored. Replayed against http://127.0.0.1:4173/ in 1m 05s; exit code 1.',
        '',
        '| Status | Session | Fidelity | Pixel diff | DOM | First cause |',
        '| --- | --- | ---: | ---: | ---: | --- |',
        '| 💥 errored | checkout | – | – | – | invalid-fixture: gzip header missing |',
        '| ❌ failed | todo-edit | 0.910 | 1.20% | 0.910 | dom-diff at p0-01: text changed |',
        '| ⚠️ flaky | search | 1.000 | 0.00% | 1.000 | passed on attempt 2 |',
        '| ✅ passed | todo-add | 1.000 | 0.00% | 1.000 |  |',
        '',
      ].join('\n'),
    );
  });

  it('headlines a passing run with its flaky count', () => {
    const report = replayReport([sessionResult('a', 'passed'), sessionResult('b', 'flaky')]);
    expect(renderMarkdownReport(report).split('\n')[1]).toBe(
      '### ✅ replaygate: 2 sessions passed (1 flaky)',
    );
  });

  it('headlines a run with broken sessions', () => {
    const report = replayReport([
      sessionResult('a', 'errored', { firstCause: { kind: 'harness-error', message: 'x' } }),
    ]);
    expect(renderMarkdownReport(report).split('\n')[1]).toBe(
      '### 💥 replaygate: 1 of 1 session could not be replayed',
    );
  });

  it('links the report and the run when given', () => {
    const markdown = renderMarkdownReport(mixedReport, {
      reportUrl: 'https://example.com/report (1)/',
      artifactUrl: 'https://github.com/o/r/actions/runs/42',
    });
    expect(markdown.trimEnd().split('\n').at(-1)).toBe(
      '[Full report](https://example.com/report%20%281%29/) · [Screenshots, diffs and traces](https://github.com/o/r/actions/runs/42)',
    );
  });

  it('drops links that are not http or https', () => {
    const markdown = renderMarkdownReport(mixedReport, { reportUrl: 'javascript:alert(1)' });
    expect(markdown).not.toContain('javascript');
    expect(markdown).not.toContain('Full report');
  });

  it('says so when no session ran', () => {
    const markdown = renderMarkdownReport(replayReport([]));
    expect(markdown).toContain('No sessions ran.');
    expect(markdown).not.toContain('| Status');
  });
});

describe('renderSessionRow escaping', () => {
  const hostile = sessionResult('a|b `code` <script>alert(1)</script>\nnext', 'failed', {
    firstCause: {
      kind: 'page-error',
      message: '@octocat see #12 **bold** [link](x) ~~gone~~ & \\',
    },
  });
  const row = renderSessionRow(hostile);

  it('keeps six cells despite pipes and line breaks', () => {
    expect(row).not.toContain('\n');
    expect(cellsOf(row)).toHaveLength(6);
  });

  it('escapes pipes, backticks and HTML in the name', () => {
    expect(cellsOf(row)[1]).toBe('a\\|b \\`code\\` &lt;script&gt;alert(1)&lt;/script&gt; next');
  });

  it('breaks mentions and issue references in the cause', () => {
    const cause = cellsOf(row)[5]!;
    expect(cause).toContain('@\u200Boctocat');
    expect(cause).toContain('#\u200B12');
    expect(cause).not.toMatch(/@octocat|#12/);
  });

  it('escapes emphasis, links, ampersands and backslashes in the cause', () => {
    expect(cellsOf(row)[5]).toBe(
      'page-error: @\u200Boctocat see #\u200B12 \\*\\*bold\\*\\* \\[link\\](x) \\~\\~gone\\~\\~ &amp; \\\\',
    );
  });

  it('cuts long causes with an ellipsis', () => {
    const long = sessionResult('long', 'failed', {
      firstCause: { kind: 'dom-diff', message: 'x'.repeat(5000) },
    });
    const cause = cellsOf(renderSessionRow(long))[5]!;
    expect(cause.length).toBeLessThanOrEqual(200);
    expect(cause.endsWith('…')).toBe(true);
  });
});

describe('renderMarkdownReport truncation', () => {
  const failing = Array.from({ length: 100 }, (_, index) =>
    sessionResult(`failing-${String(index).padStart(4, '0')}`, 'failed', {
      checkpoints: [checkpointResult('p0-00', { diffRatio: 0.5, similarity: 0.5 })],
      firstCause: { kind: 'pixel-diff', message: `checkpoint differs ${'y'.repeat(180)}` },
    }),
  );
  const passing = Array.from({ length: 2900 }, (_, index) =>
    sessionResult(`passing-${index}`, 'passed'),
  );
  const report = replayReport([...passing, ...failing]);
  const markdown = renderMarkdownReport(report);
  const rows = tableRows(markdown);

  it('stays within the GitHub comment limit', () => {
    expect(markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_MAX_LENGTH);
  });

  it('counts the sessions left out', () => {
    const more = /_…and (\d+) more sessions, left out/.exec(markdown);
    expect(more).not.toBeNull();
    expect(rows.length + Number(more?.[1])).toBe(3000);
  });

  it('keeps the failing sessions first', () => {
    expect(rows.length).toBeGreaterThan(failing.length);
    expect(rows.slice(0, failing.length).every((row) => row.startsWith('| ❌ failed'))).toBe(true);
  });

  it('keeps the marker and the links under a small limit', () => {
    const small = renderMarkdownReport(report, {
      maxLength: 2000,
      reportUrl: 'https://example.com/r/',
    });
    expect(small.length).toBeLessThanOrEqual(2000);
    expect(small.startsWith(MARKDOWN_REPORT_MARKER)).toBe(true);
    expect(small).toContain('[Full report](https://example.com/r/)');
    expect(small).toMatch(/…and \d+ more sessions/);
  });

  it('leaves out nothing when the table fits', () => {
    expect(renderMarkdownReport(mixedReport)).not.toContain('more session');
  });
});
