import type { NetworkExchange } from '../../fixture/recording.js';

/** One HAR 1.2 entry, with the fields Chromium's "Save all as HAR with content" writes. */
export type HarEntry = Record<string, unknown>;

/** Options of {@link harEntry}. */
export interface HarEntryOptions {
  pageref?: string;
  /** Chromium's `_resourceType`; left out when undefined, as other browsers do. */
  resourceType?: string;
}

/** Builds a HAR entry for an exchange, as Chromium's developer tools save it. */
export function harEntry(
  exchange: Omit<NetworkExchange, 'id'>,
  options: HarEntryOptions = {},
): HarEntry {
  const { request, response } = exchange;
  const headerList = (headers: Record<string, string>) =>
    Object.entries(headers).map(([name, value]) => ({ name, value }));
  const contentType = response?.headers['content-type'] ?? 'application/octet-stream';
  return {
    startedDateTime: new Date(exchange.startedAt).toISOString(),
    time: exchange.endedAt - exchange.startedAt,
    request: {
      method: request.method,
      url: request.url,
      httpVersion: 'HTTP/1.1',
      headers: headerList(request.headers),
      queryString: [...new URL(request.url).searchParams].map(([name, value]) => ({ name, value })),
      cookies: [],
      headersSize: -1,
      bodySize: request.body?.data.length ?? 0,
      ...(request.body
        ? {
            postData: {
              mimeType: request.headers['content-type'] ?? 'text/plain',
              text: request.body.data,
            },
          }
        : {}),
    },
    response: {
      status: response?.status ?? 0,
      statusText: response?.statusText ?? '',
      httpVersion: 'HTTP/1.1',
      headers: headerList(response?.headers ?? {}),
      cookies: [],
      content: {
        size: response?.body?.data.length ?? 0,
        mimeType: contentType,
        ...(response?.body
          ? {
              text: response.body.data,
              ...(response.body.encoding === 'base64' ? { encoding: 'base64' } : {}),
            }
          : {}),
      },
      redirectURL: '',
      headersSize: -1,
      bodySize: response?.body?.data.length ?? 0,
      ...(exchange.error === undefined ? {} : { _error: exchange.error }),
    },
    cache: {},
    timings: {
      blocked: -1,
      dns: -1,
      ssl: -1,
      connect: -1,
      send: 0,
      wait: exchange.endedAt - exchange.startedAt,
      receive: 0,
    },
    ...(options.pageref === undefined ? {} : { pageref: options.pageref }),
    ...(options.resourceType === undefined ? {} : { _resourceType: options.resourceType }),
  };
}

/** Builds the entry of a static resource the app server returned: a document, script or image. */
export function harResourceEntry(
  url: string,
  startedAt: number,
  contentType: string,
  options: HarEntryOptions = {},
): HarEntry {
  return harEntry(
    {
      initiator: 'fetch',
      request: { method: 'GET', url, headers: {} },
      response: {
        status: 200,
        statusText: 'OK',
        headers: { 'content-type': contentType },
        body: { encoding: 'text', data: `/* ${url} */` },
      },
      startedAt,
      endedAt: startedAt + 5,
      pageUrl: url,
    },
    options,
  );
}

/** Wraps entries into a HAR 1.2 document with one page per `pages` entry, titled by its URL. */
export function harDocument(
  pages: Array<{ id: string; url: string; startedAt: number }>,
  entries: HarEntry[],
): unknown {
  return {
    log: {
      version: '1.2',
      creator: { name: 'WebInspector', version: '537.36' },
      pages: pages.map((page) => ({
        startedDateTime: new Date(page.startedAt).toISOString(),
        id: page.id,
        title: page.url,
        pageTimings: { onContentLoad: 120, onLoad: 180 },
      })),
      entries,
    },
  };
}
