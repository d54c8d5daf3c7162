import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A comment as the mock stores it. */
export interface MockComment {
  id: number;
  body: string;
}

/** A local stand-in for the part of GitHub's REST API that issue comments use. */
export interface MockGitHub {
  /** Base URL to set as `GITHUB_API_URL`. */
  url: string;
  /** Comments of the one pull request the mock serves, oldest first. */
  comments: MockComment[];
  /** Every request as `METHOD path?query`. */
  requests: string[];
  /** When true, creating or editing a comment returns 403, as GitHub does for a read-only token. */
  readOnly: boolean;
  close(): Promise<void>;
}

const PAGE_SIZE_MAX = 100;

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<{ body?: unknown }> {
  let text = '';
  for await (const chunk of request) {
    text += String(chunk);
  }
  return JSON.parse(text) as { body?: unknown };
}

/**
 * Starts a mock of GitHub's issue comment endpoints on 127.0.0.1 for `repository` and pull
 * request `issueNumber`: list (paged, with `Link` headers), create and update. Requests without
 * `Authorization: Bearer <token>` get 401.
 */
export async function startMockGitHub(options: {
  repository: string;
  issueNumber: number;
  token: string;
}): Promise<MockGitHub> {
  const state: Omit<MockGitHub, 'url' | 'close'> = { comments: [], requests: [], readOnly: false };
  let nextId = 1000;
  const listPath = `/repos/${options.repository}/issues/${options.issueNumber}/comments`;
  const commentPath = new RegExp(`^/repos/${options.repository}/issues/comments/(\\d+)$`);

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    state.requests.push(`${request.method} ${url.pathname}${url.search}`);
    if (request.headers.authorization !== `Bearer ${options.token}`) {
      sendJson(response, 401, { message: 'Bad credentials' });
      return;
    }
    const handle = async (): Promise<void> => {
      const match = commentPath.exec(url.pathname);
      if (request.method === 'GET' && url.pathname === listPath) {
        const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), PAGE_SIZE_MAX);
        const page = Number(url.searchParams.get('page') ?? 1);
        const slice = state.comments.slice((page - 1) * perPage, page * perPage);
        const hasNext = page * perPage < state.comments.length;
        const next = `<${base}${listPath}?per_page=${perPage}&page=${page + 1}>; rel="next"`;
        sendJson(response, 200, slice, hasNext ? { link: next } : {});
      } else if (request.method === 'POST' && url.pathname === listPath) {
        const { body } = await readBody(request);
        if (state.readOnly) {
          sendJson(response, 403, { message: 'Resource not accessible by integration' });
          return;
        }
        const comment = { id: nextId++, body: String(body) };
        state.comments.push(comment);
        sendJson(response, 201, { ...comment, html_url: `https://github.test/c/${comment.id}` });
      } else if (request.method === 'PATCH' && match) {
        const { body } = await readBody(request);
        const comment = state.comments.find((candidate) => candidate.id === Number(match[1]));
        if (state.readOnly) {
          sendJson(response, 403, { message: 'Resource not accessible by integration' });
        } else if (comment === undefined) {
          sendJson(response, 404, { message: 'Not Found' });
        } else {
          comment.body = String(body);
          sendJson(response, 200, { ...comment, html_url: `https://github.test/c/${comment.id}` });
        }
      } else {
        sendJson(response, 404, { message: 'Not Found' });
      }
    };
    handle().catch((error: unknown) => sendJson(response, 500, { message: String(error) }));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const mock = Object.assign(state, {
    url: base,
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      ),
  });
  return mock;
}
