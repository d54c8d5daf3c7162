import { z } from 'zod';

/** The `format` field of every baseline manifest. */
export const BASELINE_FORMAT = 'replaygate.baselines';

/** Version of the manifest layout; bumped on any incompatible change. */
export const BASELINE_VERSION = 1;

/** File name of the manifest inside a session's baseline folder. */
export const MANIFEST_FILE = 'manifest.json';

/** Content files are named by the first 16 hex digits (64 bits) of their SHA-256. */
export const CONTENT_FILE = /^[0-9a-f]{16}\.(png|dom\.json)$/;

/** One checkpoint's entry in the manifest. */
export interface ManifestCheckpoint {
  id: string;
  /** The page URL when the baseline was captured. */
  url: string;
  /** Screenshot file name inside the session folder. */
  image: string;
  /** DOM snapshot file name inside the session folder. */
  dom: string;
}

/** The `manifest.json` of one session's baselines. */
export interface BaselineManifest {
  format: typeof BASELINE_FORMAT;
  version: typeof BASELINE_VERSION;
  /** The session name as written in the recording, before folder name encoding. */
  session: string;
  checkpoints: ManifestCheckpoint[];
  pageErrors: string[];
  consoleErrors: string[];
}

const contentFileName = (extension: 'png' | 'dom.json') =>
  z
    .string()
    .regex(
      new RegExp(`^[0-9a-f]{16}\\.${extension.replace('.', '\\.')}$`),
      `expected a content file name like 0123456789abcdef.${extension}`,
    );

/** Validates a parsed manifest; file names are checked so a manifest cannot point outside its folder. */
export const manifestSchema = z.object({
  format: z.literal(BASELINE_FORMAT),
  version: z.literal(BASELINE_VERSION),
  session: z.string(),
  checkpoints: z.array(
    z.object({
      id: z.string().min(1),
      url: z.string(),
      image: contentFileName('png'),
      dom: contentFileName('dom.json'),
    }),
  ),
  pageErrors: z.array(z.string()),
  consoleErrors: z.array(z.string()),
});
