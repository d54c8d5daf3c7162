import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The detectors are also bundled for the browser, where the recorder masks values in the
 * page, so nothing they load at run time may need Node.
 */
const DETECT_DIR = dirname(fileURLToPath(import.meta.url));
const BUILTINS = new Set(builtinModules);
/** Value imports and re-exports; `import type` and `export type` are erased by the compiler. */
const VALUE_IMPORT = /^\s*(?:import|export)\s+(?!type\b)[^'";]*?from\s+'([^']+)'/gm;
const SIDE_EFFECT_IMPORT = /^\s*import\s+'([^']+)'/gm;
const DYNAMIC_IMPORT = /\b(?:import|require)\s*\(\s*'([^']+)'/g;
/** Node globals that browsers do not have. */
const NODE_GLOBAL = /\b(?:Buffer|process|__dirname|__filename|require|global)\b/;

function sourceFiles(): string[] {
  return readdirSync(DETECT_DIR)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .map((name) => join(DETECT_DIR, name));
}

function importsOf(source: string): string[] {
  return [VALUE_IMPORT, SIDE_EFFECT_IMPORT, DYNAMIC_IMPORT].flatMap((pattern) =>
    [...source.matchAll(pattern)].map((match) => match[1] as string),
  );
}

function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || BUILTINS.has(specifier.split('/')[0] as string);
}

/** Lines of code without comment lines, so a comment may name Node APIs. */
function codeLines(source: string): string[] {
  return source.split('\n').filter((line) => {
    const trimmed = line.trim();
    return !trimmed.startsWith('//') && !trimmed.startsWith('*') && !trimmed.startsWith('/*');
  });
}

/** Every file that the detector sources load at run time, through relative imports. */
function reachableFiles(): Map<string, string> {
  const sources = new Map<string, string>();
  const queue = sourceFiles();
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (sources.has(file)) {
      continue;
    }
    const source = readFileSync(file, 'utf8');
    sources.set(file, source);
    for (const specifier of importsOf(source)) {
      if (specifier.startsWith('.')) {
        queue.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      }
    }
  }
  return sources;
}

describe('detector sources', () => {
  const files = reachableFiles();

  it('include every detector module', () => {
    const names = [...files.keys()].map((file) => relative(DETECT_DIR, file));
    expect(names).toEqual(expect.arrayContaining(['index.ts', 'ipv6.ts', 'jwt.ts', 'phone.ts']));
  });

  it('import no Node built-in module', () => {
    const offending = [...files].flatMap(([file, source]) =>
      importsOf(source)
        .filter(isNodeBuiltin)
        .map((specifier) => `${relative(DETECT_DIR, file)}: ${specifier}`),
    );
    expect(offending).toEqual([]);
  });

  it('use no Node global', () => {
    const offending = [...files].flatMap(([file, source]) =>
      codeLines(source)
        .filter((line) => NODE_GLOBAL.test(line))
        .map((line) => `${relative(DETECT_DIR, file)}: ${line.trim()}`),
    );
    expect(offending).toEqual([]);
  });

  it('catches a node: import', () => {
    expect(importsOf("import { isIPv6 } from 'node:net';").filter(isNodeBuiltin)).toEqual([
      'node:net',
    ]);
    expect(importsOf("import { readFile } from 'fs';").filter(isNodeBuiltin)).toEqual(['fs']);
    expect(importsOf("import type { Socket } from 'node:net';")).toEqual([]);
  });
});
