import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import sirv from 'sirv';
import { UsageError } from '../shared/errors.js';

export interface StaticServer {
  /** Base URL with a trailing slash, for example `http://127.0.0.1:41234/`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a built app folder on 127.0.0.1 and a free port. sirv handles ranges, ETags and
 * content types; caching is off so a rebuilt file is never served stale between runs.
 */
export async function startStaticServer(directory: string, port = 0): Promise<StaticServer> {
  const root = resolve(directory);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new UsageError(
      `--serve: "${directory}" is not a folder. Pass the folder of your built app, for example --serve dist.`,
    );
  }

  const handler = sirv(root, { dev: true, dotfiles: false, etag: true });
  const server: Server = createServer((request, response) => {
    handler(request, response, () => {
      response.statusCode = 404;
      response.setHeader('content-type', 'text/plain; charset=utf-8');
      response.end(`Not found: ${request.url ?? ''}`);
    });
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(port, '127.0.0.1', () => resolveListen());
  });
  const { port: boundPort } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${boundPort}/`,
    close: () =>
      new Promise<void>((resolveClose, rejectClose) => {
        server.closeAllConnections();
        server.close((error) => (error ? rejectClose(error) : resolveClose()));
      }),
  };
}
