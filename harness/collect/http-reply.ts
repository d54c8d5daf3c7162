import type { ServerResponse } from 'node:http';
import type { BatchErrorReply, BatchReply } from './batch.js';

/** Seconds a client waits before retrying an upload rejected with 429. */
export const RETRY_AFTER_SECONDS = 1;

/** Sends a JSON body with the given status and headers. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: BatchReply | BatchErrorReply | Record<string, unknown>,
  headers: Record<string, string> = {},
): void {
  if (response.headersSent) {
    return;
  }
  response.statusCode = status;
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  for (const [name, value] of Object.entries(headers)) {
    response.setHeader(name, value);
  }
  response.end(JSON.stringify(body));
}

/** Sends a {@link BatchErrorReply}. */
export function sendError(
  response: ServerResponse,
  status: number,
  error: string,
  options: { field?: string; headers?: Record<string, string> } = {},
): void {
  const body: BatchErrorReply =
    options.field === undefined ? { error } : { error, field: options.field };
  sendJson(response, status, body, options.headers);
}
