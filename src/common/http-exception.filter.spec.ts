import { createServer } from 'node:net';
import { Client, DatabaseError } from 'pg';
import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { isDatabaseUnavailable, toErrorBody } from 'src/common/http-exception.filter';

/** A server error as node-postgres builds it from the wire, with its SQLSTATE. */
function serverError(code: string, message: string): QueryFailedError {
  const driverError = new DatabaseError(message, 0, 'error');
  driverError.code = code;
  return new QueryFailedError('SELECT 1', [], driverError);
}

describe('isDatabaseUnavailable', () => {
  it('recognizes a refused connection as the driver reports it', async () => {
    // A port that was free a moment ago: nothing listens there now.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = server.address() as { port: number };
        server.close(() => resolve(p));
      });
    });
    const client = new Client({ host: '127.0.0.1', port, user: 'x', database: 'x' });
    const error = await client.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(toErrorBody(error, 'r1').statusCode).toBe(503);
  });

  it.each([
    ['57P01', 'terminating connection due to administrator command'],
    ['57P03', 'the database system is starting up'],
    ['08006', 'connection failure'],
  ])('answers 503 for SQLSTATE %s', (code, message) => {
    expect(toErrorBody(serverError(code, message), 'r1')).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
  });

  it('treats a query runner released under a transaction (its connection died) as unavailable', () => {
    expect(isDatabaseUnavailable(new QueryRunnerAlreadyReleasedError())).toBe(true);
  });

  it.each([['Connection terminated unexpectedly'], ['timeout exceeded when trying to connect']])(
    'recognizes the driver message "%s"',
    (message) => {
      expect(isDatabaseUnavailable(new Error(message))).toBe(true);
    },
  );

  it('leaves statement errors and programming errors alone', () => {
    expect(isDatabaseUnavailable(serverError('42601', 'syntax error at or near "SELEC"'))).toBe(false);
    expect(toErrorBody(serverError('23505', 'duplicate key value'), 'r1').statusCode).toBe(409);
    expect(toErrorBody(new TypeError('x is undefined'), 'r1').statusCode).toBe(500);
  });
});
