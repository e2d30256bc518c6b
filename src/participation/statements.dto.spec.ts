import { parseStatementForm } from 'src/participation/statements.dto';

describe('The statement form', () => {
  const valid = { name: 'Erika Muster', email: 'Erika@Example.org', stellungnahme: 'Eine Mensa, bitte.', altcha: 'x' };

  it('publishes the name only when the box is ticked', () => {
    expect(parseStatementForm(valid).input).toEqual({
      name: 'Erika Muster',
      email: 'erika@example.org',
      text: 'Eine Mensa, bitte.',
      publishName: false,
    });
    expect(parseStatementForm({ ...valid, namentlich: 'ja' }).input?.publishName).toBe(true);
    expect(parseStatementForm({ ...valid, namentlich: ['ja', 'ja'] }).input?.publishName).toBe(false);
  });

  it('names each problem in German and keeps what was typed', () => {
    const { input, problems, values } = parseStatementForm({ name: '', email: 'nein', stellungnahme: 'x'.repeat(5001) });
    expect(input).toBeUndefined();
    expect(Object.keys(problems).sort()).toEqual(['altcha', 'email', 'name', 'stellungnahme']);
    expect(values.email).toBe('nein');
  });

  it('notices the honeypot', () => {
    expect(parseStatementForm({ ...valid, website: 'http://spam.example' }).honeypot).toBe(true);
  });
});
