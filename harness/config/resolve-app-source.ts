import { resolve } from 'node:path';
import { UsageError } from '../shared/errors.js';
import { configDefaults } from './defaults.js';
import type { ReplaygateConfig, WebServerConfig } from './define-config.js';
import { REPLAY_OPTIONS, type ReplayOption } from './options.js';
import { parseOptionValue } from './parse-option.js';

/** `webServer` with its defaults filled in and `cwd` absolute. */
export interface ResolvedWebServer {
  command: string;
  url: string;
  /** Milliseconds to wait for the server at `url` to respond. */
  timeout: number;
  reuseExistingServer: boolean;
  cwd: string;
  /** Variables added to the current environment of the command. */
  env: Record<string, string>;
}

/** The app under test: at most one of the three keys is set. */
export interface AppSource {
  url?: string;
  serve?: string;
  webServer?: ResolvedWebServer;
}

/** The sources the app under test can come from, as passed to the config resolver. */
export interface AppSourceInput {
  argv: Record<string, unknown>;
  env: NodeJS.ProcessEnv;
  cwd: string;
  file: ReplaygateConfig;
  rootDir: string;
}

function optionFor(key: 'url' | 'serve'): ReplayOption {
  const option = REPLAY_OPTIONS.find((candidate) => candidate.key === key);
  if (option === undefined) {
    throw new Error(`The option table has no entry for the config key "${key}".`);
  }
  return option;
}

function fromFlags(argv: Record<string, unknown>, cwd: string): AppSource | undefined {
  const url = argv[optionFor('url').flag];
  const serve = argv[optionFor('serve').flag];
  if (url !== undefined && serve !== undefined) {
    throw new UsageError(
      'Both --url and --serve are set. Pass only one: --url for a running build, --serve for a folder to serve.',
    );
  }
  if (url !== undefined) {
    return { url: parseOptionValue(optionFor('url'), url, { type: 'flag' }) as string };
  }
  if (serve !== undefined) {
    const folder = parseOptionValue(optionFor('serve'), serve, { type: 'flag' }) as string;
    return { serve: resolve(cwd, folder) };
  }
  return undefined;
}

function fromEnv(env: NodeJS.ProcessEnv, cwd: string): AppSource | undefined {
  const urlOption = optionFor('url');
  const serveOption = optionFor('serve');
  const urlName = urlOption.env ?? '';
  const serveName = serveOption.env ?? '';
  const url = env[urlName]?.trim() ? env[urlName] : undefined;
  const serve = env[serveName]?.trim() ? env[serveName] : undefined;
  if (url !== undefined && serve !== undefined) {
    throw new UsageError(
      `Both ${urlName} and ${serveName} are set in the environment. Unset one of them: ${urlName} for a running build, ${serveName} for a folder to serve.`,
    );
  }
  if (url !== undefined) {
    return { url: parseOptionValue(urlOption, url, { type: 'env', name: urlName }) as string };
  }
  if (serve !== undefined) {
    const folder = parseOptionValue(serveOption, serve, { type: 'env', name: serveName }) as string;
    return { serve: resolve(cwd, folder) };
  }
  return undefined;
}

function resolveWebServer(webServer: WebServerConfig, rootDir: string): ResolvedWebServer {
  return {
    command: webServer.command,
    url: webServer.url,
    timeout: webServer.timeout ?? configDefaults.webServer.timeout,
    reuseExistingServer:
      webServer.reuseExistingServer ?? configDefaults.webServer.reuseExistingServer,
    cwd: resolve(rootDir, webServer.cwd ?? '.'),
    env: { ...webServer.env },
  };
}

function fromFile(file: ReplaygateConfig, rootDir: string): AppSource {
  // The schema already rejected a file that sets more than one of these keys.
  if (file.url !== undefined) {
    return { url: file.url };
  }
  if (file.serve !== undefined) {
    return { serve: resolve(rootDir, file.serve) };
  }
  if (file.webServer !== undefined) {
    return { webServer: resolveWebServer(file.webServer, rootDir) };
  }
  return {};
}

/**
 * Chooses the app under test. The first source that sets any of `url`, `serve` and `webServer`
 * decides for all three (flags, then environment, then file), so a flag can point a config
 * that starts a web server at an already running build instead.
 *
 * @throws UsageError when one source sets both a URL and a folder, or a value is invalid.
 */
export function resolveAppSource(input: AppSourceInput): AppSource {
  return (
    fromFlags(input.argv, input.cwd) ??
    fromEnv(input.env, input.cwd) ??
    fromFile(input.file, input.rootDir)
  );
}
