import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../shared/errors.js';
import { LOCK_FILE, lockStore } from './store-lock.js';

let store: string;

beforeEach(async () => {
  store = await mkdtemp(join(tmpdir(), 'replaygate-lock-'));
});

afterEach(async () => {
  await rm(store, { recursive: true, force: true });
});

async function writeLock(pid: number, host = hostname()): Promise<void> {
  await writeFile(
    join(store, LOCK_FILE),
    JSON.stringify({ pid, host, startedAt: '2024-01-01T00:00:00Z' }),
  );
}

/** Returns the id of a process that has exited. */
async function exitedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolveExit) => child.once('exit', resolveExit));
  return child.pid ?? -1;
}

describe('lockStore', () => {
  it('rejects a store that is a file', async () => {
    const file = join(store, 'not-a-folder');
    await writeFile(file, 'x');
    await expect(lockStore(file)).rejects.toThrow(UsageError);
    await expect(lockStore(file)).rejects.toThrow(/is a file, not a folder/);
  });

  it('writes and releases the lock file', async () => {
    const lock = await lockStore(store);
    const content = JSON.parse(await readFile(join(store, LOCK_FILE), 'utf8'));
    expect(content.pid).toBe(process.pid);
    await lock.release();
    expect(existsSync(join(store, LOCK_FILE))).toBe(false);
  });

  it('takes over the lock of an exited process', async () => {
    await writeLock(await exitedPid());
    const lock = await lockStore(store);
    const content = JSON.parse(await readFile(join(store, LOCK_FILE), 'utf8'));
    expect(content.pid).toBe(process.pid);
    await lock.release();
  });

  it('takes over a stale lock with this process id', async () => {
    await writeLock(process.pid);
    const lock = await lockStore(store);
    await lock.release();
    expect(existsSync(join(store, LOCK_FILE))).toBe(false);
  });

  it('rejects a lock held by a running process', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      await writeLock(child.pid ?? -1);
      await expect(lockStore(store)).rejects.toThrow(
        new RegExp(`in use by the collector with process id ${child.pid}`),
      );
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('rejects a lock from another machine', async () => {
    await writeLock(12345, 'build-server-7');
    await expect(lockStore(store)).rejects.toThrow(/on build-server-7.*delete the lock file/);
  });

  it('treats an unreadable lock file as stale', async () => {
    await writeFile(join(store, LOCK_FILE), '');
    const lock = await lockStore(store);
    await lock.release();
  });
});
