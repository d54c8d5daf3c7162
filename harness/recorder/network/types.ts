import type { CapturedBody, NetworkExchange } from '../../fixture/recording.js';

/** An exchange as the page captures it; the consumer assigns `id`. */
export type PageExchange = Omit<NetworkExchange, 'id'>;

/** Receiver of the exchanges that the fetch and XMLHttpRequest wrappers capture. */
export interface ExchangeHooks {
  /** Tells whether to capture a request to this absolute URL; other requests pass untouched. */
  shouldCapture(url: string): boolean;
  /** Called when a captured exchange starts. */
  begin(): void;
  /** Called once per started exchange: with the exchange, or undefined when reading it failed. */
  end(exchange: PageExchange | undefined): void;
}

/** Body helpers shared by the fetch and XMLHttpRequest wrappers. */
export interface BodyCodec {
  /** Cap on each captured body in bytes. */
  readonly maxBytes: number;
  /** Encodes bytes as text or base64, cut at the cap; undefined for an empty body. */
  encodeCapped(bytes: Uint8Array, contentType: string | null): CapturedBody | undefined;
  /** Reads a stream up to just past the cap, then cancels it. */
  readStream(stream: ReadableStream<Uint8Array> | null): Promise<Uint8Array>;
}

/** The page-side functions of the network capture, passed around as values. */
export interface NetworkCaptureParts {
  createBodyCodec: (maxBytes: number) => BodyCodec;
  interceptFetch: (hooks: ExchangeHooks, codec: BodyCodec) => void;
  interceptXhr: (hooks: ExchangeHooks, codec: BodyCodec) => void;
}
