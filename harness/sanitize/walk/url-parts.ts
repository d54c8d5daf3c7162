/**
 * Splits URLs into the parts that the sanitizer and the audit read one by one. Both use these
 * functions, so they read a URL the same way.
 */

const URL_PARTS = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)?([^?#]*)(\?[^#]*)?(#.*)?$/is;
/** A fragment that a router in hash mode reads as a path and a query: `#/users?tab=1`, `#!/users`. */
const ROUTE_FRAGMENT = /^(!?\/)([^?]*)(?:\?(.*))?$/s;
/** A fragment of `key=value` parameters, as the OAuth implicit flow writes `#access_token=...`. */
const PARAMETER_FRAGMENT = /^[^=&/?#\s]+=/;
/** Characters that end a value of the `url-secret` detector, as its pattern lists them. */
const SECRET_VALUE_STOPS = /[&#\s"'<>\\]/g;
const PERCENT_ESCAPE = /%[0-9A-Fa-f]{2}/;

/** The parts of a URL that the sanitizer and the audit look at one by one. */
export interface UrlComponents {
  /** `scheme://user:password@host:port`, or empty for a relative URL. */
  authority: string;
  /** Path segments, without the slashes between them. */
  segments: string[];
  /** `key=value` parameters of the query, without `?` and `&`; undefined without a query. */
  parameters: string[] | undefined;
  /** The fragment without `#`; undefined without one. */
  fragment: string | undefined;
}

/** Splits a URL into its authority, path segments, query parameters and fragment. */
export function splitUrl(url: string): UrlComponents {
  const [, authority = '', path = '', query, fragment] = URL_PARTS.exec(url) ?? [];
  return {
    authority,
    segments: path.split('/'),
    parameters: query === undefined ? undefined : query.slice(1).split('&'),
    fragment: fragment?.slice(1),
  };
}

/** An authority with userinfo, split into its parts as written. */
export interface UserinfoComponents {
  /** `scheme://`. */
  scheme: string;
  user: string;
  /** The password without its `:`, or undefined when the userinfo has no `:`. */
  password: string | undefined;
  /** `host:port`. */
  host: string;
}

/**
 * Splits an authority (`scheme://user:password@host`) at the last `@`, where a browser ends
 * the userinfo, and the userinfo at its first `:`. Returns undefined without userinfo.
 */
export function splitUserinfo(authority: string): UserinfoComponents | undefined {
  const start = authority.indexOf('//') + 2;
  const at = authority.lastIndexOf('@');
  if (start < 2 || at < start) {
    return undefined;
  }
  const userinfo = authority.slice(start, at);
  const colon = userinfo.indexOf(':');
  return {
    scheme: authority.slice(0, start),
    user: colon < 0 ? userinfo : userinfo.slice(0, colon),
    password: colon < 0 ? undefined : userinfo.slice(colon + 1),
    host: authority.slice(at + 1),
  };
}

/** A fragment read as a client-side route or as a list of parameters. */
export interface FragmentComponents {
  /** `/` or `!/` before the path of a route, or empty for a fragment of parameters only. */
  routePrefix: string;
  /** Path segments of a route without the slashes, or none for a fragment of parameters. */
  segments: string[];
  /**
   * `key=value` parameters of a route's query (without its `?`) or of the whole fragment.
   * Undefined for a route without a query.
   */
  parameters: string[] | undefined;
}

/**
 * Splits a fragment that hash-mode routers (`#/users?tab=1`, `#!/users`) or the OAuth
 * implicit flow (`#access_token=...&token_type=bearer`) write. Returns undefined for any
 * other fragment, such as an anchor.
 */
export function splitFragment(fragment: string): FragmentComponents | undefined {
  const route = ROUTE_FRAGMENT.exec(fragment);
  if (route) {
    const [, routePrefix = '', path = '', query] = route;
    return { routePrefix, segments: path.split('/'), parameters: query?.split('&') };
  }
  if (PARAMETER_FRAGMENT.test(fragment)) {
    return { routePrefix: '', segments: [], parameters: fragment.split('&') };
  }
  return undefined;
}

/**
 * Returns `?password=` followed by a decoded userinfo password: text in which the `url-secret`
 * detector finds the password as one value. Characters that would end the value become `-`.
 * A pseudonym keeps its public tag, because the tag covers only letters and digits.
 */
export function passwordProbe(password: string): string {
  return `?password=${password.replace(SECRET_VALUE_STOPS, '-')}`;
}

/** Tells whether the match `[start, end)` covers part of a `%XX` escape. */
export function overlapsEscape(text: string, start: number, end: number): boolean {
  for (
    let index = text.indexOf('%', Math.max(0, start - 2));
    index >= 0 && index < end;
    index = text.indexOf('%', index + 1)
  ) {
    if (PERCENT_ESCAPE.test(text.slice(index, index + 3))) {
      return true;
    }
  }
  return false;
}
