import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';

/** One request a {@link CountingServer} received. */
export interface ReceivedRequest {
  method: string;
  /** Path and query, as sent in the request line. */
  path: string;
}

/** An HTTP server on 127.0.0.1 that logs every request it receives. */
export interface CountingServer {
  /** Base URL with a trailing slash, for example `http://127.0.0.1:41234/`. */
  url: string;
  origin: string;
  /** Every request received so far, in order. */
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * Starts an HTTP server on 127.0.0.1 and a free port that logs each request. With `root` it
 * serves the files of that folder (404 for others); without it every request gets 204.
 */
export async function startCountingServer(root?: string): Promise<CountingServer> {
  const requests: ReceivedRequest[] = [];
  const serveFile = root === undefined ? undefined : sirv(root, { dev: true, dotfiles: false });
  const server: Server = createServer((request, response) => {
    requests.push({ method: request.method ?? '', path: request.url ?? '' });
    const notFound = (): void => {
      response.statusCode = serveFile ? 404 : 204;
      response.end();
    };
    if (serveFile) {
      serveFile(request, response, notFound);
    } else {
      notFound();
    }
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/`,
    origin,
    requests,
    close: () =>
      new Promise<void>((resolveClose, rejectClose) => {
        server.closeAllConnections();
        server.close((error) => (error ? rejectClose(error) : resolveClose()));
      }),
  };
}
