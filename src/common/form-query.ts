import { Transform } from 'class-transformer';

/** An empty field of a GET form (a select left at "Alle …") means no filter, not an empty one. */
export const EmptyAsUndefined = () => Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value));

/**
 * A number field of a GET form: empty means no filter, digits become the number, anything else
 * stays as sent for the validators to refuse. `@Type(() => Number)` would turn the empty string
 * into 0 before any other transform sees it, and the page would answer 400.
 */
export const OptionalNumber = () =>
  Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
    const raw = obj[key];
    if (raw === '' || raw === undefined) return undefined;
    return typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : raw;
  });
