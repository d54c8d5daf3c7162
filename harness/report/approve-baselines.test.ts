import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkpointResult,
  replayReport,
  sessionResult,
} from '../../reporters/testing/report-fixtures.js';
import { readBaselines, sessionBaselineFolder } from '../baseline/baseline-store.js';
import type { SessionResult } from '../result/types.js';
import type { DomSnapshot } from '../score/dom-snapshot.js';
import { UsageError } from '../shared/errors.js';
import { ACTUAL_DOM_SUFFIX, approveSessions } from './approve-baselines.js';

let folder: string;
let baselineDir: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'replaygate-approve-'));
  baselineDir = join(folder, 'baselines');
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

function domOf(text: string): DomSnapshot {
  return {
    url: 'http://127.0.0.1:4173/#/',
    title: 'Todos',
    root: {
      tag: 'html',
      attributes: {},
      children: [{ tag: 'p', attributes: {}, text, children: [] }],
    },
  };
}

/** Builds a session whose output folder contains one actual PNG and DOM snapshot per checkpoint. */
async function sessionOnDisk(
  name: string,
  status: SessionResult['status'],
  overrides: Partial<SessionResult> = {},
) {
  const outputDir = join(folder, 'results', 'sessions', name);
  const session = sessionResult(name, status, {
    outputDir,
    checkpoints: [checkpointResult('p0-00'), checkpointResult('p0-01', { diffRatio: 0.1 })],
    pageErrors: ['TypeError: x is undefined'],
    ...overrides,
  });
  await mkdir(outputDir, { recursive: true });
  for (const checkpoint of session.checkpoints) {
    await writeFile(join(outputDir, checkpoint.images.actual), `png of ${name} ${checkpoint.id}`);
    await writeFile(
      join(outputDir, `${checkpoint.id}${ACTUAL_DOM_SUFFIX}`),
      JSON.stringify(domOf(`${name} ${checkpoint.id}`)),
    );
  }
  return session;
}

async function errorOf(run: Promise<unknown>): Promise<UsageError> {
  try {
    await run;
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('approveSessions succeeded but an error was expected');
}

describe('approveSessions', () => {
  it('stores the actual screenshots and DOM as baselines', async () => {
    const failed = await sessionOnDisk('todo-edit', 'failed');
    const report = replayReport([failed]);
    const result = await approveSessions({
      report,
      reportPath: 'report.json',
      names: [],
      baselineDir,
    });

    expect(result.approved).toEqual([{ name: 'todo-edit', checkpoints: 2 }]);
    const stored = await readBaselines(baselineDir, 'todo-edit');
    expect([...(stored?.checkpoints.keys() ?? [])]).toEqual(['p0-00', 'p0-01']);
    expect(stored?.checkpoints.get('p0-01')?.png.toString()).toBe('png of todo-edit p0-01');
    expect(stored?.checkpoints.get('p0-01')?.dom).toEqual(domOf('todo-edit p0-01'));
    expect(stored?.checkpoints.get('p0-01')?.url).toBe('http://127.0.0.1:4173/#/');
    expect(stored?.pageErrors).toEqual(['TypeError: x is undefined']);
  });

  it('approves only the named sessions', async () => {
    const report = replayReport([
      await sessionOnDisk('a', 'failed'),
      await sessionOnDisk('b', 'failed'),
    ]);
    await approveSessions({ report, reportPath: 'report.json', names: ['b'], baselineDir });
    expect(existsSync(sessionBaselineFolder(baselineDir, 'a'))).toBe(false);
    expect(await readBaselines(baselineDir, 'b')).toBeDefined();
  });

  it('leaves skipped sessions out of a whole-run approval', async () => {
    const skipped = sessionResult('later', 'skipped', { checkpoints: [], steps: [] });
    const report = replayReport([await sessionOnDisk('a', 'passed'), skipped]);
    const result = await approveSessions({
      report,
      reportPath: 'report.json',
      names: [],
      baselineDir,
    });
    expect(result.approved.map((session) => session.name)).toEqual(['a']);
    expect(result.skipped).toEqual(['later']);
  });

  it('rejects an errored session and writes nothing', async () => {
    const errored = await sessionOnDisk('broken', 'errored', {
      firstCause: { kind: 'invalid-fixture', message: 'gzip header missing' },
    });
    const report = replayReport([await sessionOnDisk('fine', 'failed'), errored]);
    const error = await errorOf(
      approveSessions({ report, reportPath: 'report.json', names: [], baselineDir }),
    );
    expect(error.message).toContain('"broken": it errored (invalid-fixture: gzip header missing)');
    expect(error.message).toContain('replaygate approve fine');
    expect(existsSync(baselineDir)).toBe(false);
  });

  it('rejects a session with an unresolved step', async () => {
    const cut = await sessionOnDisk('cut', 'failed', {
      steps: [
        { index: 0, kind: 'click', description: 'button "Add"', resolved: true },
        { index: 1, kind: 'click', description: 'button "Save"', resolved: false },
      ],
    });
    const error = await errorOf(
      approveSessions({
        report: replayReport([cut]),
        reportPath: 'report.json',
        names: ['cut'],
        baselineDir,
      }),
    );
    expect(error.message).toContain('step 1 (button "Save") did not resolve');
  });

  it('rejects an unknown name, listing the sessions', async () => {
    const report = replayReport([await sessionOnDisk('a', 'passed')]);
    const error = await errorOf(
      approveSessions({ report, reportPath: 'out/report.json', names: ['b'], baselineDir }),
    );
    expect(error.message).toBe('No session named "b" in out/report.json. Sessions of that run: a.');
  });

  it('rejects a checkpoint without its DOM snapshot', async () => {
    const session = await sessionOnDisk('a', 'failed');
    await rm(join(session.outputDir, `p0-01${ACTUAL_DOM_SUFFIX}`));
    const error = await errorOf(
      approveSessions({
        report: replayReport([session]),
        reportPath: 'report.json',
        names: [],
        baselineDir,
      }),
    );
    expect(error.message).toContain(`p0-01${ACTUAL_DOM_SUFFIX} is missing`);
    expect(existsSync(baselineDir)).toBe(false);
  });
});
