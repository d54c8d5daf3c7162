import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Folders whose files decide which fonts a browser finds and how it substitutes them: the
 * font folders of Linux, macOS and Windows, and fontconfig's configuration. Missing folders
 * are skipped.
 */
function fontFolders(env: NodeJS.ProcessEnv): string[] {
  const home = homedir();
  return [
    '/etc/fonts',
    '/usr/share/fonts',
    '/usr/local/share/fonts',
    join(home, '.fonts'),
    join(home, '.local', 'share', 'fonts'),
    '/System/Library/Fonts',
    '/Library/Fonts',
    join(home, 'Library', 'Fonts'),
    join(env.SystemRoot ?? env.windir ?? 'C:\\Windows', 'Fonts'),
  ];
}

/** Environment variables that point fontconfig at other configuration or fonts. */
const FONT_ENV = ['FONTCONFIG_FILE', 'FONTCONFIG_PATH', 'FONTCONFIG_SYSROOT'];

/** Files listed per folder at most, so a huge font folder cannot stall a replay. */
const MAX_FILES = 20_000;

let cached: string | undefined;

/**
 * Returns a SHA-256 (hex) over the installed font files (path, size, modification time),
 * fontconfig's configuration files and the variables that redirect it. A render of the
 * recording depends on these as much as on the browser: a changed font changes every text
 * pixel. Computed once per process.
 */
export function fontFingerprint(env: NodeJS.ProcessEnv = process.env): string {
  if (cached !== undefined && env === process.env) {
    return cached;
  }
  const hash = createHash('sha256');
  for (const name of FONT_ENV) {
    hash.update(`${name}=${env[name] ?? ''}\n`);
  }
  for (const folder of fontFolders(env)) {
    for (const line of listFiles(folder)) {
      hash.update(`${line}\n`);
    }
  }
  const fingerprint = hash.digest('hex');
  if (env === process.env) {
    cached = fingerprint;
  }
  return fingerprint;
}

/** Lists `path size mtime` for every file below `folder`, sorted; nothing when unreadable. */
function listFiles(folder: string): string[] {
  const lines: string[] = [];
  const pending = [folder];
  while (pending.length > 0 && lines.length < MAX_FILES) {
    const current = pending.pop() as string;
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        pending.push(path);
        continue;
      }
      try {
        // statSync follows symbolic links, which fontconfig's conf.d is made of.
        const info = statSync(path);
        lines.push(`${path} ${info.size} ${Math.trunc(info.mtimeMs)}`);
      } catch {
        lines.push(`${path} dangling`);
      }
    }
  }
  return lines.sort();
}
