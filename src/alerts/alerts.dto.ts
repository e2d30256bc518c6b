import { IsOptional, IsString, MaxLength } from 'class-validator';
import { AlertFrequency, AlertTopic } from 'src/alerts/alert-subscription.entity';

/** Query of the subscribe page: what the form is pre-filled with (links from portal pages). */
export class AlertFormQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  suche?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  gremium?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  vorlage?: string;
}

export class AlertTokenQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  token?: string;
}

/** A checked subscription request. */
export interface SubscribeInput {
  email: string;
  topic: AlertTopic;
  query: string | null;
  organizationId: string | null;
  paperId: string | null;
  frequency: AlertFrequency;
}

export interface FormProblems {
  [field: string]: string;
}

const EMAIL = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const field = (form: Record<string, unknown>, name: string): string => {
  const value = form[name];
  return typeof value === 'string' ? value.trim() : '';
};

/**
 * Reads the subscribe form. It arrives as an HTML form, so problems go back as German
 * messages per field for the page, not as the API's JSON error.
 */
export function parseSubscribeForm(form: Record<string, unknown>): {
  input?: SubscribeInput;
  problems: FormProblems;
  values: Record<string, string>;
} {
  const values = {
    email: field(form, 'email'),
    thema: field(form, 'thema'),
    suche: field(form, 'suche'),
    gremium: field(form, 'gremium'),
    vorlage: field(form, 'vorlage'),
    haeufigkeit: field(form, 'haeufigkeit'),
  };
  const problems: FormProblems = {};
  if (!EMAIL.test(values.email) || values.email.length > 254) problems.email = 'Bitte geben Sie eine gültige E-Mail-Adresse an.';
  const topic = ({ suche: AlertTopic.Query, gremium: AlertTopic.Organization, vorlage: AlertTopic.Paper } as Record<string, AlertTopic>)[
    values.thema
  ];
  if (!topic) problems.thema = 'Bitte wählen Sie, worüber Sie benachrichtigt werden möchten.';
  if (topic === AlertTopic.Query && (values.suche.length < 3 || values.suche.length > 200)) {
    problems.suche = 'Der Suchbegriff muss 3 bis 200 Zeichen lang sein.';
  }
  if (topic === AlertTopic.Organization && !UUID.test(values.gremium)) problems.gremium = 'Bitte wählen Sie ein Gremium.';
  if (topic === AlertTopic.Paper && !UUID.test(values.vorlage)) problems.vorlage = 'Diese Vorlage gibt es nicht.';
  const frequency = ({ taeglich: AlertFrequency.Daily, woechentlich: AlertFrequency.Weekly } as Record<string, AlertFrequency>)[
    values.haeufigkeit
  ];
  if (!frequency) problems.haeufigkeit = 'Bitte wählen Sie täglich oder wöchentlich.';
  if (Object.keys(problems).length > 0 || !topic || !frequency) return { problems, values };
  return {
    problems,
    values,
    input: {
      email: values.email.toLowerCase(),
      topic,
      query: topic === AlertTopic.Query ? values.suche : null,
      organizationId: topic === AlertTopic.Organization ? values.gremium.toLowerCase() : null,
      paperId: topic === AlertTopic.Paper ? values.vorlage.toLowerCase() : null,
      frequency,
    },
  };
}
