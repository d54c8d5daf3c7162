/** Repository, pull request and token of the sticky comment. */
export interface StickyCommentTarget {
  /** Base URL of the REST API, such as `https://api.github.com`, without a trailing slash. */
  apiUrl: string;
  token: string;
  /** `owner/name`. */
  repository: string;
  /** Number of the pull request, which the issues API addresses as an issue. */
  issueNumber: number;
}

/** The result of {@link upsertStickyComment}: the comment written, or the 403 that stopped it. */
export type StickyCommentOutcome =
  | { action: 'created' | 'updated'; id: number; url: string }
  | { action: 'forbidden'; status: number; message: string };

/** A REST API call that did not succeed. */
export class GitHubApiError extends Error {
  override readonly name = 'GitHubApiError';

  constructor(
    readonly status: number,
    readonly method: string,
    readonly url: string,
    readonly detail: string,
  ) {
    super(`${method} ${url} failed with HTTP ${status}: ${detail}`);
  }
}

/** Upper bound on comment pages read while looking for the marker: 100 pages of 100 comments. */
const MAX_PAGES = 100;

interface IssueComment {
  id: number;
  body?: string | null;
  html_url?: string;
}

function headers(token: string): Record<string, string> {
  return {
    Accept: 'application/vnd.github+json',
    Authorization: `Bearer ${token}`,
    'Content-Type': 'application/json',
    'User-Agent': 'replaygate-action',
    'X-GitHub-Api-Version': '2022-11-28',
  };
}

async function request(
  method: string,
  url: string,
  token: string,
  body?: unknown,
): Promise<Response> {
  const response = await fetch(url, {
    method,
    headers: headers(token),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) {
    throw new GitHubApiError(response.status, method, url, await errorDetail(response));
  }
  return response;
}

async function errorDetail(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed.message === 'string') {
      return parsed.message;
    }
  } catch {
    // Not JSON: fall back to the raw text below.
  }
  return text.slice(0, 500) || response.statusText;
}

/**
 * Returns the `rel="next"` URL of a `Link` header, only when it is on the API's own origin,
 * so the token is never sent to another host.
 */
export function nextPageUrl(linkHeader: string | null, apiUrl: string): string | undefined {
  if (linkHeader === null) {
    return undefined;
  }
  for (const part of linkHeader.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match?.[1] !== undefined && URL.canParse(match[1])) {
      return new URL(match[1]).origin === new URL(apiUrl).origin ? match[1] : undefined;
    }
  }
  return undefined;
}

/** Pages through a pull request's comments and returns the first whose body starts with `marker`. */
export async function findMarkedComment(
  target: StickyCommentTarget,
  marker: string,
): Promise<IssueComment | undefined> {
  let url: string | undefined =
    `${target.apiUrl}/repos/${target.repository}/issues/${target.issueNumber}/comments?per_page=100`;
  for (let page = 0; url !== undefined && page < MAX_PAGES; page += 1) {
    const response = await request('GET', url, target.token);
    const comments = (await response.json()) as IssueComment[];
    // The report puts the marker first, so a comment that only quotes it further down is not ours.
    const found = comments.find(
      (comment) => typeof comment.body === 'string' && comment.body.startsWith(marker),
    );
    if (found !== undefined) {
      return found;
    }
    url = nextPageUrl(response.headers.get('link'), target.apiUrl);
  }
  return undefined;
}

/**
 * Creates the pull request's replaygate comment, or updates it in place when a comment with
 * `marker` exists, so each pull request has one comment however often the job runs. A 403
 * (a read-only token, as pull requests from forks get) is returned as `forbidden` instead of
 * thrown, so the caller can report it and go on.
 *
 * @throws GitHubApiError for any other failed call.
 */
export async function upsertStickyComment(
  target: StickyCommentTarget,
  marker: string,
  body: string,
): Promise<StickyCommentOutcome> {
  try {
    const existing = await findMarkedComment(target, marker);
    if (existing !== undefined) {
      const url = `${target.apiUrl}/repos/${target.repository}/issues/comments/${existing.id}`;
      const updated = (await (
        await request('PATCH', url, target.token, { body })
      ).json()) as IssueComment;
      return { action: 'updated', id: updated.id, url: updated.html_url ?? url };
    }
    const url = `${target.apiUrl}/repos/${target.repository}/issues/${target.issueNumber}/comments`;
    const created = (await (
      await request('POST', url, target.token, { body })
    ).json()) as IssueComment;
    return { action: 'created', id: created.id, url: created.html_url ?? url };
  } catch (error) {
    if (error instanceof GitHubApiError && error.status === 403) {
      return { action: 'forbidden', status: error.status, message: error.detail };
    }
    throw error;
  }
}
