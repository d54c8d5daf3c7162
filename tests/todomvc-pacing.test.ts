import { chromium, type Browser, type Locator, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KLM_OPERATOR_MS, klmDurationMs } from '../demo/flows/keystroke-level-model.js';
import {
  createTodomvcFlow,
  PAUSE_POINTS,
  SCRIPTED_PACING,
  type TodoFlowPacing,
} from '../demo/flows/todomvc.js';
import { HUMAN_PACING, HUMAN_PAUSE_OPERATORS } from '../demo/flows/todomvc-human-pacing.js';
import { browserLaunchOptions, deadEndProxy } from '../harness/browser/resolve-browser.js';
import { startStaticServer, type StaticServer } from '../harness/serve/static-server.js';
import { createWorkspace, type Workspace } from './support/workspace.js';

/** Characters the flow types: the four todos and the renamed second one. */
const TYPED_CHARACTERS =
  'Repot the fiddle-leaf fig'.length +
  'Return library books'.length +
  'Book a bike service'.length +
  'Buy oat milk'.length +
  'Return library books by Friday'.length;

describe('klmDurationMs', () => {
  it('sums operator times', () => {
    expect(klmDurationMs('MPK')).toBe(2730);
    expect(klmDurationMs('HMKK')).toBe(2310);
    expect(klmDurationMs('')).toBe(0);
  });

  it('rejects an unknown operator', () => {
    expect(() => klmDurationMs('MPX')).toThrow(/"X" in the operator sequence "MPX"/);
  });
});

describe('HUMAN_PACING', () => {
  it('sets every pause point from its operators', () => {
    for (const point of PAUSE_POINTS) {
      expect(HUMAN_PACING.pauses[point]).toBe(klmDurationMs(HUMAN_PAUSE_OPERATORS[point]));
    }
  });

  it('types one keystroke per character', () => {
    expect(HUMAN_PACING.keyDelayMs).toBe(KLM_OPERATOR_MS.K);
  });
});

/** What a flow run waited for and how it typed, with every wait and key delay skipped. */
interface FlowTrace {
  waits: number[];
  keyDelays: number[];
  remainingTodos: string[];
}

let workspace: Workspace;
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  workspace = await createWorkspace('todomvc-pacing');
  server = await startStaticServer(workspace.apps);
  browser = await chromium.launch({ ...browserLaunchOptions(), proxy: deadEndProxy([server.url]) });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await workspace?.remove();
});

/**
 * Runs the flow on the vanillajs app in Chromium. Waits and key delays are recorded instead of
 * spent, so the test checks the pacing without taking the 76.5 s the model predicts.
 */
async function traceFlow(pacing: TodoFlowPacing): Promise<FlowTrace> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const trace: FlowTrace = { waits: [], keyDelays: [], remainingTodos: [] };
  page.waitForTimeout = async (timeout: number): Promise<void> => {
    trace.waits.push(timeout);
  };
  const locatorPrototype = Object.getPrototypeOf(page.locator('body')) as Locator;
  const pressSequentially = locatorPrototype.pressSequentially;
  locatorPrototype.pressSequentially = async function (
    this: Locator,
    text: string,
    options?: { delay?: number; timeout?: number },
  ): Promise<void> {
    trace.keyDelays.push(options?.delay ?? 0);
    await pressSequentially.call(this, text, { ...options, delay: 0 });
  };
  try {
    await createTodomvcFlow(pacing)(page as Page, new URL('todomvc/vanillajs/', server.url).href);
    trace.remainingTodos = await page.locator('#todo-list label').allTextContents();
  } finally {
    locatorPrototype.pressSequentially = pressSequentially;
    await context.close();
  }
  return trace;
}

describe('createTodomvcFlow', () => {
  it('keeps the scripted pauses of the demo recordings', async () => {
    const trace = await traceFlow(SCRIPTED_PACING);
    const addTodo = [200, 350];
    expect(trace.waits).toEqual([
      600,
      ...addTodo,
      ...addTodo,
      ...addTodo,
      ...addTodo,
      300,
      350,
      350,
      500,
      500,
      500,
      300,
      350,
      500,
    ]);
    expect(trace.keyDelays).toEqual([25, 25, 25, 25, 25]);
    expect(trace.remainingTodos).toEqual(['Return library books by Friday', 'Buy oat milk']);
  });

  it('paces a person by the Keystroke-Level Model', async () => {
    const trace = await traceFlow(HUMAN_PACING);
    const addTodo = ['MPK', 'H', 'MK', 'H'];
    const operators = [
      ...addTodo,
      ...addTodo,
      ...addTodo,
      ...addTodo,
      'MPKK',
      'HMKK',
      'MK',
      'H',
      'MPK',
      'MPK',
      'MPK',
      'MPK',
      'MP',
      'PK',
      'MPK',
      'M',
    ];
    expect(trace.waits).toEqual(operators.map(klmDurationMs));
    expect(trace.keyDelays).toEqual([280, 280, 280, 280, 280]);
    expect(trace.remainingTodos).toEqual(['Return library books by Friday', 'Buy oat milk']);

    const predictedMs =
      trace.waits.reduce((sum, wait) => sum + wait, 0) + TYPED_CHARACTERS * HUMAN_PACING.keyDelayMs;
    expect(predictedMs).toBe(76_500);
  });
});
