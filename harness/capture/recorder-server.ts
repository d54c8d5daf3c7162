import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Largest beacon body accepted; Chromium caps keep-alive bodies at 64 KiB anyway. */
const MAX_BEACON_BYTES = 1024 * 1024;

/** The local server a recording browser talks to outside the Playwright protocol. */
export interface RecorderServer {
  /** URL that pages post their last batches to while they unload. */
  beaconUrl: string;
  /**
   * Chromium flag that sends every request to a host other than this machine through this
   * server, which rejects it. Route interception catches almost every request first, but
   * beacons sent while a document unloads bypass it.
   */
  proxyArgument: string;
  /** URLs of the requests the server rejected as a proxy, in arrival order. */
  blockedUrls(): string[];
  close(): Promise<void>;
}

/**
 * Starts the recorder's server on 127.0.0.1 and a free port. It receives unload beacons,
 * because Playwright drops binding calls from a document that is unloading, and it is the
 * dead-end proxy for remote requests that escape route interception.
 */
export async function startRecorderServer(
  onBeacon: (batch: unknown) => void,
): Promise<RecorderServer> {
  const blocked: string[] = [];
  const server = createServer((request, response) => {
    if (/^[a-z]+:\/\//i.test(request.url ?? '')) {
      // A proxied request names its absolute URL in the request line.
      blocked.push(request.url ?? '');
      response.writeHead(403).end();
      return;
    }
    if (request.method === 'POST' && request.url === '/beacon') {
      void receiveBeacon(request, response, onBeacon);
      return;
    }
    response.writeHead(404).end();
  });
  server.on('connect', (request: IncomingMessage, socket) => {
    blocked.push(`https://${request.url ?? ''}/`);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    beaconUrl: `http://127.0.0.1:${port}/beacon`,
    proxyArgument: `--proxy-server=http://127.0.0.1:${port}`,
    blockedUrls: () => [...blocked],
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function receiveBeacon(
  request: IncomingMessage,
  response: ServerResponse,
  onBeacon: (batch: unknown) => void,
): Promise<void> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BEACON_BYTES) {
      response.writeHead(413).end();
      return;
    }
    chunks.push(chunk);
  }
  try {
    onBeacon(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    response.writeHead(204, { 'access-control-allow-origin': '*' }).end();
  } catch {
    response.writeHead(400).end();
  }
}
