import { ValidateIf } from 'class-validator';
import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

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

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
