import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EventType, IncrementalSource, MouseInteractions, NodeType } from '@rrweb/types';
import { PNG } from 'pngjs';
import {
  REPORT_FORMAT,
  REPORT_VERSION,
  type ReplayReport,
  type SessionResult,
} from '../../../harness/result/types.js';

/**
 * Hand-built reports for the HTML reporter's tests: one ordinary session and one whose every
 * recorded string is an injection attempt. A payload that runs increments
 * `window.__replaygateInjected`, logs {@link INJECTION_MARKER} and opens an alert, so a test can
 * detect it by a global, a console message or a dialog.
 */

/** Console text and alert text of every payload. */
export const INJECTION_MARKER = 'replaygate-injected';

/** JavaScript every payload runs; contains no double quote, so it fits in attribute values. */
export const PAYLOAD = `window.__replaygateInjected=(window.__replaygateInjected||0)+1;console.log('${INJECTION_MARKER}');alert('${INJECTION_MARKER}')`;

/** Injection attempts for text, attribute values, URLs and JSON data blocks. */
export const HOSTILE = {
  scriptTag: `<script>${PAYLOAD}</script>`,
  attributeBreakout: `"><img src=x onerror="${PAYLOAD}">`,
  singleQuoteBreakout: `'><svg onload="${PAYLOAD}">`,
  javascriptUrl: `javascript:${PAYLOAD}`,
  scriptBlockBreakout: `</script><script>${PAYLOAD}</script><!--`,
} as const;

const ALL_HOSTILE = Object.values(HOSTILE).join(' ');

/** Writes a small PNG of one colour with a darker band, so images differ visibly. */
async function writePng(path: string, rgb: [number, number, number]): Promise<void> {
  const png = new PNG({ width: 320, height: 180 });
  for (let y = 0; y < png.height; y += 1) {
    for (let x = 0; x < png.width; x += 1) {
      const offset = (y * png.width + x) * 4;
      const band = y > 60 && y < 120 ? 0.6 : 1;
      png.data[offset] = Math.round(rgb[0] * band);
      png.data[offset + 1] = Math.round(rgb[1] * band);
      png.data[offset + 2] = Math.round(rgb[2] * band);
      png.data[offset + 3] = 255;
    }
  }
  await writeFile(path, PNG.sync.write(png));
}

function emptySession(name: string, outputDir: string): SessionResult {
  return {
    name,
    fixture: `/recordings/${name}.replay.json.gz`,
    status: 'passed',
    fidelity: 1,
    steps: [],
    checkpoints: [],
    network: { recorded: 0, app: 0, blocked: 0, log: [] },
    pageErrors: [],
    consoleErrors: [],
    durationMs: 1234,
    recordedDurationMs: 5678,
    attempts: 1,
    outputDir,
  };
}

/** Builds a passing session with one checkpoint and identical screenshots. */
async function passingSession(root: string): Promise<SessionResult> {
  const outputDir = join(root, 'passing');
  await mkdir(outputDir, { recursive: true });
  await writePng(join(outputDir, 'p0-00-actual.png'), [80, 160, 80]);
  await writePng(join(outputDir, 'p0-00-expected.png'), [80, 160, 80]);
  return {
    ...emptySession('todo-list', outputDir),
    steps: [
      {
        index: 0,
        kind: 'click',
        description: 'clicking input#new-todo',
        resolved: true,
        strategy: 'id',
        selector: '#new-todo',
      },
    ],
    checkpoints: [
      {
        id: 'p0-00',
        label: 'after loading the page',
        afterStep: -1,
        url: 'http://127.0.0.1:4173/',
        pixels: { identicalBytes: true, diffPixels: 0, totalPixels: 57600, diffRatio: 0 },
        dom: { similarity: 1, changes: [], omittedChanges: 0 },
        fidelity: 1,
        passed: true,
        images: { actual: 'p0-00-actual.png', expected: 'p0-00-expected.png' },
      },
    ],
    network: {
      recorded: 1,
      app: 1,
      blocked: 0,
      log: [
        { method: 'GET', url: 'http://127.0.0.1:4173/', outcome: 'app' },
        {
          method: 'GET',
          url: 'https://api.example.test/todos',
          outcome: 'recorded',
          status: 200,
          exchangeId: 0,
        },
      ],
    },
  };
}

