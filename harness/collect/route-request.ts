import type { IncomingMessage, ServerResponse } from 'node:http';
import { BATCH_PATH, HEALTH_PATH } from './batch.js';
import { applyCors, answerPreflight } from './cors.js';
import { handleUpload, type UploadContext } from './handle-upload.js';
import { sendError, sendJson } from './http-reply.js';

/** Dependencies of the router beyond the upload handler's context. */
export interface RouteContext extends UploadContext {
  checkToken: (authorization: string | undefined) => boolean;
  allowedOrigins: ReadonlySet<string>;
}

/** Routes one request: the health check, the upload endpoint and its CORS preflight. */
export async function routeRequest(
  request: IncomingMessage,
  response: ServerResponse,
  context: RouteContext,
): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  if (path === HEALTH_PATH && (request.method === 'GET' || request.method === 'HEAD')) {
    sendJson(response, 200, { status: 'ok', inFlight: context.inFlight.count });
    return;
  }
  if (path !== BATCH_PATH) {
    sendError(response, 404, `${path} not found. Upload batches with POST ${BATCH_PATH}.`);
    return;
  }
  const origin = applyCors(request, response, context.allowedOrigins);
  if (origin === 'rejected') {
    context.log.countRejected(403);
    sendError(
      response,
      403,
      `origin ${request.headers.origin} is not allowed to upload. Add it to the collector with --allow-origin.`,
    );
    return;
  }
  if (request.method === 'OPTIONS') {
    answerPreflight(response);
    return;
  }
  if (request.method !== 'POST') {
    sendError(response, 405, `${request.method} is not allowed on ${BATCH_PATH}. Use POST.`, {
      headers: { Allow: 'POST, OPTIONS' },
    });
    return;
  }
  if (!context.checkToken(request.headers.authorization)) {
    context.log.countRejected(401);
    sendError(response, 401, 'missing or wrong token. Send Authorization: Bearer <token>.', {
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
    return;
  }
  await handleUpload(request, response, context);
}
