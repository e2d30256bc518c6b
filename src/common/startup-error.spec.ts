import { describeError, failureReport, StartupError } from 'src/common/startup-error';

describe('describeError', () => {
  it('never answers "undefined", whatever was thrown', () => {
    for (const thrown of [undefined, null, '', new Error(''), new AggregateError([])]) {
      expect(describeError(thrown)).not.toMatch(/undefined|^$/);
    }
  });

  it('names the causes of an AggregateError without a message of its own', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' });
    const refused4 = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(describeError(new AggregateError([refused, refused4]))).toBe(
      'connect ECONNREFUSED ::1:5432; connect ECONNREFUSED 127.0.0.1:5432',
    );
  });

  it('keeps messages, codes and other values readable', () => {
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError(Object.assign(new Error(''), { code: 'EPIPE' }))).toBe('Error EPIPE');
    expect(describeError('plain text')).toBe('plain text');
    expect(describeError({ code: 42 })).toBe('{ code: 42 }');
  });
});

describe('failureReport', () => {
  it('prints a start-up failure as its sentence and anything else with its stack', () => {
    expect(failureReport(new StartupError('Port 3000 (PORT) is in use already.'))).toBe('Port 3000 (PORT) is in use already.');
    const report = failureReport(new TypeError('x is not a function'));
    expect(report).toMatch(/^TypeError: x is not a function\n\s+at /);
  });
});
