import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import type { SessionResult } from '../result/types.js';

/**
 * Finds where a path recorded on another machine now lives under `folder`: the longest tail
 * of its segments that exists there. `/home/runner/work/app/replaygate-results/sessions/x`
 * read from a download in `shard-1/` becomes `shard-1/sessions/x`. Returns the path unchanged
 * when it still exists or no tail matches.
 */
export function rebasePath(path: string, folder: string): string {
  if (path === '' || existsSync(path)) {
    return path;
  }
  const segments = path.split(/[\\/]/).filter((segment) => segment !== '');
  for (let start = 0; start < segments.length; start += 1) {
    const candidate = join(folder, ...segments.slice(start));
    if (existsSync(candidate) && candidate !== folder && candidate.startsWith(`${folder}${sep}`)) {
      return candidate;
    }
  }
  return path;
}

/**
 * Points a session's output folder and trace at the copies next to the report it was read
 * from, because a shard's report contains absolute paths of the machine that ran it.
 */
export function rebaseSessionPaths(session: SessionResult, reportPath: string): SessionResult {
  const folder = dirname(reportPath);
  const rebased: SessionResult = { ...session, outputDir: rebasePath(session.outputDir, folder) };
  if (session.tracePath !== undefined) {
    rebased.tracePath = rebasePath(session.tracePath, folder);
  }
  return rebased;
}
