import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeHtmlReport } from '../../../reporters/html/index.js';
import { buildSampleReport } from '../../../reporters/html/testing/sample-report.js';
import { UsageError } from '../../shared/errors.js';
import { runShowReport, serveReport } from './show-report.js';

let root: string;
let reportFolder: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'replaygate-show-report-'));
  reportFolder = join(root, 'replaygate-report');
  await writeHtmlReport(await buildSampleReport(join(root, 'runs')), {
    outputFolder: reportFolder,
  });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('serveReport', () => {
  it('serves the report on 127.0.0.1', async () => {
    const server = await serveReport(reportFolder, 0);
    try {
      expect(new URL(server.url).hostname).toBe('127.0.0.1');
      const index = await fetch(server.url);
      expect(index.status).toBe(200);
      expect(await index.text()).toContain('<h1>Replay report</h1>');
      const session = await fetch(new URL('sessions/todo-list/index.html', server.url));
      expect(session.status).toBe(200);
      const image = await fetch(new URL('sessions/todo-list/images/001-actual.png', server.url));
      expect(image.headers.get('content-type')).toBe('image/png');
    } finally {
      await server.close();
    }
  });

  it('rejects a missing folder', async () => {
    await expect(serveReport(join(root, 'missing'), 0)).rejects.toThrow(
      /No HTML report folder at .*missing/,
    );
  });

  it('rejects a folder without index.html', async () => {
    const folder = join(root, 'not-a-report');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'notes.txt'), 'text');
    await expect(serveReport(folder, 0)).rejects.toThrow(/has no index.html/);
  });

  it('rejects an invalid port', async () => {
    await expect(serveReport(reportFolder, 70_000)).rejects.toThrow(UsageError);
  });

  it('rejects a port in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolveListen) => blocker.listen(0, '127.0.0.1', resolveListen));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      await expect(serveReport(reportFolder, port)).rejects.toThrow(
        new RegExp(`Port ${port} on 127.0.0.1 is already in use`),
      );
    } finally {
      await new Promise((resolveClose) => blocker.close(resolveClose));
    }
  });
});

describe('runShowReport', () => {
  it('prints the URL and serves until aborted', async () => {
    let printed = '';
    const output = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        printed += chunk.toString();
        callback();
      },
    });
    const controller = new AbortController();

    const running = runShowReport({ folder: reportFolder, port: 0 }, controller.signal, output);
    await expect.poll(() => printed).toContain('Serving the HTML report at http://127.0.0.1:');
    const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(printed)?.[0];
    expect(url).toBeDefined();
    expect((await fetch(url!)).status).toBe(200);

    controller.abort();
    await running;
    await expect(fetch(url!)).rejects.toThrow();
  });
});
