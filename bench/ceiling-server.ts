/**
 * The ceiling of the HTTP benchmark, started by http.bench.ts as a child process (so it has
 * its own event loop, apart from the load generator): a bare node:http server that answers
 * `/<n>` with the n-th response captured from the real server (status, content type, ETag
 * and the exact body bytes) and does nothing else. What the real server reaches next to it is
 * the share left over for routing, guards, queries and templates on the same machine.
 *
 * Protocol over the IPC channel: the parent sends { responses: CapturedResponse[] }, the
 * child answers { port } once it listens on 127.0.0.1.
 */
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';

export interface CapturedResponse {
  status: number;
  contentType: string | null;
  etag: string | null;
  /** base64, so any bytes survive the JSON of the IPC channel. */
  body: string;
}

function serve(captured: CapturedResponse[]): void {
  const responses = captured.map((r) => {
    const body = Buffer.from(r.body, 'base64');
    const headers: Record<string, string> = { 'content-length': String(body.length) };
    if (r.contentType) headers['content-type'] = r.contentType;
    if (r.etag) headers.etag = r.etag;
    return { status: r.status, headers, body };
  });
  const server = createServer((request, reply) => {
    const response = responses[Number((request.url ?? '').slice(1))];
    if (!response) {
      reply.writeHead(404).end();
      return;
    }
    reply.writeHead(response.status, response.headers);
    reply.end(response.status === 304 ? undefined : response.body);
  });
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
  process.once('disconnect', () => process.exit(0));
}

process.once('message', (message: { responses: CapturedResponse[] }) => serve(message.responses));
