import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BatchReply } from './batch.js';
import type { BatchStore } from './batch-store.js';
import { checkBatch, type BatchCheck } from './check-batch.js';
import type { CollectorLog } from './collector-log.js';
import { RETRY_AFTER_SECONDS, sendError, sendJson } from './http-reply.js';
import type { CollectorLimits } from './limits.js';
import { readUploadBody } from './read-body.js';
import { summarizeBatch } from './session-summary.js';
import type { SummaryUpdater } from './summary-updater.js';

/** State the upload handler shares with the rest of the collector. */
export interface UploadContext {
  limits: CollectorLimits;
  batches: BatchStore;
  summaries: SummaryUpdater;
  log: CollectorLog;
  /** Uploads being processed now; the handler counts itself in and out. */
  inFlight: { count: number };
}

const RETRY_AFTER = { 'Retry-After': String(RETRY_AFTER_SECONDS) };

/**
 * Handles an authenticated `POST /v1/batches`: checks load and headers, reads and validates
 * the body, stores the batch and responds with a `BatchReply` once the file is in place.
 */
export async function handleUpload(
  request: IncomingMessage,
  response: ServerResponse,
  context: UploadContext,
): Promise<void> {
  const { limits, inFlight } = context;
  if (inFlight.count >= limits.maxInFlight) {
    const message = `the collector is processing ${inFlight.count} uploads, its limit. Retry after ${RETRY_AFTER_SECONDS} s.`;
    reject(response, context, { status: 429, message }, RETRY_AFTER);
    return;
  }
  inFlight.count += 1;
  response.once('close', () => (inFlight.count -= 1));

  const headerProblem = checkHeaders(request, limits);
  if (headerProblem !== undefined) {
    reject(response, context, headerProblem);
    return;
  }
  const body = await readUploadBody(request, {
    gzip: isGzip(request),
    maxBodyBytes: limits.maxBodyBytes,
    maxDecodedBytes: limits.maxDecodedBytes,
  }).catch(() => undefined);
  if (body === undefined) {
    // The client disconnected before sending the whole body, so no response can reach it.
    context.log.countAborted();
    return;
  }
  if (!body.ok) {
    reject(response, context, body);
    return;
  }
  const checked = parseBatch(body.body.decoded, limits);
  if (!checked.ok) {
    reject(response, context, checked);
    return;
  }
  await storeBatch(response, context, checked.batch, body.body);
}

/** Parses the decoded body as JSON and checks it as a batch. */
function parseBatch(decoded: Buffer, limits: CollectorLimits): BatchCheck {
  let document: unknown;
  try {
    document = JSON.parse(decoded.toString('utf8'));
  } catch (error) {
    return {
      ok: false,
      status: 400,
      message: `the body is not valid JSON (${(error as Error).message}).`,
    };
  }
  return checkBatch(document, limits);
}

/** Counts a rejected upload for the log and sends its error response. */
function reject(
  response: ServerResponse,
  context: UploadContext,
  problem: { status: number; message: string; field?: string },
  headers?: Record<string, string>,
): void {
  context.log.countRejected(problem.status);
  const options = {
    ...(problem.field === undefined ? {} : { field: problem.field }),
    ...(headers === undefined ? {} : { headers }),
  };
  sendError(response, problem.status, problem.message, options);
}

async function storeBatch(
  response: ServerResponse,
  context: UploadContext,
  batch: Parameters<typeof summarizeBatch>[0],
  body: { raw: Buffer; gzip: boolean },
): Promise<void> {
  const { log } = context;
  const saved = await context.batches.save(batch, body.raw, body.gzip).catch((error: unknown) => {
    log.error(
      `Storing batch ${batch.seq} of session ${batch.sessionId} failed: ${(error as Error).message}`,
    );
    return undefined;
  });
  if (saved === undefined) {
    const message = 'storing the batch failed on the collector. Retry later.';
    reject(response, context, { status: 500, message });
    return;
  }
  if (saved.status === 'overloaded') {
    const message = `the collector's write queue is full. Retry after ${RETRY_AFTER_SECONDS} s.`;
    reject(response, context, { status: 429, message }, RETRY_AFTER);
    return;
  }
  const reply: BatchReply = { status: saved.status, sessionId: batch.sessionId, seq: batch.seq };
  if (saved.status === 'duplicate') {
    log.countDuplicate();
    sendJson(response, 200, reply);
    return;
  }
  log.countStored(saved.bytes);
  sendJson(response, 202, reply);
  const summary = summarizeBatch(batch, { receivedAt: Date.now(), bytes: saved.bytes });
  context.summaries.add(summary, saved.folderCreated);
}

function checkHeaders(
  request: IncomingMessage,
  limits: CollectorLimits,
): { status: 413 | 415; message: string } | undefined {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    return {
      status: 415,
      message: `Content-Type ${request.headers['content-type'] ?? '(none)'} is not supported. Send application/json.`,
    };
  }
  const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') {
    return {
      status: 415,
      message: `Content-Encoding ${encoding} is not supported. Send gzip, or no Content-Encoding.`,
    };
  }
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limits.maxBodyBytes) {
    return {
      status: 413,
      message: `Content-Length ${declared} exceeds the limit of ${limits.maxBodyBytes} bytes. Send smaller batches.`,
    };
  }
  return undefined;
}

function isGzip(request: IncomingMessage): boolean {
  return (request.headers['content-encoding'] ?? '').trim().toLowerCase() === 'gzip';
}
