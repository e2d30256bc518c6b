import { ValidateIf } from 'class-validator';
import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

export interface FieldProblem {
  field: string;
  problems: string[];
}

/** Flattens nested class-validator errors into one list of field paths and their problems. */
export function toFieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...toFieldProblems(error.children ?? [], field)];
  });
}

/**
 * Deeper than any request body of the API needs (GeoJSON polygons are the deepest, at about 6).
 * class-transformer recurses once per level, so a body nested a few thousand levels deep would
 * overflow the stack and answer 500 instead of 400.
 */
export const MAX_INPUT_DEPTH = 32;

/**
 * What no input may contain, found before class-transformer and the database see it: nesting
 * deeper than `maxDepth`, and NUL characters in strings or keys, which PostgreSQL cannot store
 * in text or jsonb (it fails the statement, a 500). Iterative, so it cannot overflow itself.
 */
export function findInputProblem(value: unknown, maxDepth = MAX_INPUT_DEPTH): FieldProblem | null {
  const pending: [unknown, string, number][] = [[value, '', 0]];
  while (pending.length > 0) {
    const [current, field, depth] = pending.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return { field, problems: [`${field || 'value'} must not contain NUL characters`] };
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= maxDepth) return { field, problems: [`${field || 'value'} is nested deeper than ${maxDepth} levels`] };
    for (const [key, child] of Object.entries(current)) {
      const path = field ? `${field}.${key}` : key;
      if (key.includes('\u0000')) return { field: path, problems: ['property names must not contain NUL characters'] };
      pending.push([child, path, depth + 1]);
    }
  }
  return null;
}

class InputCheckingValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Only what the client sent; custom decorators hand over server objects (body, actor).
    const fromClient = metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param';
    const problem = fromClient ? findInputProblem(value) : null;
    if (problem) {
      const field = [metadata.data, problem.field].filter(Boolean).join('.') || metadata.type;
      throw new BadRequestException({ message: 'Validation failed', details: [{ ...problem, field }] });
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new InputCheckingValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new BadRequestException({ message: 'Validation failed', details: toFieldProblems(errors) }),
  });
}

/**
 * Optional, but when given not null: for NOT NULL columns, where `@IsOptional()` would let an
 * explicit `null` through to the database and turn a client error into a 500.
 */
export const IsOptionalNotNull = (): PropertyDecorator => ValidateIf((_: unknown, value: unknown) => value !== undefined);
