import { isRecord } from '../check-events.js';
import { inputError } from '../input-error.js';
import { decodeText, describeJsonError, readInputBytes } from '../read-input.js';
import { harOutcomeOf, harRequestBodyOf, initiatorFromMimeType, mimeTypeOf } from './har-entry.js';
import { headersFrom, isHttpUrl, type ExchangeDraft, type PageTimeline } from './exchange-parts.js';

/** A HAR entry the replay can serve, not yet matched to a session. */
export interface HarCandidate {
  draft: Omit<ExchangeDraft, 'pageUrl'>;
  /** The page that sent the request, from the HAR page's title or the Referer header. */
  pageUrl?: string;
}

/** The servable entries of a HAR file and counts of the ones left out. */
export interface HarArchive {
  file: string;
  total: number;
  candidates: HarCandidate[];
  /** Entries no replay can serve, keyed by resource type such as `document` or `image`. */
  skipped: Record<string, number>;
}

/** How many candidates one session took, and why the others did not match it. */
export interface HarMatch {
  exchanges: ExchangeDraft[];
  outsideTime: number;
  otherPage: number;
}

/**
 * A request can start this long before the first rrweb event: the page sends it while loading,
 * before the recorder's first snapshot. An estimate that covers slow page loads.
 */
const LEAD_MS = 10_000;

/** A request started this soon after the last event still belongs to the session. */
const TAIL_MS = 2_000;

const HAR_FIX =
  'Save the HAR again from the browser developer tools ("Save all as HAR with content")';

/**
 * Reads a HAR 1.2 file and keeps the entries a replay can serve: fetch and XHR requests.
 * Chromium's `_resourceType` distinguishes them when present, and the response content type
 * otherwise. HTML documents, images, fonts, style sheets, scripts and media are left out,
 * because the app server serves them.
 *
 * @throws UsageError when the file is not a HAR file.
 */
export async function readHarFile(file: string): Promise<HarArchive> {
  const text = decodeText(await readInputBytes(file));
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw inputError(
      file,
      `the HAR file is not valid JSON: ${describeJsonError(error as Error, text)}`,
      HAR_FIX,
    );
  }
  const log = isRecord(document) ? document.log : undefined;
  if (!isRecord(log) || !Array.isArray(log.entries)) {
    throw inputError(
      file,
      'is not a HAR file: expected an object with a "log.entries" array',
      HAR_FIX,
    );
  }
  const pageUrls = new Map<string, string>();
  for (const page of Array.isArray(log.pages) ? log.pages : []) {
    if (
      isRecord(page) &&
      typeof page.id === 'string' &&
      typeof page.title === 'string' &&
      isHttpUrl(page.title)
    ) {
      pageUrls.set(page.id, page.title);
    }
  }
  const archive: HarArchive = { file, total: log.entries.length, candidates: [], skipped: {} };
  for (const entry of log.entries) {
    const result = candidateOf(entry, pageUrls);
    if (typeof result === 'string') {
      archive.skipped[result] = (archive.skipped[result] ?? 0) + 1;
    } else {
      archive.candidates.push(result);
    }
  }
  return archive;
}

/** Returns the candidate for an entry, or the reason it is left out. */
function candidateOf(entry: unknown, pageUrls: Map<string, string>): HarCandidate | string {
  if (!isRecord(entry) || !isRecord(entry.request) || !isRecord(entry.response)) {
    return 'malformed';
  }
  const { request, response } = entry;

  const url = request.url;
  if (typeof url !== 'string' || !isHttpUrl(url)) {
    return 'non-http';
  }
  const resourceType = typeof entry._resourceType === 'string' ? entry._resourceType : undefined;
  const initiator =
    resourceType === 'fetch' || resourceType === 'xhr'
      ? resourceType
      : (resourceType ?? initiatorFromMimeType(mimeTypeOf(response)));
  if (initiator !== 'fetch' && initiator !== 'xhr') {
    return initiator;
  }

  const startedAt =
    typeof entry.startedDateTime === 'string' ? Date.parse(entry.startedDateTime) : NaN;
  if (!Number.isFinite(startedAt)) {
    return 'no start time';
  }

  const duration = typeof entry.time === 'number' && entry.time > 0 ? entry.time : 0;
  const method = typeof request.method === 'string' ? request.method.toUpperCase() : 'GET';
  const requestHeaders = headersFrom(request.headers);
  const requestBody = harRequestBodyOf(request.postData);
  const draft: HarCandidate['draft'] = {
    initiator,
    request: {
      method,
      url,
      headers: requestHeaders,
      ...(requestBody ? { body: requestBody } : {}),
    },
    ...harOutcomeOf(response, method),
    startedAt: Math.round(startedAt),
    endedAt: Math.round(startedAt + duration),
  };

  const pageUrl =
    (typeof entry.pageref === 'string' ? pageUrls.get(entry.pageref) : undefined) ??
    requestHeaders.referer;
  return pageUrl === undefined ? { draft } : { draft, pageUrl };
}

/**
 * Picks the candidates that belong to one session window: started between 10 s before its
 * first event and 2 s after its last, and sent from one of its pages when the HAR names the
 * page. A page named only by origin, as a cross-origin Referer is, matches any page there.
 */
export function matchHar(
  archive: HarArchive,
  window: { start: number; end: number; pages: PageTimeline },
): HarMatch {
  const match: HarMatch = { exchanges: [], outsideTime: 0, otherPage: 0 };
  const sessionPages = window.pages.urls.filter(isHttpUrl).map((url) => new URL(url));
  for (const { draft, pageUrl } of archive.candidates) {
    if (draft.startedAt < window.start - LEAD_MS || draft.startedAt > window.end + TAIL_MS) {
      match.outsideTime += 1;
      continue;
    }
    if (
      pageUrl !== undefined &&
      sessionPages.length > 0 &&
      !sessionPages.some((page) => samePage(page, pageUrl))
    ) {
      match.otherPage += 1;
      continue;
    }
    match.exchanges.push({ ...draft, pageUrl: window.pages.urlAt(draft.startedAt) });
  }
  return match;
}

function samePage(page: URL, candidate: string): boolean {
  if (!URL.canParse(candidate)) {
    return false;
  }
  const other = new URL(candidate);
  if (other.origin !== page.origin) {
    return false;
  }
  const originOnly = other.pathname === '/' && other.search === '';
  return originOnly || other.pathname === page.pathname;
}
