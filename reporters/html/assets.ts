import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { installIndexFilters } from './client/index-filters.js';
import { startPlayer } from './client/player-start.js';
import { installSessionViews } from './client/session-views.js';
import { PLAYER_CSS, REPORT_CSS } from './styles.js';

/** File names under `assets/`, as the pages reference them. */
export const ASSETS = {
  reportCss: 'report.css',
  playerCss: 'player.css',
  indexJs: 'index.js',
  sessionJs: 'session.js',
  playerJs: 'player.js',
  rrwebPlayerJs: 'rrweb-player.min.js',
  rrwebPlayerCss: 'rrweb-player.css',
} as const;

/** Turns a self-contained browser function into a classic script that runs it once. */
function scriptOf(entry: () => void): string {
  return `'use strict';\n(${entry.toString()})();\n`;
}

/** Finds the folder of rrweb-player's build through `dist/style.css`, a path its package exports. */
function rrwebPlayerDist(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('rrweb-player/dist/style.css'));
}

/**
 * Writes the report's style sheets and scripts into `folder/assets`, and copies rrweb-player's
 * UMD build and style sheet from its npm package, so the report needs no network.
 */
export async function writeAssets(folder: string): Promise<void> {
  const assets = join(folder, 'assets');
  await mkdir(assets, { recursive: true });
  await writeFile(join(assets, ASSETS.reportCss), REPORT_CSS);
  await writeFile(join(assets, ASSETS.playerCss), PLAYER_CSS);
  await writeFile(join(assets, ASSETS.indexJs), scriptOf(installIndexFilters));
  await writeFile(join(assets, ASSETS.sessionJs), scriptOf(installSessionViews));
  await writeFile(join(assets, ASSETS.playerJs), scriptOf(startPlayer));

  const playerDist = rrwebPlayerDist();
  await copyFile(join(playerDist, 'rrweb-player.umd.min.cjs'), join(assets, ASSETS.rrwebPlayerJs));
  await copyFile(join(playerDist, 'style.css'), join(assets, ASSETS.rrwebPlayerCss));
}
