import { BadRequestException } from '@nestjs/common';
import { IsUUID } from 'class-validator';
import { ListBodyPipe } from 'src/common/list-body.pipe';

class Entry {
  @IsUUID()
  personId: string;
}

const ID = '3f0c6a3e-8d1b-4a51-9a55-0c7f4d8e2b11';

async function problems(value: unknown, max?: number): Promise<unknown> {
  try {
    await new ListBodyPipe(Entry, max).transform(value);
  } catch (e) {
    expect(e).toBeInstanceOf(BadRequestException);
    return ((e as BadRequestException).getResponse() as { details: unknown }).details;
  }
  throw new Error('expected a validation error');
}

describe('ListBodyPipe', () => {
  it('turns a valid array into instances', async () => {
    const out = await new ListBodyPipe(Entry).transform([{ personId: ID }]);
    expect(out[0]).toBeInstanceOf(Entry);
    expect(out[0].personId).toBe(ID);
  });

  it('names every problem by index, unknown fields included', async () => {
    expect(await problems([{ personId: ID }, { personId: 'x', extra: 1 }, 7])).toEqual([
      { field: '1.extra', problems: [expect.any(String)] },
      { field: '1.personId', problems: [expect.any(String)] },
      { field: '2', problems: ['2 must be an object'] },
    ]);
  });

  it('refuses what is not an array and arrays that are too long', async () => {
    expect(await problems({ personId: ID })).toEqual([{ field: 'body', problems: ['body must be an array'] }]);
    expect(await problems([{ personId: ID }, { personId: ID }], 1)).toEqual([
      { field: 'body', problems: [expect.stringContaining('at most 1')] },
    ]);
  });
});