/** Builds a failed session whose every string, from its name to its network log, is hostile. */
async function hostileSession(root: string): Promise<SessionResult> {
  const outputDir = join(root, 'hostile');
  await mkdir(outputDir, { recursive: true });
  await writePng(join(outputDir, 'p0-00-actual.png'), [200, 60, 60]);
  await writePng(join(outputDir, 'p0-00-expected.png'), [60, 60, 200]);
  await writePng(join(outputDir, 'p0-00-diff.png'), [255, 0, 0]);
  await writeFile(join(outputDir, 'trace.zip'), 'not a real trace');
  return {
    ...emptySession(`evil ${HOSTILE.scriptTag}`, outputDir),
    fixture: `/recordings/${HOSTILE.attributeBreakout}.replay.json.gz`,
    status: 'failed',
    fidelity: 0.5,
    firstCause: {
      kind: 'dom-diff',
      message: ALL_HOSTILE,
      checkpointId: HOSTILE.attributeBreakout,
      stepIndex: 0,
    },
    steps: [
      {
        index: 0,
        kind: 'click',
        description: `clicking ${ALL_HOSTILE}`,
        resolved: true,
        strategy: 'text',
        selector: `a[href="${HOSTILE.javascriptUrl}"] ${HOSTILE.attributeBreakout}`,
      },
      {
        index: 1,
        kind: HOSTILE.scriptTag,
        description: HOSTILE.singleQuoteBreakout,
        resolved: false,
        error: `Timed out waiting for ${HOSTILE.scriptBlockBreakout}`,
      },
    ],
    checkpoints: [
      {
        id: HOSTILE.attributeBreakout,
        label: `after clicking ${ALL_HOSTILE}`,
        afterStep: 0,
        url: HOSTILE.javascriptUrl,
        expectedUrl: `https://app.example.test/${HOSTILE.attributeBreakout}`,
        pixels: { identicalBytes: false, diffPixels: 28800, totalPixels: 57600, diffRatio: 0.5 },
        dom: {
          similarity: 0.5,
          changes: [
            {
              type: 'text',
              path: `main > h1${HOSTILE.scriptTag}`,
              expected: HOSTILE.scriptTag,
              actual: HOSTILE.scriptBlockBreakout,
            },
            {
              type: 'attribute',
              path: 'main > a',
              attribute: HOSTILE.singleQuoteBreakout,
              expected: HOSTILE.javascriptUrl,
              actual: HOSTILE.attributeBreakout,
            },
          ],
          omittedChanges: 3,
        },
        fidelity: 0.5,
        passed: false,
        images: {
          actual: 'p0-00-actual.png',
          expected: 'p0-00-expected.png',
          diff: 'p0-00-diff.png',
        },
      },
    ],
    network: {
      recorded: 1,
      app: 0,
      blocked: 2,
      log: [
        { method: HOSTILE.scriptTag, url: HOSTILE.javascriptUrl, outcome: 'blocked' },
        {
          method: 'GET',
          url: `https://evil.example.test/${HOSTILE.attributeBreakout}`,
          outcome: 'blocked',
        },
        {
          method: 'POST',
          url: 'https://api.example.test/save',
          outcome: 'recorded',
          status: 201,
          exchangeId: 4,
          warning: HOSTILE.scriptBlockBreakout,
        },
      ],
    },
    pageErrors: [`Error: ${HOSTILE.scriptTag}`],
    consoleErrors: [HOSTILE.attributeBreakout, HOSTILE.javascriptUrl],
    tracePath: join(outputDir, 'trace.zip'),
  };
}

/**
 * Builds a report with an ordinary passing session and a hostile failed one, writing their
 * screenshots under `root`. The report's start time and durations are fixed.
 */
export async function buildSampleReport(root: string): Promise<ReplayReport> {
  const sessions = [await passingSession(root), await hostileSession(root)];
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    startedAt: '2026-01-31T14:05:09.000Z',
    durationMs: 65_000,
    baseURL: `http://127.0.0.1:4173/${HOSTILE.attributeBreakout}`,
    sessions,
    totals: { passed: 1, failed: 1, flaky: 0, errored: 0, skipped: 0 },
    exitCode: 1,
  };
}

/**
 * rrweb events of a page whose DOM carries every payload: a script element, event-handler
 * attributes, `javascript:` links, a `srcdoc` frame and markup in text. A later mutation adds
 * another script and a handler, so playing the recording to its end replays them too.
 */
export function hostileRecordingEvents(): unknown[] {
  const start = 1_767_225_600_000;
  const text = (id: number, textContent: string) => ({ type: NodeType.Text, id, textContent });
  const element = (
    id: number,
    tagName: string,
    attributes: Record<string, string>,
    childNodes: unknown[] = [],
  ) => ({ type: NodeType.Element, id, tagName, attributes, childNodes });
  const body = element(7, 'body', { onload: PAYLOAD }, [
    element(8, 'h1', { title: HOSTILE.attributeBreakout }, [
      text(9, `Hostile heading ${HOSTILE.scriptTag}`),
    ]),
    element(10, 'img', { src: 'x', onerror: PAYLOAD }),
    element(11, 'a', { href: HOSTILE.javascriptUrl }, [text(12, 'hostile link')]),
    element(13, 'iframe', { srcdoc: HOSTILE.scriptTag }),
    element(14, 'p', {}, [text(15, HOSTILE.scriptBlockBreakout)]),
  ]);
  const html = element(3, 'html', {}, [
    element(4, 'head', {}, [element(5, 'script', {}, [text(6, PAYLOAD)])]),
    body,
  ]);
  return [
    {
      type: EventType.Meta,
      data: { href: HOSTILE.javascriptUrl, width: 800, height: 450 },
      timestamp: start,
    },
    {
      type: EventType.FullSnapshot,
      data: {
        node: {
          type: NodeType.Document,
          id: 1,
          childNodes: [
            { type: NodeType.DocumentType, id: 2, name: 'html', publicId: '', systemId: '' },
            html,
          ],
        },
        initialOffset: { top: 0, left: 0 },
      },
      timestamp: start + 10,
    },
    {
      type: EventType.IncrementalSnapshot,
      data: {
        source: IncrementalSource.Mutation,
        texts: [],
        attributes: [{ id: 8, attributes: { onclick: PAYLOAD, style: 'color: red' } }],
        removes: [],
        adds: [{ parentId: 7, nextId: null, node: element(20, 'script', {}, [text(21, PAYLOAD)]) }],
      },
      timestamp: start + 400,
    },
    {
      type: EventType.IncrementalSnapshot,
      data: {
        source: IncrementalSource.MouseInteraction,
        type: MouseInteractions.Click,
        id: 11,
        x: 20,
        y: 60,
      },
      timestamp: start + 800,
    },
  ];
}
