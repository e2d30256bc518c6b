import { HttpException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { csrfPassed, multipartCsrfPassed } from 'src/auth/csrf';
import { DomainError, ErrorCode } from 'src/common/domain-error';
import { FieldProblem } from 'src/common/validation';
import { LABELS } from 'src/vocabulary/labels';

/**
 * The pieces every form of the council office's pages shares (templates/office/macros.njk
 * renders them): the values typed, the problems found, one German sentence per field, and the
 * notice shown after a successful post.
 */

/** What the visitor typed, by form field name; given back to the form unchanged after an error. */
export type FormValues = Record<string, string>;

/** One German sentence per form field that has a problem. */
export type FormErrors = Record<string, string>;

/** The error summary's entries, in the order of the form's fields. */
export interface ErrorSummaryEntry {
  field: string;
  message: string;
}

/** A text field of a posted form, trimmed; '' when missing, repeated or not text. */
export function formText(form: Record<string, unknown> | undefined, name: string): string {
  const value = form?.[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** The summary's entries for the fields in `order`, then any others. */
export function errorSummary(errors: FormErrors, order: readonly string[]): ErrorSummaryEntry[] {
  const fields = [...order.filter((f) => f in errors), ...Object.keys(errors).filter((f) => !order.includes(f))];
  return fields.map((field) => ({ field, message: errors[field] }));
}

/** The page title of a form: prefixed when the form comes back with errors. */
export function formTitle(title: string, errors: FormErrors): string {
  return Object.keys(errors).length > 0 ? `${LABELS.form.errorTitlePrefix}${title}` : title;
}

/**
 * Maps what a service refused to the form's fields: each problem names a field of the service's
 * DTO, `fields` says which form field shows it and with which sentence. Problems of fields the
 * form does not show go to `fallback`. Returns null for errors that are no problem of the input.
 */
export function problemsToErrors(
  error: unknown,
  fields: Record<string, { field: string; message: string }>,
  fallback: { field: string; message: string },
): FormErrors | null {
  const problems = inputProblems(error);
  if (!problems) return null;
  const errors: FormErrors = {};
  for (const problem of problems.length > 0 ? problems : [{ field: '', problems: [] }]) {
    const target = fields[problem.field.split('.')[0]] ?? fallback;
    errors[target.field] ??= target.message;
  }
  return errors;
}

/** The field problems of a refused input: a DomainError's details, or the validation pipe's 400. */
function inputProblems(error: unknown): FieldProblem[] | null {
  if (error instanceof DomainError && (error.code === ErrorCode.Invalid || error.code === ErrorCode.Conflict)) {
    const details = error.details as FieldProblem[] | { field?: string } | undefined;
    if (Array.isArray(details)) return details.filter((d) => typeof d?.field === 'string');
    return typeof details?.field === 'string' ? [{ field: details.field, problems: [] }] : [];
  }
  if (error instanceof HttpException && error.getStatus() === 400) {
    const response = error.getResponse() as { details?: FieldProblem[] };
    return Array.isArray(response?.details) ? response.details : [];
  }
  return null;
}

export { csrfPassed, multipartCsrfPassed };

/** Where a successful post sends the browser: the page, with the key of a fixed notice. */
export function successLocation(path: string, notice: string, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({ erfolg: notice, ...extra });
  return `${path}?${query.toString()}`;
}

/** POST → 303 → GET: a reload after the redirect repeats nothing. */
export function redirectAfterPost(reply: FastifyReply, location: string): FastifyReply {
  return reply.code(303).header('location', location).header('cache-control', 'no-store').send();
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const GERMAN_DAY = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

/** A day typed as YYYY-MM-DD (the date picker) or DD.MM.YYYY, as YYYY-MM-DD; null when it is no real day. */
export function parseDay(text: string): string | null {
  const iso = ISO_DAY.exec(text);
  const german = GERMAN_DAY.exec(text);
  const parts = iso ? [iso[1], iso[2], iso[3]] : german ? [german[3], german[2], german[1]] : null;
  if (!parts) return null;
  const [y, m, d] = parts;
  const day = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const date = new Date(`${day}T12:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day ? day : null;
}
