import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { recordSession } from '../../harness/capture/record-session.js';
import type { Recording } from '../../harness/fixture/recording.js';
import { writeRecording } from '../../harness/fixture/write-recording.js';

/** A scripted flow: what the recorded user does, from the page at `baseURL`. */
export type Flow = (page: Page, baseURL: string) => Promise<void>;

/** Inputs of {@link recordFlowToFile}. */
export interface RecordFlowOptions {
  /** Page the flow starts on. */
  url: string;
  /** Session name, also the seed of the page's random numbers unless `seed` is set. */
  name: string;
  flow: Flow;
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

/** Inputs of {@link recordAppFlow}. */
export interface AppFlowOptions {
  name: string;
  /** Folder of the test app, relative to the root that the server serves. */
  folder: string;
  flow: Flow;
  /** Path of the recording file. Defaults to `<name>.replay.json.gz` in `recordings`. */
  file?: string;
}

/**
 * Records a scripted flow on the test app in `options.folder` of the server at `serverUrl`,
 * and writes it to `options.file` or into the folder `recordings`.
 */
export function recordAppFlow(
  serverUrl: string,
  recordings: string,
  options: AppFlowOptions,
): Promise<Recording> {
  const { name, folder, flow } = options;
  return recordFlowToFile({
    url: new URL(`${folder}/`, serverUrl).href,
    name,
    flow,
    file: options.file ?? join(recordings, `${name}.replay.json.gz`),
  });
}
