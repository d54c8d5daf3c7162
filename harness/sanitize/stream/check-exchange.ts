/**
 * Checks one network exchange against the fixture format (`networkExchangeSchema`) by hand,
 * because a schema parse of every exchange cost a tenth of the sanitizer's time. Returns
 * the first problem as `path: expected ...`, or undefined when the exchange is valid.
 */
export function findExchangeProblem(value: unknown): string | undefined {
  if (!isRecord(value)) {
    return 'expected an object';
  }
  const { id, initiator, request, response, error, startedAt, endedAt, pageUrl } = value;
  const checks: Array<[boolean, string]> = [
    [Number.isInteger(id) && (id as number) >= 0, 'id: expected a whole number of 0 or more'],
    [initiator === 'fetch' || initiator === 'xhr', 'initiator: expected "fetch" or "xhr"'],
    [isTime(startedAt) && isTime(endedAt), 'startedAt, endedAt: expected epoch milliseconds'],
    [typeof pageUrl === 'string', 'pageUrl: expected a string'],
    [error === undefined || typeof error === 'string', 'error: expected a string'],
  ];
  const failed = checks.find(([ok]) => !ok);
  if (failed) {
    return failed[1];
  }
  const unknown = Object.keys(value).find((key) => !EXCHANGE_KEYS.has(key));
  if (unknown !== undefined) {
    return `${unknown}: unknown key`;
  }
  return (
    findRequestProblem(request) ??
    (response === undefined ? undefined : findResponseProblem(response))
  );
}

const EXCHANGE_KEYS = new Set([
  'id',
  'initiator',
  'request',
  'response',
  'error',
  'startedAt',
  'endedAt',
  'pageUrl',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTime(value: unknown): boolean {
  return typeof value === 'number' && value >= 0;
}

function findRequestProblem(request: unknown): string | undefined {
  if (!isRecord(request)) {
    return 'request: expected an object';
  }
  if (typeof request.method !== 'string' || request.method === '') {
    return 'request.method: expected a non-empty string';
  }
  if (typeof request.url !== 'string' || !URL.canParse(request.url)) {
    return 'request.url: expected an absolute URL';
  }
  return findHeadersProblem('request', request.headers) ?? findBodyProblem('request', request.body);
}

function findResponseProblem(response: unknown): string | undefined {
  if (!isRecord(response)) {
    return 'response: expected an object';
  }
  const { status, statusText } = response;
  if (!Number.isInteger(status) || (status as number) < 0 || (status as number) > 999) {
    return 'response.status: expected a whole number from 0 to 999';
  }
  if (typeof statusText !== 'string') {
    return 'response.statusText: expected a string';
  }
  return (
    findHeadersProblem('response', response.headers) ?? findBodyProblem('response', response.body)
  );
}

function findHeadersProblem(side: string, headers: unknown): string | undefined {
  if (!isRecord(headers) || Object.values(headers).some((value) => typeof value !== 'string')) {
    return `${side}.headers: expected an object of string values`;
  }
  return undefined;
}

function findBodyProblem(side: string, body: unknown): string | undefined {
  if (body === undefined) {
    return undefined;
  }
  const valid =
    isRecord(body) &&
    (body.encoding === 'text' || body.encoding === 'base64') &&
    typeof body.data === 'string' &&
    (body.truncated === undefined || typeof body.truncated === 'boolean');
  return valid
    ? undefined
    : `${side}.body: expected { encoding: "text" | "base64", data: string, truncated?: boolean }`;
}
