import { BadRequestException } from '@nestjs/common';
import { DomainError, ErrorCode } from 'src/common/domain-error';
import { errorSummary, formTitle, parseDay, problemsToErrors, successLocation } from 'src/office/office-forms';
import { PAPER_FIELD_PROBLEMS, PAPER_FORM_FALLBACK, PAPER_FORM_FIELDS, parsePaperForm, parseStepForm } from 'src/office/office-papers.dto';

const ORG = '0b6f0a51-3c1e-4f2a-9a57-1f2b3c4d5e6f';
const options = { paperTypes: ['Antrag', 'Beschlussvorlage'], organizationIds: new Set([ORG]), withReference: false };

describe('parseDay', () => {
  it.each([
    ['2026-03-15', '2026-03-15'],
    ['15.03.2026', '2026-03-15'],
    ['1.3.2026', '2026-03-01'],
    ['29.02.2028', '2028-02-29'],
    ['31.02.2026', null],
    ['2026-13-01', null],
    ['morgen', null],
  ])('%s → %s', (typed, day) => expect(parseDay(typed)).toBe(day));
});

describe('parsePaperForm', () => {
  it('turns a complete form into the papers DTO', () => {
    const { errors, dto } = parsePaperForm(
      { titel: ' Neubau ', art: 'Antrag', datum: '15.03.2026', federfuehrend: ORG, einreicher: '', vertraulich: 'ja' },
      options,
    );
    expect(errors).toEqual({});
    expect(dto).toEqual({
      name: 'Neubau',
      paperType: 'Antrag',
      date: '2026-03-15',
      confidential: true,
      underDirectionOfIds: [ORG],
      originatorOrganizationIds: [],
    });
  });

  it('keeps what was typed and says in German what is wrong with each field', () => {
    const form = { titel: '', art: 'Gibt es nicht', datum: '31.02.2026', einreicher: 'x', nummer: 'ignoriert' };
    const { values, errors, dto } = parsePaperForm(form, options);
    expect(dto).toBeUndefined();
    expect(values).toMatchObject({ titel: '', art: 'Gibt es nicht', datum: '31.02.2026', einreicher: 'x' });
    expect(values.nummer).toBeUndefined();
    expect(Object.keys(errors)).toEqual(['titel', 'art', 'datum', 'einreicher']);
    expect(errors.titel).toBe('Geben Sie den Titel der Vorlage ein.');
  });

  it('asks for the number only on the edit form', () => {
    expect(parsePaperForm({ titel: 'T', art: 'Antrag' }, { ...options, withReference: true }).errors).toEqual({
      nummer: 'Geben Sie die Nummer der Vorlage ein.',
    });
    expect(parsePaperForm({ titel: 'T', art: 'Antrag', nummer: 'A/2026/001' }, { ...options, withReference: true }).dto?.reference).toBe(
      'A/2026/001',
    );
  });

  it('ignores values that are not text (repeated fields)', () => {
    expect(parsePaperForm({ titel: ['a', 'b'], art: 'Antrag' }, options).errors).toHaveProperty('titel');
  });
});

describe('parseStepForm', () => {
  it('accepts a committee of the body with one of the offered roles', () => {
    expect(parseStepForm({ gremium: ORG, rolle: 'Entscheidung' }, new Set([ORG])).step).toEqual({
      organizationId: ORG,
      role: 'Entscheidung',
    });
    expect(Object.keys(parseStepForm({ gremium: 'x', rolle: 'Anhörung' }, new Set([ORG])).errors)).toEqual(['gremium', 'rolle']);
  });
});

describe('office forms', () => {
  it('lists errors in the order of the form and prefixes the title', () => {
    expect(errorSummary({ datum: 'b', titel: 'a', extra: 'c' }, PAPER_FORM_FIELDS).map((e) => e.field)).toEqual([
      'titel',
      'datum',
      'extra',
    ]);
    expect(formTitle('Neue Vorlage', { titel: 'a' })).toBe('Fehler: Neue Vorlage');
    expect(formTitle('Neue Vorlage', {})).toBe('Neue Vorlage');
  });

  it('maps what the services refuse to the form’s fields, and leaves other errors alone', () => {
    const conflict = new DomainError(ErrorCode.Conflict, 'taken', { field: 'reference' });
    expect(problemsToErrors(conflict, PAPER_FIELD_PROBLEMS, PAPER_FORM_FALLBACK)).toEqual({
      nummer: PAPER_FIELD_PROBLEMS.reference.message,
    });
    const invalid = DomainError.invalid('bad', [
      { field: 'underDirectionOfIds', problems: ['x'] },
      { field: 'relatedPaperIds', problems: ['y'] },
    ]);
    expect(problemsToErrors(invalid, PAPER_FIELD_PROBLEMS, PAPER_FORM_FALLBACK)).toEqual({
      federfuehrend: PAPER_FIELD_PROBLEMS.underDirectionOfIds.message,
      titel: PAPER_FORM_FALLBACK.message,
    });
    const pipe = new BadRequestException({ message: 'Validation failed', details: [{ field: 'date', problems: ['x'] }] });
    expect(problemsToErrors(pipe, PAPER_FIELD_PROBLEMS, PAPER_FORM_FALLBACK)).toEqual({ datum: PAPER_FIELD_PROBLEMS.date.message });
    expect(problemsToErrors(DomainError.notFound('Paper'), PAPER_FIELD_PROBLEMS, PAPER_FORM_FALLBACK)).toBeNull();
    expect(problemsToErrors(new Error('boom'), PAPER_FIELD_PROBLEMS, PAPER_FORM_FALLBACK)).toBeNull();
  });

  it('builds the redirect with a fixed notice key', () => {
    expect(successLocation('/a/verwaltung/vorlagen/1', 'schritt-verschoben', { schritt: 'c1' })).toBe(
      '/a/verwaltung/vorlagen/1?erfolg=schritt-verschoben&schritt=c1',
    );
  });
});
