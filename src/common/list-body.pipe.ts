import { BadRequestException, PipeTransform, Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { FieldProblem, toFieldProblems } from 'src/common/validation';

/**
 * Validates a request body that is a JSON array of DTOs. The global ValidationPipe skips
 * arrays, so this applies the same rules (whitelist, forbidNonWhitelisted) to each entry and
 * answers with the same error shape; fields are named by index ("0.personId").
 */
export class ListBodyPipe<T extends object> implements PipeTransform<unknown, Promise<T[]>> {
  constructor(
    private readonly itemType: Type<T>,
    private readonly maxItems = 500,
  ) {}

  async transform(value: unknown): Promise<T[]> {
    const fail = (problems: FieldProblem[]) => new BadRequestException({ message: 'Validation failed', details: problems });
    if (!Array.isArray(value)) throw fail([{ field: 'body', problems: ['body must be an array'] }]);
    if (value.length > this.maxItems) throw fail([{ field: 'body', problems: [`body must contain at most ${this.maxItems} entries`] }]);
    const problems: FieldProblem[] = [];
    const items: T[] = [];
    for (const [index, entry] of value.entries()) {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
        problems.push({ field: String(index), problems: [`${index} must be an object`] });
        continue;
      }
      const item = plainToInstance(this.itemType, entry);
      const errors = await validate(item, { whitelist: true, forbidNonWhitelisted: true });
      problems.push(...toFieldProblems(errors, String(index)));
      items.push(item);
    }
    if (problems.length > 0) throw fail(problems);
    return items;
  }
}
