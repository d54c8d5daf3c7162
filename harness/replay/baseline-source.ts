import type { Browser, BrowserContextOptions } from '@playwright/test';
import type { CheckpointSpec } from '../compile/plan.js';
import type { Recording } from '../fixture/recording.js';
import type { BaselineSource, RenderCacheOutcome } from '../result/types.js';
import type { SessionSettings } from '../runner/run-plan.js';
import { readBaselines, writeBaselines, type StoredBaselines } from '../baseline/baseline-store.js';
import type { CapturedCheckpoint } from './capture-checkpoint.js';
import {
  openRecordingRenderer,
  type RecordingRenderer,
  type RenderOutput,
} from './recording-baseline.js';
import { tracksUrlChanges } from './recorded-url.js';
import { openRenderCache, type RenderCache } from './render-cache/render-cache.js';
import { sessionRenderKeys } from './render-cache/session-keys.js';

/** The expected side of one checkpoint, and whether the render cache supplied it. */
export interface ExpectedCheckpoint extends CapturedCheckpoint {
  /** Set for a render of the recording while the render cache is on. */
  renderCache?: RenderCacheOutcome;
}

/** The expected side of every comparison in one session. */
export interface BaselineSide {
  /** The expected evidence for a checkpoint, or undefined when there is nothing to compare. */
  expected(spec: CheckpointSpec): Promise<ExpectedCheckpoint | undefined>;
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
  const { recording, contextOptions, settings } = options;
  const viewport = contextOptions.viewport ?? recording.meta.viewport;
  const cache = openSessionCache(options, viewport);
  let renderer: Promise<RecordingRenderer> | undefined;
  let closed = false;
  // One render at a time: the Replayer seeks a single page, so renders must not interleave.
  let queue: Promise<unknown> = Promise.resolve();
  const rendered = new Map<string, Promise<ExpectedCheckpoint>>();
  const pendingStores: Array<Promise<void>> = [];

  const renderNow = async (spec: CheckpointSpec): Promise<RenderOutput> => {
    if (closed) {
      throw new Error('The recording renderer was closed before this checkpoint.');
    }
    // Opened on first use, so a session that fails before its first checkpoint, or whose
    // renders all come from the cache, costs nothing.
    renderer ??= openRecordingRenderer(options.browser, {
      recording,
      appOrigin: options.appOrigin,
      recordedOrigin: options.recordedOrigin,
      viewport,
      deviceScaleFactor: recording.meta.deviceScaleFactor,
      locale: recording.meta.locale,
      timeZone: recording.meta.timeZone,
    });
    return (await renderer).render(spec.recordedAt, settings);
  };

  const expected = (spec: CheckpointSpec): Promise<ExpectedCheckpoint> => {
    let result = rendered.get(spec.id);
    if (result === undefined) {
      const key = cache?.keyFor(spec.recordedAt);
      const hit =
        cache === undefined || key === undefined
          ? Promise.resolve(undefined)
          : cache.lookup(key).catch(() => undefined);
      // The queue slot is taken now, so misses render in checkpoint order while lookups run.
      const slot = queue.then(async () => ((await hit) ? undefined : renderNow(spec)));
      queue = slot.catch(() => undefined);
      result = (async () => {
        const entry = await hit;
        if (entry) {
          return withUrlKnown({ png: entry.png, dom: entry.dom, url: entry.url }, 'hit');
        }
        const output = await slot;
        if (output === undefined) {
          throw new Error(`Checkpoint ${spec.id} was neither cached nor rendered.`);
        }
        if (cache && key !== undefined && output.assets !== undefined) {
          pendingStores.push(cache.store({ key, assets: output.assets, ...output.checkpoint }));
        }
        return withUrlKnown(output.checkpoint, cache ? 'miss' : undefined);
      })();
      // A prefetched render that is never awaited must not surface as an unhandled rejection.
      result.catch(() => undefined);
      rendered.set(spec.id, result);
    }
    return result;
  };

  const withUrlKnown = (
    captured: CapturedCheckpoint,
    outcome: RenderCacheOutcome | undefined,
  ): ExpectedCheckpoint => ({
    ...captured,
    ...(tracksUrlChanges(recording) ? {} : { urlKnown: false }),
    ...(outcome ? { renderCache: outcome } : {}),
  });

  return {
    expected,
    prefetch(specs) {
      for (const spec of specs) {
        void expected(spec);
      }
    },
    // The recording carries no error log, so every page error of the replay counts as new.
    knownErrors: () => ({ pageErrors: [], consoleErrors: [] }),
    describe: () => 'recording',
    update,
    close: async () => {
      closed = true;
      await queue;
      await Promise.all(pendingStores);
      await (await renderer?.catch(() => undefined))?.close();
    },
  };
}

/**
 * Opens the render cache for one session, with the session's key function. Returns undefined
 * when the cache is off, the app is not on 127.0.0.1, or the browser cannot be identified.
 */
function openSessionCache(
  options: Parameters<typeof createBaselineSource>[0],
  viewport: { width: number; height: number },
): (RenderCache & { keyFor(recordedAt: number): string }) | undefined {
  const dir = options.settings.renderCache;
  if (dir === undefined || dir === false) {
    return undefined;
  }
  const cache = openRenderCache({ dir, appOrigin: options.appOrigin });
  const keyFor = cache
    ? sessionRenderKeys({
        browser: options.browser,
        recording: options.recording,
        recordedOrigin: options.recordedOrigin,
        viewport,
        capture: options.settings,
      })
    : undefined;
  return cache && keyFor ? { ...cache, keyFor } : undefined;
}
