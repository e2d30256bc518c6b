import { STATUS_CODES } from 'node:http';
import type { Response } from 'supertest';

const ERROR_KEYS = ['statusCode', 'error', 'message', 'details', 'requestId'];

/**
 * Problems with an API error response, empty when it has the one JSON error shape of
 * src/common/error-body.ts: statusCode equal to the HTTP status, the standard reason phrase,
 * a message, optional details, and the request id that is also in the x-request-id header.
 */
export function errorShapeProblems(res: Response): string[] {
  const problems: string[] = [];
  if (!/^application\/json\b/.test(String(res.headers['content-type'] ?? ''))) {
    problems.push(`content-type is ${res.headers['content-type']}`);
  }
  const body = res.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return [...problems, `body is not an object: ${res.text?.slice(0, 200)}`];
  const extra = Object.keys(body).filter((k) => !ERROR_KEYS.includes(k));
  if (extra.length > 0) problems.push(`unexpected keys ${extra.join(', ')}`);
  if (body.statusCode !== res.status) problems.push(`statusCode ${String(body.statusCode)} but HTTP ${res.status}`);
  if (body.error !== STATUS_CODES[res.status]) problems.push(`error is ${JSON.stringify(body.error)}`);
  if (typeof body.message !== 'string' || body.message === '') problems.push(`message is ${JSON.stringify(body.message)}`);
  if (typeof body.requestId !== 'string' || body.requestId === '') problems.push('requestId missing');
  else if (body.requestId !== res.headers['x-request-id']) problems.push('requestId differs from the x-request-id header');
  return problems;
}
