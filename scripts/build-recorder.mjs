#!/usr/bin/env node
// Bundles the production recorder (harness/recorder) for browsers into dist/recorder.
// - index.js is ESM for apps with a bundler. rrweb and the other runtime dependencies stay
//   imports, so the app's bundler resolves them.
// - replaygate-recorder.min.js is an IIFE for a script tag. It includes rrweb and sets
//   window.replaygate.
// The script then prints the IIFE's size in bytes, minified and gzip-compressed, with and
// without rrweb.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist', 'recorder');
const bundleDir = join(root, 'harness', 'recorder', 'bundle');
const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));

// Shared sanitizer modules that use Node's `Buffer` global: each gets an import of the
// browser stand-in instead.
const BUFFER_USERS = /[\\/]harness[\\/]sanitize[\\/]walk[\\/](url|content-type)\.ts$/;

/** Adds `import { Buffer } from '<stand-in>'` to the modules that use the global. */
const bufferStandIn = {
  name: 'buffer-stand-in',
  setup(builder) {
    builder.onLoad({ filter: BUFFER_USERS }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const standIn = JSON.stringify(join(bundleDir, 'buffer.ts'));
      return { contents: `import { Buffer } from ${standIn};\n${source}`, loader: 'ts' };
    });
  },
};

/** Replaces rrweb with an empty module, to measure the recorder's own size. */
const withoutRrweb = {
  name: 'without-rrweb',
  setup(builder) {
    builder.onResolve({ filter: /^rrweb$/ }, () => ({ path: 'rrweb', namespace: 'stub' }));
    builder.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: 'export function record() {}',
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  platform: 'browser',
  target: ['es2020'],
  define: { __REPLAYGATE_VERSION__: JSON.stringify(version) },
  legalComments: 'none',
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: [join(root, 'harness', 'recorder', 'index.ts')],
  outfile: join(outDir, 'index.js'),
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  plugins: [bufferStandIn],
});

const scriptOptions = {
  ...common,
  entryPoints: [join(root, 'harness', 'recorder', 'script.ts')],
  format: 'iife',
  minify: true,
};
const script = await build({
  ...scriptOptions,
  outfile: join(outDir, 'replaygate-recorder.min.js'),
  sourcemap: 'linked',
  plugins: [bufferStandIn],
  metafile: true,
});
const ownOnly = await build({
  ...scriptOptions,
  outfile: join(outDir, 'measure.js'),
  write: false,
  plugins: [bufferStandIn, withoutRrweb],
});

// A shared module that starts to use `Buffer` would throw a ReferenceError in the page, so
// the build fails until it is listed in BUFFER_USERS.
for (const input of Object.keys(script.metafile.inputs)) {
  const shared = input.startsWith('harness/') && !input.startsWith('harness/recorder/bundle/');
  if (shared && !BUFFER_USERS.test(`/${input}`)) {
    const source = await readFile(join(root, input), 'utf8');
    if (/\bBuffer\b/.test(source)) {
      throw new Error(
        `${input} uses Node's Buffer; add it to BUFFER_USERS in scripts/build-recorder.mjs.`,
      );
    }
  }
}

const scriptFile = join(outDir, 'replaygate-recorder.min.js');
const withRrweb = await readFile(scriptFile);
const ownBytes = ownOnly.outputFiles.find((file) => file.path.endsWith('.js')).contents;
const size = (bytes) => `${bytes.length} B minified, ${gzipSync(bytes).length} B gzip`;
process.stdout.write(
  [
    `recorder: wrote ${join('dist', 'recorder', 'index.js')} and ${join('dist', 'recorder', 'replaygate-recorder.min.js')}`,
    `recorder: script with rrweb     ${size(withRrweb)}`,
    `recorder: script without rrweb  ${size(ownBytes)}`,
    '',
  ].join('\n'),
);
