import { TODOMVC_IMPLEMENTATIONS } from '../../demo/build-apps.js';
import type { DetectApp } from './app-change.js';
import { swaggerUiApp } from './swagger-variants.js';
import { todoMvcApp } from './todomvc-variants.js';
import { VARIANT_IDS, type VariantId } from './variant-kinds.js';

/** Returns every demo app the detection bench changes, with the session replayed against it. */
export function detectApps(): DetectApp[] {
  return [...TODOMVC_IMPLEMENTATIONS.map(todoMvcApp), swaggerUiApp()];
}

/**
 * Picks apps by name: `todomvc/vanillajs`, its last segment `vanillajs`, or the session name
 * `todomvc-vanillajs` all select the same app. No names selects every app.
 *
 * @throws Error listing the known names when a name matches no app.
 */
export function selectApps(apps: DetectApp[], names: string[]): DetectApp[] {
  if (names.length === 0) {
    return apps;
  }
  const matches = (app: DetectApp, name: string): boolean =>
    app.app === name || app.app.split('/').pop() === name || app.session === name;
  for (const name of names) {
    if (!apps.some((app) => matches(app, name))) {
      const known = apps.map((app) => app.app).join(', ');
      throw new Error(`--apps: no demo app is called "${name}". Known apps: ${known}.`);
    }
  }
  return apps.filter((app) => names.some((name) => matches(app, name)));
}

/**
 * Picks variants by id (`colour`) or number (`1`). No names selects every variant.
 *
 * @throws Error listing the known ids when a name matches no variant.
 */
export function selectVariants(names: string[]): VariantId[] {
  if (names.length === 0) {
    return [...VARIANT_IDS];
  }
  const selected = new Set<VariantId>();
  for (const name of names) {
    const byNumber = /^\d+$/.test(name) ? VARIANT_IDS[Number(name) - 1] : undefined;
    const id = byNumber ?? VARIANT_IDS.find((candidate) => candidate === name);
    if (id === undefined) {
      throw new Error(
        `--variants: no variant is called "${name}". Use a number from 1 to ${VARIANT_IDS.length} or one of: ${VARIANT_IDS.join(', ')}.`,
      );
    }
    selected.add(id);
  }
  return VARIANT_IDS.filter((id) => selected.has(id));
}
