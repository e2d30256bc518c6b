import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { get, IncomingHttpHeaders } from 'node:http';
import { AddressInfo } from 'node:net';

/** One Server-Sent Event as a client reads it. */
export interface ServerEvent {
  event: string;
  data: string;
}

/** A client of a `text/event-stream` over real HTTP: what came so far, and what comes next. */
export interface EventStreamClient {
  status: number;
  headers: IncomingHttpHeaders;
  events: ServerEvent[];
  /** Everything read, comments (heartbeats) included. */
  raw(): string;
  /** The first event from now on (or already read, after `from`) that matches; fails after `timeoutMs`. */
  next(matches: (e: ServerEvent) => boolean, timeoutMs?: number, from?: number): Promise<ServerEvent>;
  close(): void;
  /** Calls back when the server ends the stream. */
  ended(callback: () => void): void;
}

/** Opens the stream on one instance directly, so a change made through another one must travel through the database. */
export function openEventStream(app: NestFastifyApplication, path: string): Promise<EventStreamClient> {
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return new Promise((resolve, reject) => {
    const request = get({ host: '127.0.0.1', port, path, headers: { accept: 'text/event-stream' } }, (response) => {
      let text = '';
      let pending = '';
      const events: ServerEvent[] = [];
      const waiters = new Set<() => void>();
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
        pending += chunk;
        let end: number;
        while ((end = pending.indexOf('\n\n')) >= 0) {
          const block = pending.slice(0, end);
          pending = pending.slice(end + 2);
          const lines = block.split('\n').filter((l) => !l.startsWith(':'));
          const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));
          if (data.length === 0) continue;
          const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
          events.push({ event, data: data.join('\n') });
        }
        for (const wake of waiters) wake();
      });
      resolve({
        status: response.statusCode ?? 0,
        headers: response.headers,
        events,
        raw: () => text,
        next: (matches, timeoutMs = 15_000, from = events.length) =>
          new Promise((found, fail) => {
            const look = () => {
              const hit = events.slice(from).find(matches);
              if (!hit) return false;
              waiters.delete(wake);
              clearTimeout(timer);
              found(hit);
              return true;
            };
            const wake = () => void look();
            const timer = setTimeout(() => {
              waiters.delete(wake);
              fail(new Error(`No matching event within ${timeoutMs} ms; read: ${text.slice(-2000)}`));
            }, timeoutMs);
            if (!look()) waiters.add(wake);
          }),
        close: () => request.destroy(),
        ended: (callback) => {
          if (response.complete) callback();
          else response.on('end', callback);
        },
      });
    });
    request.on('error', reject);
  });
}

/**
 * The start of an answer that may be an endless event stream: status, headers and what came within
 * `ms` (or everything, when the answer ends sooner, as errors do). For tests that try every route.
 */
export function readAnswerStart(
  app: NestFastifyApplication,
  path: string,
  headers: Record<string, string> = {},
  ms = 1500,
): Promise<{ status: number; headers: IncomingHttpHeaders; text: string }> {
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return new Promise((resolve, reject) => {
    const request = get({ host: '127.0.0.1', port, path, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      const done = () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text });
        request.destroy();
      };
      const timer = setTimeout(done, ms);
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', done);
      response.on('error', done);
    });
    request.on('error', reject);
  });
}
