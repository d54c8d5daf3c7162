import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadFlow } from '../../capture/load-flow.js';
import { readRecording } from '../../fixture/read-recording.js';
import { startStaticServer, type StaticServer } from '../../serve/static-server.js';
import { UsageError } from '../../shared/errors.js';
import { defaultSessionName, parseViewport, recordCommand } from './record.js';

const todomvcRoot = fileURLToPath(new URL('../../../node_modules/todomvc', import.meta.url));

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'replaygate-record-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('parseViewport', () => {
  it('parses WIDTHxHEIGHT', () => {
    expect(parseViewport('1280x720')).toEqual({ width: 1280, height: 720 });
    expect(parseViewport(' 390 X 844 ')).toEqual({ width: 390, height: 844 });
  });

  it.each(['1280', '0x720', '1280x', 'wide'])('rejects %s', (value) => {
    expect(() => parseViewport(value)).toThrow(UsageError);
  });
});

describe('defaultSessionName', () => {
  it('uses the flow file name', () => {
    expect(defaultSessionName('demo/flows/todomvc add.ts')).toBe('todomvc-add');
    expect(defaultSessionName(undefined)).toBe('session');
  });
});

describe('loadFlow', () => {
  it('loads a TypeScript default export', async () => {
    await writeFile(
      join(folder, 'typed.ts'),
      'export default async function flow(page: unknown, baseURL: string): Promise<void> {}\n',
    );
    expect(typeof (await loadFlow('typed.ts', folder))).toBe('function');
  });

  it('loads an .mjs default export', async () => {
    await writeFile(join(folder, 'plain.mjs'), 'export default async (page, baseURL) => {};\n');
    expect(typeof (await loadFlow('plain.mjs', folder))).toBe('function');
  });

  it('rejects a missing file', async () => {
    await expect(loadFlow('absent.ts', folder)).rejects.toThrow(/flow file "absent.ts" not found/);
  });

  it('rejects a module without a default function', async () => {
    await writeFile(join(folder, 'named.ts'), 'export const flow = async () => {};\n');
    await expect(loadFlow('named.ts', folder)).rejects.toThrow(
      /default export of "named.ts" is object, expected a function/,
    );
  });

  it('rejects a module that fails to load', async () => {
    await writeFile(join(folder, 'broken.ts'), 'throw new Error("flow setup exploded");\n');
    await expect(loadFlow('broken.ts', folder)).rejects.toThrow(
      /loading "broken.ts" failed: flow setup exploded/,
    );
  });
});

describe('recordCommand', () => {
  let server: StaticServer;

  it('rejects an --out folder before recording', async () => {
    const argv = {
      url: 'http://127.0.0.1:9/',
      // The flow is never loaded: the --out check comes first.
      flow: join(folder, 'never-loaded.ts'),
      out: folder,
      _: [],
      $0: 'replaygate',
    };
    await expect(
      recordCommand.handler(argv as Parameters<typeof recordCommand.handler>[0]),
    ).rejects.toThrow(
      /--out: ".+" is a folder\. Pass a file path such as .+never-loaded\.replay\.json\.gz/,
    );
  });

  beforeAll(async () => {
    server = await startStaticServer(todomvcRoot);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('records a flow into the output file', async () => {
    const flowFile = join(folder, 'add-todo.mts');
    await writeFile(
      flowFile,
      [
        'export default async function flow(page, baseURL) {',
        '  await page.goto(baseURL);',
        "  await page.locator('#new-todo').pressSequentially('Repot the cactus');",
        "  await page.locator('#new-todo').press('Enter');",
        "  await page.locator('#todo-list li').first().waitFor();",
        '}',
      ].join('\n'),
    );
    const out = join(folder, 'out', 'add-todo.replay.json.gz');
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    let output = '';
    try {
      const argv = {
        url: `${server.url}examples/vanillajs/`,
        flow: flowFile,
        out,
        viewport: '800x600',
        seed: 'abc',
        _: [],
        $0: 'replaygate',
      };
      await recordCommand.handler(argv as Parameters<typeof recordCommand.handler>[0]);
      output = write.mock.calls.map(([chunk]) => String(chunk)).join('');
    } finally {
      write.mockRestore();
    }
    expect(output).toContain('Wrote');
    expect(output).toContain('Recorded "add-todo": 1 page load(s)');

    const recording = await readRecording(out);
    expect(recording.meta.name).toBe('add-todo');
    expect(recording.meta.viewport).toEqual({ width: 800, height: 600 });
    expect(recording.meta.seed).toBe('abc');
  });
});
