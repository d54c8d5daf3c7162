import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { h, RrwebStream } from '../../compile/testing/rrweb-stream.js';
import { writeRecording } from '../../fixture/write-recording.js';
import type { Recording } from '../../fixture/recording.js';
import { UsageError } from '../../shared/errors.js';
import { countEvents, inspectCommand, type InspectArguments, type Inspection } from './inspect.js';

const URL = 'http://127.0.0.1:8080/';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'replaygate-inspect-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

afterEach(() => {
  vi.restoreAllMocks();
});

function sampleRecording(): Recording {
  const stream = new RrwebStream();
  const refs = stream.page(
    URL,
    h('input', { ref: 'field', class: 'new-todo', placeholder: 'What needs to be done?' }),
    h('a', { ref: 'next', href: '/next' }, 'Next'),
  );
  const field = refs.field ?? -1;
  stream.wait(100).typeText(field, 'milk').wait(20).key(field, 'Enter');
  stream
    .wait(200)
    .click(refs.next ?? -1)
    .wait(300);
  stream.page(`${URL}next`, h('p', {}, 'Done'));
  stream.custom('replaygate.url', { href: `${URL}next#top` });
  const recording = stream.recording('inspect-sample');
  const startedAt = recording.meta.startedAt;
  recording.network.push(
    {
      id: 0,
      initiator: 'fetch',
      request: { method: 'GET', url: `${URL}api/todos`, headers: {} },
      response: { status: 200, statusText: 'OK', headers: {} },
      startedAt,
      endedAt: startedAt + 5,
      pageUrl: URL,
    },
    {
      id: 1,
      initiator: 'xhr',
      request: { method: 'POST', url: `${URL}api/todos`, headers: {} },
      error: 'net::ERR_FAILED',
      startedAt,
      endedAt: startedAt + 9,
      pageUrl: URL,
    },
  );
  return recording;
}

async function runInspect(
  args: Omit<InspectArguments, 'fixture'>,
  fixture: string,
): Promise<string> {
  const chunks: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  await inspectCommand.handler({ ...args, fixture, _: [], $0: 'replaygate' });
  return chunks.join('');
}

describe('inspectCommand', () => {
  test('text output lists pages, traffic, steps and checkpoints', async () => {
    const file = join(folder, 'sample.replay.json.gz');
    await writeRecording(file, sampleRecording());
    const output = await runInspect({}, file);
    expect(output).toContain('Session inspect-sample, recorded by hand-written 0 at 1280x720');
    expect(output).toContain(`  1  ${URL}next`);
    expect(output).toContain('  IncrementalSnapshot 7 (Input 4, MouseInteraction 3)');
    expect(output).toContain('  Custom 2 (replaygate.key 1, replaygate.url 1)');
    expect(output).toContain(`  GET ${URL}api/todos 200`);
    expect(output).toContain(`  POST ${URL}api/todos failed: net::ERR_FAILED`);
    expect(output).toContain(
      '  0    0.15 s  p0  typing into input.new-todo "milk"  via keyed-path input.new-todo',
    );
    expect(output).toContain(
      `  2    0.52 s  p0  clicking a "Next"  via keyed-path a  -> ${URL}next`,
    );
    expect(output).toContain('  p1-00  after step 2');
  });

  test('json output carries the whole plan', async () => {
    const file = join(folder, 'sample.replay.json');
    await writeRecording(file, sampleRecording());
    const inspection = JSON.parse(await runInspect({ json: true }, file)) as Inspection;
    expect(inspection.pages).toEqual([URL, `${URL}next`]);
    expect(inspection.network.map((exchange) => exchange.status)).toEqual([200, null]);
    expect(inspection.steps.map((step) => step.action.kind)).toEqual(['type', 'press', 'click']);
    expect(inspection.checkpoints.map((checkpoint) => checkpoint.id)).toEqual([
      'p0-00',
      'p0-01',
      'p1-00',
    ]);
    expect(inspection.eventCounts.Meta).toBe(2);
  });

  test('missing file is a usage error', async () => {
    await expect(runInspect({}, join(folder, 'missing.replay.json.gz'))).rejects.toBeInstanceOf(
      UsageError,
    );
  });
});

describe('countEvents', () => {
  test('counts plugin events by plugin name', () => {
    const recording = sampleRecording();
    recording.events.push({
      type: 6,
      timestamp: 1,
      data: { plugin: 'rrweb/console@1', payload: {} },
    });
    expect(countEvents(recording)['Plugin/rrweb/console@1']).toBe(1);
  });
});
