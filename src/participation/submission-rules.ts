import { createHash } from 'node:crypto';

/**
 * The rules every residents' form keeps alike (questions, statements, suggestions and
 * complaints): how many submissions of one kind one network address may send per hour and one
 * e-mail address per day before the form says no, and how long an unconfirmed submission (with
 * its personal data) is kept.
 */
export const MAX_PER_IP_PER_HOUR = 10;
export const MAX_PER_EMAIL_PER_DAY = 5;
export const CONFIRM_HOURS = 48;

/** The moment before which an unconfirmed submission is forgotten. */
export const unconfirmedCutoff = (now: Date): Date => new Date(now.getTime() - CONFIRM_HOURS * 3600_000);

/** Whether a sender has reached one of the limits. */
export const overLimit = (fromIp: number, fromEmail: number): boolean =>
  fromIp >= MAX_PER_IP_PER_HOUR || fromEmail >= MAX_PER_EMAIL_PER_DAY;

/** A fingerprint or network hash keyed with the server's participation secret: not reversible without it. */
export const keyedHash = (secret: string, value: string): string => createHash('sha256').update(`${secret}:${value}`).digest('hex');
