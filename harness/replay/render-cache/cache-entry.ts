import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { DomSnapshot, DomSnapshotNode } from '../../score/dom-snapshot.js';
import type { AssetFingerprint } from '../player-assets.js';

/** The `format` field of a cache entry file. */
export const ENTRY_FORMAT = 'replaygate.recording-render';

/** Version of the entry file layout; an entry of another version is a miss. */
export const ENTRY_VERSION = 1;

/** One cached render: the screenshot and DOM snapshot, and the app assets they depend on. */
export interface CacheEntry {
  key: string;
  assets: AssetFingerprint[];
  png: Buffer;
  dom: DomSnapshot;
  url: string;
}

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

const assetSchema = z.strictObject({
  path: z.string().startsWith('/'),
  accept: z.string(),
  status: z.number().int(),
  contentType: z.string(),
  sha256: sha256Hex,
});

const domNodeSchema: z.ZodType<DomSnapshotNode> = z.lazy(() =>
  z.strictObject({
    tag: z.string(),
    attributes: z.record(z.string(), z.string()),
    text: z.string().optional(),
    value: z.string().optional(),
    checked: z.boolean().optional(),
    selected: z.boolean().optional(),
    masked: z.boolean().optional(),
    children: z.array(domNodeSchema),
  }),
);

const entryFileSchema = z.strictObject({
  format: z.literal(ENTRY_FORMAT),
  version: z.literal(ENTRY_VERSION),
  key: sha256Hex,
  assets: z.array(assetSchema),
  url: z.string(),
  dom: z.strictObject({ url: z.string(), title: z.string(), root: domNodeSchema }),
  /** Base64 of the PNG screenshot. */
  png: z.string(),
  /** SHA-256 of the decoded PNG, so a damaged file is never used. */
  pngSha256: sha256Hex,
});

/** Returns the name of the file that contains `assets`' variant of a render, such as `3f…a1.json`. */
export function variantFileName(assets: readonly AssetFingerprint[]): string {
  const digest = createHash('sha256').update(JSON.stringify(assets)).digest('hex');
  return `${digest.slice(0, 32)}.json`;
}

/** True for a file name {@link variantFileName} returns. */
export function isVariantFileName(name: string): boolean {
  return /^[0-9a-f]{32}\.json$/.test(name);
}

/** Serializes an entry for {@link parseEntry}. */
export function serializeEntry(entry: CacheEntry): string {
  return JSON.stringify({
    format: ENTRY_FORMAT,
    version: ENTRY_VERSION,
    key: entry.key,
    assets: entry.assets,
    url: entry.url,
    dom: entry.dom,
    png: entry.png.toString('base64'),
    pngSha256: createHash('sha256').update(entry.png).digest('hex'),
  });
}

/**
 * Parses an entry file. Returns undefined for anything but a complete, intact entry of
 * `expectedKey`: invalid JSON, another layout, another key, or a PNG that fails its checksum.
 */
export function parseEntry(text: string, expectedKey: string): CacheEntry | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = entryFileSchema.safeParse(raw);
  if (!parsed.success || parsed.data.key !== expectedKey) {
    return undefined;
  }
  const png = Buffer.from(parsed.data.png, 'base64');
  if (createHash('sha256').update(png).digest('hex') !== parsed.data.pngSha256) {
    return undefined;
  }
  return {
    key: parsed.data.key,
    assets: parsed.data.assets,
    png,
    dom: parsed.data.dom,
    url: parsed.data.url,
  };
}
