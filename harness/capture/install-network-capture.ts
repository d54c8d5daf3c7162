import type { CapturedBody, NetworkExchange } from '../fixture/recording.js';
import type { PageChannel } from './page-channel.js';

/** Options of the page-side fetch and XMLHttpRequest capture. */
export interface NetworkCaptureOptions {
  channelName: string;
  /** Bodies larger than this many bytes are cut and marked `truncated`. */
  maxBodyBytes: number;
}

/** An exchange as the page sends it; Node assigns `id` once all pages are merged. */
export type PageExchange = Omit<NetworkExchange, 'id'>;

/**
 * Wraps `fetch` and `XMLHttpRequest` so every exchange reaches Node with its bodies. The
 * wrappers return the same values and throw the same errors as the originals, and read
 * bodies from clones so the app's own streams stay unread.
 *
 * It runs as a Playwright init script in every frame, so it must be self-contained:
 * Playwright sends the function's source text to the page, not its closure. That is why
 * the body helpers live inside it.
 */
export function installNetworkCapture(options: NetworkCaptureOptions): void {
  const installed = (window as unknown as Record<string, unknown>)[options.channelName];
  if (!installed) {
    return;
  }
  const channel = installed as PageChannel;
  const now = Date.now.bind(Date);
  const maxBytes = options.maxBodyBytes;
  const textPattern =
    /^\s*(text\/|application\/(json|javascript|ecmascript|xml|x-www-form-urlencoded|graphql|x-ndjson)\b|[^;]*\+(json|xml)\b|multipart\/form-data)/i;

  function encode(bytes: Uint8Array, contentType: string | null, truncated: boolean): CapturedBody {
    const flag = truncated ? { truncated: true } : {};
    if (!contentType || textPattern.test(contentType)) {
      try {
        // Streaming mode drops a multi-byte character cut at the cap instead of failing on it.
        const data = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: truncated });
        return { encoding: 'text', data, ...flag };
      } catch {
        // Not UTF-8, so it is stored as binary below.
      }
    }
    let binary = '';
    for (let offset = 0; offset < bytes.length; offset += 0x8000) {
      binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
    }
    return { encoding: 'base64', data: btoa(binary), ...flag };
  }

  function encodeCapped(bytes: Uint8Array, contentType: string | null): CapturedBody | undefined {
    if (bytes.length === 0) {
      return undefined;
    }
    const truncated = bytes.length > maxBytes;
    return encode(truncated ? bytes.subarray(0, maxBytes) : bytes, contentType, truncated);
  }

  async function readStream(stream: ReadableStream<Uint8Array> | null): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = stream?.getReader();
    while (reader && size <= maxBytes) {
      const { done, value } = await reader.read();
      if (done) {
        break;
      }
      chunks.push(value);
      size += value.length;
    }
    if (reader && size > maxBytes) {
      // Cancelling a clone leaves the app's branch of the teed stream running.
      await reader.cancel().catch(() => undefined);
    }
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.length;
    }
    return bytes;
  }

  function headersToObject(headers: Headers): Record<string, string> {
    const result: Record<string, string> = {};
    headers.forEach((value, name) => {
      result[name] = value;
    });
    return result;
  }

  function emit(exchange: PageExchange): void {
    channel.send('exchanges', exchange);
    channel.endExchange();
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
      body: encodeCapped(requestBytes, described.headers.get('content-type')),
    };
    const outcome = await settled;
    if ('error' in outcome) {
      const { error } = outcome;
      emit({
        initiator: 'fetch',
        request,
        error: String((error as Error)?.message ?? error),
        startedAt,
        endedAt: now(),
        pageUrl,
      });
      return;
    }
    const { clone } = outcome;
    const body = encodeCapped(await readStream(clone.body), clone.headers.get('content-type'));
    emit({
      initiator: 'fetch',
      request,
      response: {
        status: clone.status,
        statusText: clone.statusText,
        headers: headersToObject(clone.headers),
        body,
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
    if (described) {
      channel.beginExchange();
      // These handlers are attached before the app gets the promise, so they run first and
      // clone the response before the app can start reading the body. The settled promise
      // never rejects, so a failed request adds no unhandled rejection to the page.
      const settled = outcome.then(
        (response) => ({ clone: response.clone() }),
        (error: unknown) => ({ error }),
      );
      captureFetch(described[0], described[1], startedAt, settled).catch(() =>
        channel.endExchange(),
      );
    }
    return outcome;
  };

  installXhrCapture();

  function installXhrCapture(): void {
    interface XhrState {
      method: string;
      url: string;
      headers: Record<string, string>;
    }
    const prototype = XMLHttpRequest.prototype;
    const states = new WeakMap<XMLHttpRequest, XhrState>();
    const { open, setRequestHeader, send } = prototype;

    prototype.open = function (this: XMLHttpRequest, ...args: unknown[]) {
      const result = Reflect.apply(open, this, args);
      const method = String(args[0]);
      const standard = /^(delete|get|head|options|post|put)$/i.test(method);
      states.set(this, {
        method: standard ? method.toUpperCase() : method,
        url: new URL(String(args[1]), document.baseURI).href,
        headers: {},
      });
      return result;
    } as typeof prototype.open;

    prototype.setRequestHeader = function (this: XMLHttpRequest, name: string, value: string) {
      Reflect.apply(setRequestHeader, this, [name, value]);
      const headers = states.get(this)?.headers;
      if (headers) {
        const key = name.toLowerCase();
        headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
      }
    };

    prototype.send = function (
      this: XMLHttpRequest,
      body?: Document | XMLHttpRequestBodyInit | null,
    ) {
      const state = states.get(this);
      const stop = state ? trackXhr(this, state, body) : undefined;
      try {
        return Reflect.apply(send, this, [body]);
      } catch (error) {
        stop?.();
        throw error;
      }
    };

    function trackXhr(xhr: XMLHttpRequest, state: XhrState, body: unknown): () => void {
      const startedAt = now();
      const pageUrl = location.href;
      const requestBody = readXhrRequestBody(state.method, body);
      let failure: string | undefined;
      const failureTypes = ['error', 'abort', 'timeout'];
      const onFailure = (event: Event) => {
        failure = { error: 'network error', abort: 'aborted', timeout: 'timed out' }[event.type];
      };
      const removeListeners = () => {
        for (const type of failureTypes) {
          xhr.removeEventListener(type, onFailure);
        }
        xhr.removeEventListener('loadend', onLoadEnd);
      };
      const onLoadEnd = () => {
        removeListeners();
        const response = failure ? undefined : readXhrResponse(xhr);
        void Promise.all([requestBody, response])
          .then(([requestBytes, received]) => {
            const request = {
              ...state,
              headers: { ...state.headers },
              body: encodeCapped(requestBytes, state.headers['content-type'] ?? null),
            };
            const outcome = failure ? { error: failure } : { response: received };
            emit({ initiator: 'xhr', request, ...outcome, startedAt, endedAt: now(), pageUrl });
          })
          .catch(() => channel.endExchange());
      };

      channel.beginExchange();
      for (const type of failureTypes) {
        xhr.addEventListener(type, onFailure);
      }
      xhr.addEventListener('loadend', onLoadEnd);
      return () => {
        removeListeners();
        channel.endExchange();
      };
    }

    async function readXhrRequestBody(method: string, body: unknown): Promise<Uint8Array> {
      if (body === null || body === undefined || method === 'GET' || method === 'HEAD') {
        return new Uint8Array(0);
      }
      const content = body instanceof Document ? new XMLSerializer().serializeToString(body) : body;
      return new Uint8Array(await new Response(content as BodyInit).arrayBuffer());
    }

    async function readXhrResponse(xhr: XMLHttpRequest): Promise<NetworkExchange['response']> {
      const headers: Record<string, string> = {};
      for (const line of xhr
        .getAllResponseHeaders()
        .trim()
        .split(/[\r\n]+/)) {
        const colon = line.indexOf(':');
        if (colon > 0) {
          headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
        }
      }
      const contentType = headers['content-type'] ?? null;
      const bytes = await readXhrResponseBytes(xhr);
      return {
        status: xhr.status,
        statusText: xhr.statusText,
        headers,
        body: encodeCapped(bytes, contentType),
      };
    }

    async function readXhrResponseBytes(xhr: XMLHttpRequest): Promise<Uint8Array> {
      const response: unknown = xhr.response;
      switch (xhr.responseType) {
        case '':
        case 'text':
          return new TextEncoder().encode(xhr.responseText);
        case 'json':
          // The browser has parsed the JSON already, so the stored text is re-serialized.
          return new TextEncoder().encode(response === null ? '' : JSON.stringify(response));
        case 'document':
          return new TextEncoder().encode(
            response instanceof Document ? new XMLSerializer().serializeToString(response) : '',
          );
        case 'arraybuffer':
          return response instanceof ArrayBuffer ? new Uint8Array(response) : new Uint8Array(0);
        case 'blob':
          return response instanceof Blob
            ? new Uint8Array(await response.slice(0, maxBytes + 1).arrayBuffer())
            : new Uint8Array(0);
      }
    }
  }
}
