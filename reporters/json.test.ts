import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPORT_FORMAT, REPORT_VERSION, type ReplayReport } from '../harness/result/types.js';
import { UsageError } from '../harness/shared/errors.js';
import { readJsonReport, writeJsonReport } from './json.js';

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'replaygate-json-report-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

function buildReport(): ReplayReport {
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    startedAt: '2025-01-01T00:00:00.000Z',
    durationMs: 4200,
    baseURL: 'http://127.0.0.1:4173/',
    shard: { current: 2, total: 3 },
    sessions: [
      {
        name: 'todo-edit',
        fixture: 'recordings/todo-edit.replay.json.gz',
        status: 'failed',
        fidelity: 0.91,
        firstCause: { kind: 'dom-diff', message: 'text changed', checkpointId: 'p0-01' },
        baselineSource: 'recording',
        steps: [
          {
            index: 0,
            kind: 'type',
            description: 'input.new-todo',
            resolved: true,
            strategy: 'id',
            selector: '#new-todo',
          },
        ],
        checkpoints: [
          {
            id: 'p0-01',
            label: 'after typing',
            afterStep: 0,
            url: 'http://127.0.0.1:4173/#/',
            baselineSource: 'recording',
            pixels: { identicalBytes: false, diffPixels: 12, totalPixels: 1000, diffRatio: 0.012 },
            dom: {
              similarity: 0.91,
              changes: [{ type: 'text', path: 'li > label', expected: 'milk', actual: 'mlik' }],
              omittedChanges: 0,
            },
            fidelity: 0.91,
            passed: false,
            images: {
              actual: 'p0-01-actual.png',
              expected: 'p0-01-expected.png',
              diff: 'p0-01-diff.png',
            },
          },
        ],
        network: {
          recorded: 1,
          app: 0,
          blocked: 1,
          log: [
            {
              method: 'GET',
              url: 'http://127.0.0.1:4173/api/todos',
              outcome: 'recorded',
              status: 200,
              exchangeId: 0,
            },
            { method: 'GET', url: 'https://tracker.invalid/pixel', outcome: 'blocked' },
          ],
        },
        pageErrors: ['Error: “unicode” – ok'],
        consoleErrors: [],
        durationMs: 4100,
        recordedDurationMs: 8000,
        attempts: 2,
        outputDir: join(folder, 'todo-edit'),
      },
    ],
    totals: { passed: 0, failed: 1, flaky: 0, errored: 0, skipped: 0 },
    exitCode: 1,
  };
}

async function writeRaw(name: string, data: unknown): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, typeof data === 'string' ? data : JSON.stringify(data));
  return path;
}

describe('writeJsonReport', () => {
  it('round-trips a report', async () => {
    const path = join(folder, 'nested', 'report.json');
    const report = buildReport();
    await writeJsonReport(path, report);
    await expect(readJsonReport(path)).resolves.toEqual(report);
  });

  it('pretty-prints with a final newline', async () => {
    const path = join(folder, 'report.json');
    await writeJsonReport(path, buildReport());
    const text = await readFile(path, 'utf8');
    expect(text.startsWith('{\n  "format": "replaygate.report",\n  "version": 1,')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('leaves no temporary files', async () => {
    await writeJsonReport(join(folder, 'report.json'), buildReport());
    await writeJsonReport(join(folder, 'report.json'), buildReport());
    expect(await readdir(folder)).toEqual(['report.json']);
  });
});

describe('readJsonReport', () => {
  it('rejects a missing file', async () => {
    const path = join(folder, 'missing.json');
    await expect(readJsonReport(path)).rejects.toThrow(UsageError);
    await expect(readJsonReport(path)).rejects.toThrow(`Report not found: ${path}.`);
  });

  it('rejects invalid JSON', async () => {
    const path = await writeRaw('broken.json', '{"format": "replaygate.report", ');
    await expect(readJsonReport(path)).rejects.toThrow(`${path} is not valid JSON`);
  });

  it('rejects another format', async () => {
    const path = await writeRaw('other.json', { format: 'playwright', version: 1, sessions: [] });
    await expect(readJsonReport(path)).rejects.toThrow(
      `${path} is not a replaygate report: expected "format": "replaygate.report", found "playwright".`,
    );
  });

  it('rejects a JSON array', async () => {
    const path = await writeRaw('array.json', []);
    await expect(readJsonReport(path)).rejects.toThrow('found no object');
  });

  it('rejects a newer version', async () => {
    const path = await writeRaw('newer.json', { ...buildReport(), version: REPORT_VERSION + 1 });
    await expect(readJsonReport(path)).rejects.toThrow(
      `${path} is report version ${REPORT_VERSION + 1}, but this replaygate reads version ${REPORT_VERSION}. Upgrade replaygate`,
    );
  });

  it('rejects an older version', async () => {
    const path = await writeRaw('older.json', { ...buildReport(), version: 0 });
    await expect(readJsonReport(path)).rejects.toThrow('which this replaygate no longer reads');
  });

  it('rejects a version that is not a whole number', async () => {
    const path = await writeRaw('odd.json', { ...buildReport(), version: '1' });
    await expect(readJsonReport(path)).rejects.toThrow(`${path} has an invalid report version "1"`);
  });

  it('rejects a report without sessions', async () => {
    const { sessions: _sessions, ...rest } = buildReport();
    const path = await writeRaw('partial.json', rest);
    await expect(readJsonReport(path)).rejects.toThrow(`${path} has no "sessions" list`);
  });
});
