import { OpenAPIObject } from '@nestjs/swagger';

/** Stable text of the OpenAPI document (sorted keys), so the committed file diffs cleanly. */
export function serializeOpenApi(document: OpenAPIObject): string {
  const sort = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sort);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((k) => [k, sort((value as Record<string, unknown>)[k])]),
      );
    }
    return value;
  };
  return JSON.stringify(sort(document), null, 2) + '\n';
}
