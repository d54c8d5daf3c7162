import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayReport, SessionResult } from '../../harness/result/types.js';
import { UsageError } from '../../harness/shared/errors.js';
import { writeHtmlReport } from './index.js';
import { PAGE_POLICY, PLAYER_POLICY } from './layout.js';
import { assignSlugs } from './session-files.js';
import { buildSampleReport, HOSTILE, hostileRecordingEvents } from './testing/sample-report.js';

const HOSTILE_SLUG = 'evil-script-window-replaygateinjected-window-replaygateinjec';

let root: string;
let report: ReplayReport;
let outputFolder: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'replaygate-html-report-'));
  report = await buildSampleReport(join(root, 'runs'));
  outputFolder = join(root, 'report');
  await writeHtmlReport(report, {
    outputFolder,
    recordingFor: async (session) =>
      session.status === 'failed' ? hostileRecordingEvents() : undefined,
  });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
    .sort();
}

function read(path: string): Promise<string> {
  return readFile(join(outputFolder, path), 'utf8');
}

/** Collapses runs of white space, which the page templates' line breaks vary. */
function collapse(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** Replaces the temporary root, so snapshots do not depend on where the test ran. */
function normalize(text: string): string {
  return text.split(root).join('<root>');
}

/** Lists the start tags of a page with their attributes. Escaped text contains no `<`, so only tags match. */
function startTags(page: string): Array<{ name: string; attributes: Map<string, string> }> {
  const tags = [];
  for (const match of page.matchAll(/<([a-z][a-z0-9-]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*>/g)) {
    const attributes = new Map<string, string>();
    for (const attribute of (match[2] ?? '').matchAll(/([^\s=>]+)(?:="([^"]*)")?/g)) {
      attributes.set(attribute[1]!, attribute[2] ?? '');
    }
    tags.push({ name: match[1]!, attributes });
  }
  return tags;
}

describe('writeHtmlReport', () => {
  it('writes the index, a folder per session and the assets', async () => {
    expect(await listFiles(outputFolder)).toEqual([
      '.replaygate-report',
      'assets/index.js',
      'assets/player.css',
      'assets/player.js',
      'assets/report.css',
      'assets/rrweb-player.css',
      'assets/rrweb-player.min.js',
      'assets/session.js',
      'index.html',
      `sessions/${HOSTILE_SLUG}/images/001-actual.png`,
      `sessions/${HOSTILE_SLUG}/images/001-diff.png`,
      `sessions/${HOSTILE_SLUG}/images/001-expected.png`,
      `sessions/${HOSTILE_SLUG}/index.html`,
      `sessions/${HOSTILE_SLUG}/player.html`,
      `sessions/${HOSTILE_SLUG}/trace.zip`,
      'sessions/todo-list/images/001-actual.png',
      'sessions/todo-list/images/001-expected.png',
      'sessions/todo-list/index.html',
    ]);
  });

  it('copies screenshots byte for byte', async () => {
    const hostile = report.sessions[1]!;
    const source = await readFile(join(hostile.outputDir, 'p0-00-diff.png'));
    const copy = await readFile(
      join(outputFolder, 'sessions', HOSTILE_SLUG, 'images', '001-diff.png'),
    );
    expect(copy.equals(source)).toBe(true);
  });

  it('lists sessions worst first on the index', async () => {
    const index = await read('index.html');
    const statuses = [...index.matchAll(/<tr data-status="([a-z]+)"/g)].map((match) => match[1]);
    expect(statuses).toEqual(['failed', 'passed']);
  });

  it('matches the index snapshot', async () => {
    expect(normalize(await read('index.html'))).toMatchSnapshot();
  });

  it('matches the hostile session page snapshot', async () => {
    const page = await read(`sessions/${HOSTILE_SLUG}/index.html`);
    expect(normalize(page)).toMatchSnapshot();
  });

  it('shows the steps resolved count and the first cause', async () => {
    const index = collapse(await read('index.html'));
    expect(index).toContain('<td class="num">1/2</td>');
    expect(index).toContain('<span class="cause-kind">dom-diff</span');
  });

  it('shows an unresolved step with its escaped error', async () => {
    const page = collapse(await read(`sessions/${HOSTILE_SLUG}/index.html`));
    expect(page).toContain('<tr id="step-1" class="unresolved">');
    expect(page).toContain('<pre>Timed out waiting for &lt;/script&gt;&lt;script&gt;');
  });

  it('shows the show-trace command for the copied trace', async () => {
    const page = collapse(await read(`sessions/${HOSTILE_SLUG}/index.html`));
    expect(page).toContain(`npx playwright show-trace sessions/${HOSTILE_SLUG}/trace.zip`);
  });
});

describe('writeHtmlReport escaping', () => {
  const pages = [
    'index.html',
    `sessions/${HOSTILE_SLUG}/index.html`,
    `sessions/${HOSTILE_SLUG}/player.html`,
    'sessions/todo-list/index.html',
  ];

  it.each(pages)('%s contains no raw payload', async (path) => {
    const page = await read(path);
    for (const payload of Object.values(HOSTILE)) {
      // The player's JSON data block keeps a `javascript:` URL as text, which is inert there.
      if (path.endsWith('player.html') && payload === HOSTILE.javascriptUrl) {
        continue;
      }
      expect(page).not.toContain(payload);
    }
    expect(page).not.toMatch(/<img src=x/i);
    expect(page).not.toMatch(/<svg/i);
  });

  it.each(pages)('%s has no event-handler attribute or foreign URL', async (path) => {
    for (const tag of startTags(await read(path))) {
      for (const [name, value] of tag.attributes) {
        expect(name, `<${tag.name} ${name}>`).not.toMatch(/^on/i);
        if (name === 'href' || name === 'src') {
          expect(value, `<${tag.name} ${name}>`).toMatch(/^(#[\w-]+|data:,|[\w./%-]+)$/);
        }
      }
    }
  });

  it.each(pages)('%s runs scripts only from files', async (path) => {
    const scripts = startTags(await read(path)).filter((tag) => tag.name === 'script');
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      const isFile = script.attributes.get('src')?.includes('assets/') === true;
      const isData = script.attributes.get('type') === 'application/json';
      expect(isFile || isData).toBe(true);
    }
  });

  it.each(pages)('%s has no inline style', async (path) => {
    const page = await read(path);
    expect(page).not.toMatch(/<style/i);
    expect(startTags(page).some((tag) => tag.attributes.has('style'))).toBe(false);
  });

  it.each(pages)('%s sets a policy and no referrer', async (path) => {
    const tags = startTags(await read(path));
    const policy = tags.find(
      (tag) => tag.attributes.get('http-equiv') === 'Content-Security-Policy',
    );
    const expected = path.endsWith('player.html') ? PLAYER_POLICY : PAGE_POLICY;
    expect(policy?.attributes.get('content')?.replaceAll('&#39;', "'")).toBe(expected);
    const referrer = tags.find((tag) => tag.attributes.get('name') === 'referrer');
    expect(referrer?.attributes.get('content')).toBe('no-referrer');
  });

  it('embeds the recording as JSON that parses back unchanged', async () => {
    const player = await read(`sessions/${HOSTILE_SLUG}/player.html`);
    const block =
      /<script type="application\/json" id="recording-events">([\s\S]*?)<\/script>/.exec(player);
    expect(block).not.toBeNull();
    expect(block![1]).not.toMatch(/<\/script|<!--/i);
    expect(JSON.parse(block![1]!)).toEqual(hostileRecordingEvents());
  });

  it('sandboxes the player frame', async () => {
    const page = await read(`sessions/${HOSTILE_SLUG}/index.html`);
    const frames = startTags(page).filter((tag) => tag.name === 'iframe');
    expect(frames).toHaveLength(1);
    expect(frames[0]!.attributes.get('src')).toBe('player.html');
    expect(frames[0]!.attributes.get('sandbox')).toBe('allow-scripts allow-same-origin');
  });
});

describe('writeHtmlReport files', () => {
  async function sessionWithOutside(name: string): Promise<SessionResult> {
    const outputDir = join(root, 'outside-test', name);
    await mkdir(outputDir, { recursive: true });
    await writeFile(join(root, 'outside-test', 'secret.png'), 'secret');
    const passing = report.sessions[0]!;
    return {
      ...passing,
      name,
      outputDir,
      checkpoints: [
        { ...passing.checkpoints[0]!, images: { actual: '../secret.png', expected: 'gone.png' } },
      ],
      tracePath: join(root, 'outside-test', 'secret.zip'),
    };
  }

  it('copies no image or trace from outside the output folder', async () => {
    const session = await sessionWithOutside('outside');
    await writeFile(join(root, 'outside-test', 'secret.zip'), 'secret');
    const folder = join(root, 'outside-report');
    await writeHtmlReport({ ...report, sessions: [session] }, { outputFolder: folder });

    const files = await listFiles(folder);
    expect(files.filter((file) => file.startsWith('sessions/'))).toEqual([
      'sessions/outside/index.html',
    ]);
    const page = collapse(await readFile(join(folder, 'sessions/outside/index.html'), 'utf8'));
    expect(page).toContain(
      "Image not found in the session's output folder: <code>../secret.png</code>",
    );
    expect(page).toContain('<code>gone.png</code>');
    expect(page).toContain('was not found when this report was built');
  });

  it('shows why a recording could not be read', async () => {
    const folder = join(root, 'unreadable-report');
    await writeHtmlReport(
      { ...report, sessions: [report.sessions[0]!] },
      {
        outputFolder: folder,
        recordingFor: () => Promise.reject(new Error(`fixture missing ${HOSTILE.scriptTag}`)),
      },
    );
    const page = collapse(await readFile(join(folder, 'sessions/todo-list/index.html'), 'utf8'));
    expect(page).toContain('The recording could not be read: fixture missing &lt;script&gt;');
    expect(await listFiles(join(folder, 'sessions/todo-list'))).not.toContain('player.html');
  });

  it('says so when no recording is given', async () => {
    const page = collapse(await read('sessions/todo-list/index.html'));
    expect(page).toContain('The recording was not included in this report.');
  });

  it('writes an empty report', async () => {
    const folder = join(root, 'empty-report');
    const empty: ReplayReport = {
      ...report,
      sessions: [],
      totals: { passed: 0, failed: 0, flaky: 0, errored: 0, skipped: 0 },
      exitCode: 0,
    };
    await writeHtmlReport(empty, { outputFolder: folder });
    const index = collapse(await readFile(join(folder, 'index.html'), 'utf8'));
    expect(index).toContain('No sessions ran.');
    expect(index).not.toContain('data-filter');
  });

  it('replaces an earlier report and leaves no staging folder', async () => {
    const folder = join(root, 'replaced', 'report');
    await writeHtmlReport(report, { outputFolder: folder });
    await writeFile(join(folder, 'stale.txt'), 'from the earlier report');

    await writeHtmlReport({ ...report, sessions: [report.sessions[0]!] }, { outputFolder: folder });

    expect(await readdir(join(root, 'replaced'))).toEqual(['report']);
    const files = await listFiles(folder);
    expect(files).not.toContain('stale.txt');
    expect(files).toContain('sessions/todo-list/index.html');
    expect(files.some((file) => file.startsWith(`sessions/${HOSTILE_SLUG}`))).toBe(false);
  });

  it('rejects a folder that is not a report and leaves it unchanged', async () => {
    const folder = join(root, 'user-files', 'docs');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'notes.md'), 'keep me');

    await expect(writeHtmlReport(report, { outputFolder: folder })).rejects.toThrow(UsageError);
    await expect(writeHtmlReport(report, { outputFolder: folder })).rejects.toThrow(
      /is not a replaygate report/,
    );
    expect(await readdir(folder)).toEqual(['notes.md']);
    expect(await readdir(join(root, 'user-files'))).toEqual(['docs']);
  });

  it('rejects a file in place of the folder', async () => {
    const file = join(root, 'a-file');
    await writeFile(file, 'text');
    await expect(writeHtmlReport(report, { outputFolder: file })).rejects.toThrow(
      /a file with that name exists/,
    );
  });
});

describe('assignSlugs', () => {
  it('derives safe, unique folder names', () => {
    const names = ['../../etc', '<script>', '', 'A B', 'a-b', 'a b'];
    const sessions = names.map((name) => ({ name }) as SessionResult);
    const slugs = assignSlugs(sessions);
    expect(sessions.map((session) => slugs.get(session))).toEqual([
      'etc',
      'script',
      'session',
      'a-b',
      'a-b-2',
      'a-b-3',
    ]);
  });
});
