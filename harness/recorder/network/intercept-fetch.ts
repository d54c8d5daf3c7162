import type { BodyCodec, ExchangeHooks, PageExchange } from './types.js';

/**
 * Wraps `window.fetch` so every captured exchange reaches `hooks.end` with its bodies. The
 * wrapper returns the same values and throws the same errors as the original, and reads
 * bodies from clones so the app's own streams stay unread.
 *
 * The scripted recorder sends this function's source text to the page, so it must stay
 * self-contained: no imports used at run time and no references outside its body.
 */
export function interceptFetch(hooks: ExchangeHooks, codec: BodyCodec): void {
  const now = Date.now.bind(Date);

  function headersToObject(headers: Headers): Record<string, string> {
    const result: Record<string, string> = {};
    headers.forEach((value, name) => {
      result[name] = value;
    });
    return result;
  }

  function describeFetch(input: RequestInfo | URL, init?: RequestInit): [Request, boolean] {
    // The copy reads the body for the recording. A ReadableStream body can be read only once,
    // so it stays with the app and the recording keeps no request body.
    const streamed = init?.body instanceof ReadableStream;
    const source = input instanceof Request ? input.clone() : input;
    return [new Request(source, streamed ? { ...init, body: null } : init), streamed];
  }

  async function captureFetch(
    described: Request,
    streamed: boolean,
    startedAt: number,
    settled: Promise<{ clone: Response } | { error: unknown }>,
  ): Promise<void> {
    const pageUrl = location.href;
    const requestBytes = streamed
      ? new Uint8Array(0)
      : new Uint8Array(await described.arrayBuffer());
    const request = {
      method: described.method,
      url: described.url,
      headers: headersToObject(described.headers),
      body: codec.encodeCapped(requestBytes, described.headers.get('content-type')),
    };
    const outcome = await settled;
    if ('error' in outcome) {
      const { error } = outcome;
      const exchange: PageExchange = {
        initiator: 'fetch',
        request,
        error: String((error as Error)?.message ?? error),
        startedAt,
        endedAt: now(),
        pageUrl,
      };
      hooks.end(exchange);
      return;
    }
    const { clone } = outcome;
    const bytes = await codec.readStream(clone.body);
    hooks.end({
      initiator: 'fetch',
      request,
      response: {
        status: clone.status,
        statusText: clone.statusText,
        headers: headersToObject(clone.headers),
        body: codec.encodeCapped(bytes, clone.headers.get('content-type')),
      },
      startedAt,
      endedAt: now(),
      pageUrl,
    });
  }

  const originalFetch = window.fetch;
  window.fetch = function fetch(this: unknown, ...args: Parameters<typeof window.fetch>) {
    const startedAt = now();
    let described: [Request, boolean] | undefined;
    try {
      described = describeFetch(args[0], args[1]);
    } catch {
      // The real fetch rejects the same input, so there is nothing to record.
    }
    const outcome: Promise<Response> = Reflect.apply(originalFetch, this, args);
    if (described && hooks.shouldCapture(described[0].url)) {
      hooks.begin();
      // These handlers are attached before the app gets the promise, so they run first and
      // clone the response before the app can start reading the body. The settled promise
      // never rejects, so a failed request adds no unhandled rejection to the page.
      const settled = outcome.then(
        (response) => ({ clone: response.clone() }),
        (error: unknown) => ({ error }),
      );
      captureFetch(described[0], described[1], startedAt, settled).catch(() =>
        hooks.end(undefined),
      );
    }
    return outcome;
  };
}
