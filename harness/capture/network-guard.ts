import type { BrowserContext } from '@playwright/test';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Hosts that Chromium's own background services contact even with the replaygate launch
 * flags (seen with Chromium 156 on Debian: component updates, sign-in, autofill). The
 * recorder's dead-end proxy rejects them like any other remote request; they are listed so
 * warnings name only the requests the page made.
 */
export const CHROMIUM_SERVICE_HOSTS = new Set([
  'accounts.google.com',
  'clients2.google.com',
  'content-autofill.googleapis.com',
  'optimizationguide-pa.googleapis.com',
  'redirector.gvt1.com',
  'safebrowsing.googleapis.com',
  'update.googleapis.com',
]);

/** Tells whether a URL belongs to one of `CHROMIUM_SERVICE_HOSTS`. */
export function isChromiumServiceUrl(url: string): boolean {
  try {
    return CHROMIUM_SERVICE_HOSTS.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** Tells whether a URL points at this machine (127.0.0.1, localhost or [::1]). */
export function isLoopbackUrl(url: string): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * Aborts every HTTP request and closes every WebSocket whose host is not this machine, so a
 * recorded page never reaches the internet. Handlers added with `page.route` run before
 * these context routes, which lets a flow fulfill requests to a remote host itself.
 */
export async function blockRemoteTraffic(context: BrowserContext): Promise<void> {
  await context.route('**/*', (route) =>
    isLoopbackUrl(route.request().url()) ? route.continue() : route.abort('blockedbyclient'),
  );
  await context.routeWebSocket(/.*/, (socket) => {
    if (isLoopbackUrl(socket.url())) {
      socket.connectToServer();
    } else {
      void socket.close({ code: 1008, reason: 'replaygate records only loopback hosts' });
    }
  });
}
