import { createHash } from 'node:crypto';
import { isRedirect, redirectDigestInput, type AssetFingerprint } from '../player-assets.js';

/** Real milliseconds one fetch of an asset may take before the entry counts as a miss. */
const FETCH_TIMEOUT_MS = 5_000;

/** The only host whose assets are fetched: the app under test, served on loopback. */
const ALLOWED_HOST = '127.0.0.1';

/** Tells whether the app under test still serves the assets a cached render loaded. */
export interface AssetChecker {
  /** True when every asset's status, content type and body hash equal the fingerprint's. */
  matches(assets: readonly AssetFingerprint[]): Promise<boolean>;
}

/**
 * Returns a checker that fetches assets from `appOrigin`, or undefined when the app is not an
 * `http://127.0.0.1` origin: the cache then stays unused rather than fetch from another host.
 * Each path and `accept` pair is fetched at most once per checker, so one checker serves the
 * lookups of one session.
 */
export function createAssetChecker(
  appOrigin: string,
  fetchAsset: typeof fetch = fetch,
): AssetChecker | undefined {
  if (!isLoopbackHttpOrigin(appOrigin)) {
    return undefined;
  }
  const current = new Map<string, Promise<AssetFingerprint | undefined>>();

  const fetchOnce = (asset: AssetFingerprint): Promise<AssetFingerprint | undefined> => {
    const id = `${asset.path}\n${asset.accept}`;
    let result = current.get(id);
    if (result === undefined) {
      result = fetchFingerprint(appOrigin, asset, fetchAsset).catch(() => undefined);
      current.set(id, result);
    }
    return result;
  };

  return {
    async matches(assets) {
      const fetched = await Promise.all(assets.map(fetchOnce));
      return assets.every((asset, index) => sameFingerprint(asset, fetched[index]));
    },
  };
}

/** True for `http://127.0.0.1` with any port. */
export function isLoopbackHttpOrigin(origin: string): boolean {
  if (!URL.canParse(origin)) {
    return false;
  }
  const url = new URL(origin);
  return url.protocol === 'http:' && url.hostname === ALLOWED_HOST;
}

async function fetchFingerprint(
  appOrigin: string,
  asset: AssetFingerprint,
  fetchAsset: typeof fetch,
): Promise<AssetFingerprint | undefined> {
  // A path such as `//other.host/x` would leave the app origin, so the URL is checked after
  // it is built rather than trusted from the entry.
  if (!asset.path.startsWith('/') || !URL.canParse(asset.path, appOrigin)) {
    return undefined;
  }
  const url = new URL(asset.path, appOrigin);
  if (url.origin !== appOrigin) {
    return undefined;
  }

  const response = await fetchAsset(url, {
    headers: asset.accept === '' ? {} : { accept: asset.accept },
    redirect: 'manual',
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
  });
  const appPathOf = (target: string): string | undefined => {
    const parsed = new URL(target);
    return parsed.origin === appOrigin ? parsed.pathname + parsed.search : undefined;
  };
  const body = isRedirect(response.status)
    ? Buffer.from(
        redirectDigestInput(response.headers.get('location') ?? undefined, url.href, appPathOf),
      )
    : Buffer.from(await response.arrayBuffer());
  return {
    path: asset.path,
    accept: asset.accept,
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    sha256: createHash('sha256').update(body).digest('hex'),
  };
}

function sameFingerprint(
  expected: AssetFingerprint,
  actual: AssetFingerprint | undefined,
): boolean {
  return (
    actual !== undefined &&
    actual.status === expected.status &&
    actual.contentType === expected.contentType &&
    actual.sha256 === expected.sha256
  );
}
