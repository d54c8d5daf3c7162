import type { NetworkExchange } from '../../fixture/recording.js';
import type { BodyCodec, ExchangeHooks } from './types.js';

/**
 * Wraps `XMLHttpRequest.prototype` so every captured exchange reaches `hooks.end` with its
 * bodies. The wrappers call the originals with the same arguments and rethrow their errors.
 *
 * The scripted recorder sends this function's source text to the page, so it must stay
 * self-contained: no imports used at run time and no references outside its body.
 */
export function interceptXhr(hooks: ExchangeHooks, codec: BodyCodec): void {
  interface XhrState {
    method: string;
    url: string;
    headers: Record<string, string>;
  }
  const now = Date.now.bind(Date);
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
    const stop = state && hooks.shouldCapture(state.url) ? trackXhr(this, state, body) : undefined;
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
    const requestBody = readRequestBody(state.method, body);
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
      const response = failure ? undefined : readResponse(xhr);
      void Promise.all([requestBody, response])
        .then(([requestBytes, received]) => {
          const request = {
            ...state,
            headers: { ...state.headers },
            body: codec.encodeCapped(requestBytes, state.headers['content-type'] ?? null),
          };
          const outcome = failure ? { error: failure } : { response: received };
          hooks.end({ initiator: 'xhr', request, ...outcome, startedAt, endedAt: now(), pageUrl });
        })
        .catch(() => hooks.end(undefined));
    };

    hooks.begin();
    for (const type of failureTypes) {
      xhr.addEventListener(type, onFailure);
    }
    xhr.addEventListener('loadend', onLoadEnd);
    return () => {
      removeListeners();
      hooks.end(undefined);
    };
  }

  async function readRequestBody(method: string, body: unknown): Promise<Uint8Array> {
    if (body === null || body === undefined || method === 'GET' || method === 'HEAD') {
      return new Uint8Array(0);
    }
    const content = body instanceof Document ? new XMLSerializer().serializeToString(body) : body;
    return new Uint8Array(await new Response(content as BodyInit).arrayBuffer());
  }

  async function readResponse(xhr: XMLHttpRequest): Promise<NetworkExchange['response']> {
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
    const bytes = await readResponseBytes(xhr);
    return {
      status: xhr.status,
      statusText: xhr.statusText,
      headers,
      body: codec.encodeCapped(bytes, contentType),
    };
  }

  async function readResponseBytes(xhr: XMLHttpRequest): Promise<Uint8Array> {
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
          ? new Uint8Array(await response.slice(0, codec.maxBytes + 1).arrayBuffer())
          : new Uint8Array(0);
    }
  }
}
