import { copyFile, cp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageFolder, projectRoot } from './project-paths.js';

/**
 * TodoMVC implementations that work offline with the libraries bundled in the todomvc
 * package. Checked by loading each one with every non-local request aborted and running the
 * demo flow: vue, knockoutjs and mithril failed that flow, and jquery lacks its libraries.
 */
export const TODOMVC_IMPLEMENTATIONS = ['vanillajs', 'backbone', 'react', 'emberjs'] as const;

/** One of the TodoMVC implementations the demo builds. */
export type TodoMvcImplementation = (typeof TODOMVC_IMPLEMENTATIONS)[number];

/**
 * Copies the demo apps into `outDir`: each TodoMVC implementation to `todomvc/<impl>/` and
 * Swagger UI to `swagger-ui/` with the demo initializer and OpenAPI document. Earlier copies
 * are removed first, so no stale file survives a rebuild.
 */
export async function buildDemoApps(outDir: string): Promise<void> {
  await copyTodoMvc(outDir);
  await copySwaggerUi(outDir);
}

async function copyTodoMvc(outDir: string): Promise<void> {
  const todomvc = packageFolder('todomvc');
  for (const implementation of TODOMVC_IMPLEMENTATIONS) {
    const target = join(outDir, 'todomvc', implementation);
    await rm(target, { recursive: true, force: true });
    await cp(join(todomvc, 'examples', implementation), target, { recursive: true });
    // The shared TodoMVC script requests learn.json from the folder above `examples/`, or
    // from the page's own folder when the URL has no `examples/`, which is the case here.
    await copyFile(join(todomvc, 'learn.json'), join(target, 'learn.json'));
  }
}

async function copySwaggerUi(outDir: string): Promise<void> {
  const target = join(outDir, 'swagger-ui');
  await rm(target, { recursive: true, force: true });
  await cp(packageFolder('swagger-ui-dist'), target, {
    recursive: true,
    // Source maps and the ES module bundles are not loaded by index.html.
    filter: (source) => !source.endsWith('.map') && !/swagger-ui-es-bundle/.test(source),
  });
  const demoFolder = join(projectRoot(), 'demo', 'swagger-ui');
  await copyFile(
    join(demoFolder, 'swagger-initializer.js'),
    join(target, 'swagger-initializer.js'),
  );
  await copyFile(join(demoFolder, 'openapi.json'), join(target, 'openapi.json'));
}

/** Default output folder, relative to the project root. */
export const DEFAULT_APPS_DIR = 'demo/.apps';

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const outDir = resolve(process.argv[2] ?? join(projectRoot(), DEFAULT_APPS_DIR));
  await buildDemoApps(outDir);
  process.stdout.write(`Built the demo apps in ${outDir}\n`);
}
