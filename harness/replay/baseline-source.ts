import type { Browser, BrowserContextOptions } from '@playwright/test';
import type { CheckpointSpec } from '../compile/plan.js';
import type { Recording } from '../fixture/recording.js';
import type { BaselineSource } from '../result/types.js';
import type { SessionSettings } from '../runner/run-plan.js';
import { readBaselines, writeBaselines, type StoredBaselines } from '../baseline/baseline-store.js';
import type { CapturedCheckpoint } from './capture-checkpoint.js';
import { openRecordingRenderer, type RecordingRenderer } from './recording-baseline.js';
import { tracksUrlChanges } from './recorded-url.js';

/** The expected side of every comparison in one session. */
export interface BaselineSide {
  /** The expected evidence for a checkpoint, or undefined when there is nothing to compare. */
  expected(spec: CheckpointSpec): Promise<CapturedCheckpoint | undefined>;
  /**
   * Starts preparing the expected side of these checkpoints in the background, in order, so
   * the work overlaps the live replay. `expected` then waits for the prepared result.
   */
  prefetch(specs: readonly CheckpointSpec[]): void;
  /** Page and console errors the baseline run saw, so only new ones count. */
  knownErrors(): { pageErrors: string[]; consoleErrors: string[] };
  /** Where the expected side comes from; undefined while updating baselines. */
  describe(): BaselineSource | undefined;
  /** Stores the captured checkpoints as the session's new baselines. */
  update(
    captured: Array<{ spec: CheckpointSpec; actual: CapturedCheckpoint }>,
    errors: { pageErrors: string[]; consoleErrors: string[] },
  ): Promise<void>;
  close(): Promise<void>;
}

/**
 * Chooses the baseline of a session: stored baselines when the session has them, else the
 * recording itself rendered by rrweb's Replayer. While updating baselines nothing is compared.
 */
export async function createBaselineSource(options: {
  browser: Browser;
  recording: Recording;
  sessionName: string;
  settings: SessionSettings;
  appOrigin: string;
  recordedOrigin: string;
  contextOptions: BrowserContextOptions;
}): Promise<BaselineSide> {
  const { settings, sessionName } = options;
  const update = (
    captured: Array<{ spec: CheckpointSpec; actual: CapturedCheckpoint }>,
    errors: { pageErrors: string[]; consoleErrors: string[] },
  ): Promise<void> =>
    writeBaselines(settings.baselineDir, sessionName, {
      checkpoints: captured.map(({ spec, actual }) => ({
        id: spec.id,
        png: actual.png,
        dom: actual.dom,
        url: actual.url,
      })),
      pageErrors: errors.pageErrors,
      consoleErrors: errors.consoleErrors,
    });

  if (settings.updateBaselines) {
    return {
      expected: async () => undefined,
      prefetch: () => undefined,
      knownErrors: () => ({ pageErrors: [], consoleErrors: [] }),
      describe: () => undefined,
      update,
      close: async () => undefined,
    };
  }

  const stored = await readBaselines(settings.baselineDir, sessionName);
  if (stored) {
    return storedBaselineSide(stored, update);
  }
  return recordingBaselineSide(options, update);
}

function storedBaselineSide(stored: StoredBaselines, update: BaselineSide['update']): BaselineSide {
  return {
    async expected(spec) {
      return stored.checkpoints.get(spec.id);
    },
    prefetch: () => undefined,
    knownErrors: () => ({ pageErrors: stored.pageErrors, consoleErrors: stored.consoleErrors }),
    describe: () => 'stored',
    update,
    close: async () => undefined,
  };
}

async function recordingBaselineSide(
  options: Parameters<typeof createBaselineSource>[0],
  update: BaselineSide['update'],
): Promise<BaselineSide> {
  const { recording, contextOptions } = options;
  let renderer: Promise<RecordingRenderer> | undefined;
  let closed = false;
  // One render at a time: the Replayer seeks a single page, so renders must not interleave.
  let queue: Promise<unknown> = Promise.resolve();
  const rendered = new Map<string, Promise<CapturedCheckpoint>>();

  const render = (spec: CheckpointSpec): Promise<CapturedCheckpoint> => {
    let result = rendered.get(spec.id);
    if (result === undefined) {
      result = queue.then(async () => {
        if (closed) {
          throw new Error('The recording renderer was closed before this checkpoint.');
        }
        // Opened on first use, so a session that fails before its first checkpoint costs nothing.
        renderer ??= openRecordingRenderer(options.browser, {
          recording,
          appOrigin: options.appOrigin,
          recordedOrigin: options.recordedOrigin,
          viewport: contextOptions.viewport ?? recording.meta.viewport,
          deviceScaleFactor: recording.meta.deviceScaleFactor,
          locale: recording.meta.locale,
          timeZone: recording.meta.timeZone,
        });
        const captured = await (await renderer).render(spec.recordedAt, options.settings);
        return tracksUrlChanges(recording) ? captured : { ...captured, urlKnown: false };
      });
      // A prefetched render that is never awaited must not surface as an unhandled rejection.
      result.catch(() => undefined);
      queue = result.catch(() => undefined);
      rendered.set(spec.id, result);
    }
    return result;
  };

  return {
    expected: render,
    prefetch(specs) {
      for (const spec of specs) {
        void render(spec);
      }
    },
    // The recording carries no error log, so every page error of the replay counts as new.
    knownErrors: () => ({ pageErrors: [], consoleErrors: [] }),
    describe: () => 'recording',
    update,
    close: async () => {
      closed = true;
      await queue;
      await (await renderer?.catch(() => undefined))?.close();
    },
  };
}
