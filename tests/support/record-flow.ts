import type { Page } from '@playwright/test';
import { recordSession } from '../../harness/capture/record-session.js';
import type { Recording } from '../../harness/fixture/recording.js';
import { writeRecording } from '../../harness/fixture/write-recording.js';

/** Inputs of {@link recordFlowToFile}. */
export interface RecordFlowOptions {
  /** Page the flow starts on. */
  url: string;
  /** Session name, also the seed of the page's random numbers unless `seed` is set. */
  name: string;
  flow: (page: Page, baseURL: string) => Promise<void>;
  /** Path of the recording file to write. */
  file: string;
  seed?: string;
}

/**
 * Records a scripted flow in the viewport, locale and time zone that the replay tests use,
 * and writes it to `file`.
 */
export async function recordFlowToFile(options: RecordFlowOptions): Promise<Recording> {
  const recording = await recordSession({
    url: options.url,
    name: options.name,
    flow: options.flow,
    viewport: { width: 1280, height: 720 },
    deviceScaleFactor: 1,
    locale: 'en-US',
    timeZone: 'UTC',
    seed: options.seed ?? options.name,
  });
  await writeRecording(options.file, recording);
  return recording;
}
