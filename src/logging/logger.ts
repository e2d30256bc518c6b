import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

/**
 * Secrets that travel in URLs (personal calendar feeds, alert confirm and unsubscribe links, the
 * one-time links that set a password) are credentials: the logs keep where a request went, not
 * the key it carried.
 */
export function redactUrl(url: string): string {
  return url
    .replace(/(\/mein-kalender\/)[^/?#.]+/g, '$1[redacted]')
    .replace(/^(\/konto\/passwort\/)[^/?#]+/, '$1[redacted]')
    .replace(/([?&]token=)[^&#]*/g, '$1[redacted]');
}

interface LoggedRequest {
  method?: string;
  url?: string;
  id?: unknown;
  ip?: string;
}

/** One pino logger for Fastify's request logs and Nest's own messages: JSON lines, request ids. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'ratsinfo' },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: {
      req: (req: LoggedRequest) => ({
        method: req.method,
        url: req.url === undefined ? undefined : redactUrl(req.url),
        id: req.id,
        ip: req.ip,
      }),
      // The error filter logs the address of a failed request as `url`.
      url: (url: unknown) => (typeof url === 'string' ? redactUrl(url) : url),
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, params: unknown[]): void {
    const context = params.length > 0 && typeof params[params.length - 1] === 'string' ? params[params.length - 1] : undefined;
    if (message !== null && typeof message === 'object') {
      this.logger[level]({ context, ...message });
    } else {
      this.logger[level]({ context }, String(message));
    }
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
}
