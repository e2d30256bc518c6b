import { EmptyAsUndefined, OptionalNumber } from 'src/common/form-query';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { FormErrors, formText, FormValues, parseDay } from 'src/office/office-forms';
import { PaperStatus } from 'src/papers/paper.entity';
import { CreatePaperDto, UpdatePaperDto } from 'src/papers/papers.dto';
import { LABELS } from 'src/vocabulary/labels';

/** The office's list of papers: `?suche=&status=&jahr=&seite=`. */
export class OfficePapersQueryDto {
  @IsOptional()
  @EmptyAsUndefined()
  @IsString()
  @MaxLength(200)
  suche?: string;

  @IsOptional()
  @EmptyAsUndefined()
  @IsIn(Object.values(PaperStatus))
  status?: PaperStatus;

  @IsOptional()
  @OptionalNumber()
  @IsInt()
  @Min(1900)
  @Max(2200)
  jahr?: number;

  @IsOptional()
  @OptionalNumber()
  @IsInt()
  @Min(1)
  @Max(100000)
  seite?: number;
}

/** A page reached by the redirect after a post: `?erfolg=` names a fixed notice, `schritt=` the step it is about. */
export class OfficeNoticeQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(40)
  erfolg?: string;

  @IsOptional()
  @EmptyAsUndefined()
  @IsUUID()
  schritt?: string;
}

/** The fields of the paper form, in the order the form shows them (the error summary follows it). */
export const PAPER_FORM_FIELDS = ['titel', 'nummer', 'art', 'datum', 'federfuehrend', 'einreicher', 'vertraulich'] as const;

/** What each field of the paper form says when the service refuses the DTO field behind it. */
export const PAPER_FIELD_PROBLEMS: Record<string, { field: string; message: string }> = {
  name: { field: 'titel', message: 'Geben Sie den Titel der Vorlage ein, höchstens 1.000 Zeichen.' },
  reference: { field: 'nummer', message: 'Diese Nummer hat bereits eine andere Vorlage. Geben Sie eine andere Nummer ein.' },
  paperType: { field: 'art', message: 'Wählen Sie die Art der Vorlage.' },
  date: { field: 'datum', message: 'Geben Sie das Datum als Tag, Monat und Jahr an, zum Beispiel 15.03.2026.' },
  underDirectionOfIds: { field: 'federfuehrend', message: 'Wählen Sie ein Gremium aus der Liste.' },
  originatorOrganizationIds: { field: 'einreicher', message: 'Wählen Sie ein Gremium aus der Liste.' },
  confidential: { field: 'vertraulich', message: 'Geben Sie an, ob die Vorlage vertraulich ist.' },
};
export const PAPER_FORM_FALLBACK = {
  field: 'titel',
  message: 'Die Vorlage konnte nicht gespeichert werden. Bitte prüfen Sie Ihre Angaben.',
};

export interface PaperFormOptions {
  paperTypes: string[];
  organizationIds: ReadonlySet<string>;
  /** The edit form shows the number; new papers get theirs from the body's sequence. */
  withReference: boolean;
}

export interface ParsedPaperForm {
  values: FormValues;
  errors: FormErrors;
  /** Set when there are no errors. */
  dto?: CreatePaperDto & UpdatePaperDto;
}

/**
 * Reads the paper form, with one German sentence per field it refuses; the values come back as
 * typed, so the form can show them again.
 */
export function parsePaperForm(form: Record<string, unknown> | undefined, options: PaperFormOptions): ParsedPaperForm {
  const values: FormValues = {};
  for (const field of PAPER_FORM_FIELDS) values[field] = formText(form, field);
  if (!options.withReference) delete values.nummer;
  const errors: FormErrors = {};
  if (!values.titel) errors.titel = 'Geben Sie den Titel der Vorlage ein.';
  else if (values.titel.length > 1000) errors.titel = 'Der Titel darf höchstens 1.000 Zeichen lang sein.';
  if (options.withReference) {
    if (!values.nummer) errors.nummer = 'Geben Sie die Nummer der Vorlage ein.';
    else if (values.nummer.length > 100) errors.nummer = 'Die Nummer darf höchstens 100 Zeichen lang sein.';
  }
  if (!values.art) errors.art = 'Wählen Sie die Art der Vorlage.';
  else if (!options.paperTypes.includes(values.art)) errors.art = 'Wählen Sie eine der angebotenen Arten.';
  const date = values.datum ? parseDay(values.datum) : null;
  if (values.datum && !date) errors.datum = PAPER_FIELD_PROBLEMS.date.message;
  for (const field of ['federfuehrend', 'einreicher'] as const) {
    if (values[field] && !options.organizationIds.has(values[field])) errors[field] = 'Wählen Sie ein Gremium aus der Liste.';
  }
  if (values.vertraulich && values.vertraulich !== 'ja') errors.vertraulich = PAPER_FIELD_PROBLEMS.confidential.message;
  if (Object.keys(errors).length > 0) return { values, errors };
  return {
    values,
    errors,
    dto: {
      name: values.titel,
      ...(options.withReference ? { reference: values.nummer } : {}),
      paperType: values.art,
      date,
      confidential: values.vertraulich === 'ja',
      underDirectionOfIds: values.federfuehrend ? [values.federfuehrend] : [],
      originatorOrganizationIds: values.einreicher ? [values.einreicher] : [],
    },
  };
}

/** The form of the Beratungsfolge's "add a step". */
export function parseStepForm(
  form: Record<string, unknown> | undefined,
  organizationIds: ReadonlySet<string>,
): { values: FormValues; errors: FormErrors; step?: { organizationId: string; role: string } } {
  const values = { gremium: formText(form, 'gremium'), rolle: formText(form, 'rolle') };
  const errors: FormErrors = {};
  if (!organizationIds.has(values.gremium)) errors.gremium = 'Wählen Sie das Gremium, das die Vorlage beraten soll.';
  if (!(LABELS.consultationRole as readonly string[]).includes(values.rolle)) {
    errors.rolle = 'Wählen Sie, ob das Gremium vorberät, entscheidet oder zur Kenntnis nimmt.';
  }
  if (Object.keys(errors).length > 0) return { values, errors };
  return { values, errors, step: { organizationId: values.gremium, role: values.rolle } };
}
