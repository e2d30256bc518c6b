import { DateTime } from 'luxon';
import { FormErrors, formText, FormValues, parseDay } from 'src/office/office-forms';
import { REASON_MAX } from 'src/participation/statements.dto';
import { StatementStatus } from 'src/participation/statement.entity';

/**
 * The statement period's form on the office's paper page: a day (statements are taken until
 * 23:59 Berlin time of it), or `aktion=schliessen` to close the paper again.
 */
export function parseStatementPeriod(
  form: Record<string, unknown> | undefined,
  now = new Date(),
): { until: Date | null; values: FormValues; errors: FormErrors | null } {
  const values = { 'stellungnahmen-bis': formText(form, 'stellungnahmen-bis') };
  if (formText(form, 'aktion') === 'schliessen') return { until: null, values, errors: null };
  const raw = values['stellungnahmen-bis'];
  if (!raw)
    return { until: null, values, errors: { 'stellungnahmen-bis': 'Geben Sie den Tag ein, bis zu dem Stellungnahmen möglich sind.' } };
  const day = parseDay(raw);
  if (!day) return { until: null, values, errors: { 'stellungnahmen-bis': 'Geben Sie den Tag in der Form 30.06.2026 ein.' } };
  const until = DateTime.fromISO(`${day}T23:59:00`, { zone: 'Europe/Berlin' }).toJSDate();
  if (until.getTime() <= now.getTime()) {
    return { until: null, values, errors: { 'stellungnahmen-bis': 'Der Tag muss heute oder später sein.' } };
  }
  return { until, values, errors: null };
}

/** The state the office saw, sent with each decision: a stale form is refused, a repeated one changes nothing. */
export function parseSeenStatus(form: Record<string, unknown> | undefined): StatementStatus | null {
  const value = formText(form, 'stand');
  const decided = [StatementStatus.Received, StatementStatus.Published, StatementStatus.Rejected];
  return decided.find((status) => status === (value as StatementStatus)) ?? null;
}

/** The reason of a rejection: required, the author reads it. */
export function parseRejectReason(
  form: Record<string, unknown> | undefined,
  field: string,
): { reason: string | null; error: string | null } {
  const reason = formText(form, field);
  if (!reason)
    return {
      reason: null,
      error: 'Geben Sie eine Begründung ein. Die Person, die die Stellungnahme abgegeben hat, erhält sie per E-Mail.',
    };
  if (reason.length > REASON_MAX) return { reason: null, error: `Die Begründung darf höchstens ${REASON_MAX} Zeichen lang sein.` };
  return { reason, error: null };
}
