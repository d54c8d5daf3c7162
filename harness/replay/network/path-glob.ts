import { UsageError } from '../../shared/errors.js';

/**
 * Compiles a URL path glob to a RegExp matching a whole pathname. `**` matches any
 * characters including `/`, `*` any characters except `/`, `?` one character except `/`.
 *
 * @throws UsageError when the glob does not start with `/`.
 */
export function compilePathGlob(glob: string): RegExp {
  if (!glob.startsWith('/')) {
    throw new UsageError(
      `Passthrough path "${glob}" must be a URL path starting with "/", for example "/static/**".`,
    );
  }
  let pattern = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string;
    if (char === '*' && glob[i + 1] === '*') {
      pattern += '.*';
      i++;
    } else if (char === '*') {
      pattern += '[^/]*';
    } else if (char === '?') {
      pattern += '[^/]';
    } else {
      pattern += char.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
    }
  }
  return new RegExp(`^${pattern}$`);
}
