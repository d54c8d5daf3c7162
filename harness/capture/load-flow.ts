import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { createJiti } from 'jiti';
import { UsageError } from '../shared/errors.js';
import type { RecordingFlow } from './record-session.js';

/**
 * Loads a flow module and returns its default export. jiti compiles TypeScript on the fly,
 * so `.ts`, `.mts`, `.js` and `.mjs` flows work without a build step.
 *
 * @throws UsageError when the file is missing, fails to load or exports no function.
 */
export async function loadFlow(file: string, cwd: string = process.cwd()): Promise<RecordingFlow> {
  const path = resolve(cwd, file);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new UsageError(
      `--flow: flow file "${file}" not found. Pass the path of a module whose default export is async function flow(page, baseURL).`,
    );
  }

  let exported: unknown;
  try {
    exported = await createJiti(import.meta.url, { moduleCache: false }).import(path, {
      default: true,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`--flow: loading "${file}" failed: ${message}`, { cause: error });
  }

  if (typeof exported !== 'function') {
    const found = exported === null ? 'null' : typeof exported;
    throw new UsageError(
      `--flow: the default export of "${file}" is ${found}, expected a function. Write "export default async function flow(page, baseURL) { ... }".`,
    );
  }
  return exported as RecordingFlow;
}
