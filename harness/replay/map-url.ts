/**
 * Returns a function that moves a recorded URL onto the app under test: same path, query and
 * hash, on the app's origin. URLs on other origins are returned unchanged, because the network
 * layer answers or blocks them.
 */
export function createUrlMapper(
  recordedOrigin: string,
  appOrigin: string,
): (url: string) => string {
  return (url) => {
    const parsed = new URL(url);
    if (parsed.origin !== recordedOrigin) {
      return url;
    }
    return new URL(parsed.pathname + parsed.search + parsed.hash, appOrigin).href;
  };
}

/** Compares two URLs by path, query and hash, ignoring the origin that differs between runs. */
export function isSameAppLocation(expected: string, actual: string): boolean {
  const left = new URL(expected);
  const right = new URL(actual);
  return (
    left.pathname === right.pathname && left.search === right.search && left.hash === right.hash
  );
}

/** Moves a URL onto another origin, keeping path, query and hash. Non-http(s) URLs are kept. */
export function rebaseUrl(url: string, origin: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return url;
  }
  return new URL(parsed.pathname + parsed.search + parsed.hash, origin).href;
}
