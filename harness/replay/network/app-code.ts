import type { NetworkExchange } from '../../fixture/recording.js';

/**
 * Path extensions of files that hold an app's code or markup. `.json` is missing on purpose:
 * JSON on the app origin is usually data, which the replay serves from the recording.
 */
const CODE_EXTENSIONS = new Set(['.js', '.mjs', '.jsx', '.ts', '.tsx', '.css', '.html', '.htm']);

/** Media types of code and markup: JavaScript, CSS, HTML and XHTML. */
const CODE_MEDIA_TYPE = /javascript|ecmascript|css|html/i;

/** True when the URL path ends in the extension of a code or markup file, such as `.jsx`. */
export function hasCodeExtension(pathname: string): boolean {
  const name = pathname.slice(pathname.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 && CODE_EXTENSIONS.has(name.slice(dot).toLowerCase());
}

/** True when a `content-type` value names JavaScript, CSS or HTML, whatever its parameters. */
export function isCodeContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) {
    return false;
  }
  const mediaType = contentType.split(';')[0] ?? '';
  return CODE_MEDIA_TYPE.test(mediaType);
}

/**
 * Decides whether a request on the app origin fetches the app's own code or markup, by its
 * path extension or by the content type of any recorded response to it. Such a request must
 * reach the build under test: answered from the recording, the replay would run the code
 * that was recorded, as with TodoMVC's React example, which loads its `.jsx` files by XHR.
 */
export function isAppCode(pathname: string, recorded: readonly NetworkExchange[]): boolean {
  if (hasCodeExtension(pathname)) {
    return true;
  }
  return recorded.some((exchange) => isCodeContentType(contentTypeOf(exchange)));
}

function contentTypeOf(exchange: NetworkExchange): string | undefined {
  const headers = exchange.response?.headers ?? {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'content-type') {
      return value;
    }
  }
  return undefined;
}
