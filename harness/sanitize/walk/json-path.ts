/** One key or array index on the way from a JSON document's root to a value. */
export type JsonPathSegment = string | number;

/** Tells whether a value at a concrete path is selected by a compiled JSON path. */
export type JsonPathMatcher = (path: readonly JsonPathSegment[]) => boolean;

type Selector =
  { kind: 'name'; name: string } | { kind: 'index'; index: number } | { kind: 'wildcard' };

interface Step {
  /** True for `..`, which matches at any depth below the previous step. */
  descendant: boolean;
  selector: Selector;
}

const NAME = /^[A-Za-z_$][\w$-]*/;

/**
 * Compiles a JSONPath of the subset rules need: `$`, `.name`, `['name']`, `[3]`, `[*]`,
 * `.*` and the descendant forms `..name` and `..*`. Filters, slices and unions are not
 * supported. The matcher accepts a path at or below a selected node, so a rule on an object
 * covers every value inside it.
 *
 * @throws Error describing the first character that does not fit the grammar.
 */
export function compileJsonPath(path: string): JsonPathMatcher {
  const steps = parseSteps(path.trim());
  return (concrete) => matchFrom(steps, 0, concrete, 0);
}

function parseSteps(path: string): Step[] {
  if (!path.startsWith('$')) {
    throw new Error('a JSON path starts with "$"');
  }
  const steps: Step[] = [];
  let index = 1;
  while (index < path.length) {
    const descendant = path.startsWith('..', index);
    if (path[index] === '.') {
      index += descendant ? 2 : 1;
      if (path[index] === '[') {
        const parsed = parseBracket(path, index);
        steps.push({ descendant, selector: parsed.selector });
        index = parsed.next;
        continue;
      }
      if (path[index] === '*') {
        steps.push({ descendant, selector: { kind: 'wildcard' } });
        index += 1;
        continue;
      }
      const name = NAME.exec(path.slice(index))?.[0];
      if (name === undefined) {
        throw new Error(`expected a key name at character ${index + 1}`);
      }
      steps.push({ descendant, selector: { kind: 'name', name } });
      index += name.length;
    } else if (path[index] === '[') {
      const parsed = parseBracket(path, index);
      steps.push({ descendant: false, selector: parsed.selector });
      index = parsed.next;
    } else {
      throw new Error(`unexpected "${path[index]}" at character ${index + 1}`);
    }
  }
  if (steps.length > 0 && path.endsWith('..')) {
    throw new Error('a JSON path cannot end with ".."');
  }
  return steps;
}

function parseBracket(path: string, open: number): { selector: Selector; next: number } {
  const close = findClose(path, open);
  const inner = path.slice(open + 1, close).trim();
  const next = close + 1;
  if (inner === '*') {
    return { selector: { kind: 'wildcard' }, next };
  }
  if (/^\d+$/.test(inner)) {
    return { selector: { kind: 'index', index: Number(inner) }, next };
  }
  const quoted = /^(['"])(.*)\1$/s.exec(inner);
  if (quoted) {
    const name = quoted[2]!.replace(/\\(['"\\])/g, '$1');
    return { selector: { kind: 'name', name }, next };
  }
  throw new Error(
    `unsupported selector "[${inner}]" at character ${open + 1}: use [*], a number or a quoted key`,
  );
}

function findClose(path: string, open: number): number {
  let quote: string | undefined;
  for (let index = open + 1; index < path.length; index++) {
    const char = path[index];
    if (quote !== undefined) {
      if (char === '\\') {
        index += 1;
      } else if (char === quote) {
        quote = undefined;
      }
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === ']') {
      return index;
    }
  }
  throw new Error(`"[" at character ${open + 1} is not closed`);
}

function selects(selector: Selector, segment: JsonPathSegment): boolean {
  switch (selector.kind) {
    case 'wildcard':
      return true;
    case 'name':
      return typeof segment === 'string' && segment === selector.name;
    case 'index':
      return typeof segment === 'number' && segment === selector.index;
  }
}

function matchFrom(
  steps: readonly Step[],
  stepIndex: number,
  path: readonly JsonPathSegment[],
  pathIndex: number,
): boolean {
  if (stepIndex === steps.length) {
    return true;
  }
  const step = steps[stepIndex]!;
  if (!step.descendant) {
    return (
      pathIndex < path.length &&
      selects(step.selector, path[pathIndex]!) &&
      matchFrom(steps, stepIndex + 1, path, pathIndex + 1)
    );
  }
  for (let index = pathIndex; index < path.length; index++) {
    if (selects(step.selector, path[index]!) && matchFrom(steps, stepIndex + 1, path, index + 1)) {
      return true;
    }
  }
  return false;
}
