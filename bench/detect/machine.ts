import { cpus, release, totalmem } from 'node:os';
import { chromium } from '@playwright/test';
import { browserLaunchOptions, deadEndProxy } from '../../harness/browser/resolve-browser.js';

/** The machine a bench ran on, recorded next to its figures. */
export interface MachineInfo {
  /** ISO 8601 time the bench started. */
  date: string;
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  node: string;
  /** Chromium version as Playwright's `browser.version()` returns it. */
  chromium: string;
}

/** Collects {@link MachineInfo}, launching Chromium once (no page) to read its version. */
export async function describeMachine(startedAt: Date): Promise<MachineInfo> {
  const browser = await chromium.launch({ ...browserLaunchOptions(), proxy: deadEndProxy([]) });
  let version: string;
  try {
    version = browser.version();
  } finally {
    await browser.close();
  }
  return {
    date: startedAt.toISOString(),
    cores: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${process.platform} ${release()}`,
    node: process.version,
    chromium: version,
  };
}

/** Renders {@link MachineInfo} as one line for logs and docs. */
export function formatMachine(machine: MachineInfo): string {
  return (
    `${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, ${machine.os}, ` +
    `Node ${machine.node}, Chromium ${machine.chromium}, ${machine.date.slice(0, 10)}`
  );
}
