import { numberAgenda, NumberingInput } from 'src/agenda/agenda-numbering';
import { AgendaNumberingScheme } from 'src/bodies/body.entity';
import { DomainError, ErrorCode } from 'src/common/domain-error';

const item = (id: string, sortKey: number, opts: { parentId?: string; public?: boolean; kept?: string } = {}): NumberingInput => ({
  id,
  sortKey,
  parentId: opts.parentId ?? null,
  public: opts.public ?? true,
  fixedNumber: opts.kept ?? null,
});
const numbers = (items: NumberingInput[], scheme = AgendaNumberingScheme.Continuous) =>
  numberAgenda(items, scheme).map((r) => `${r.order}:${r.id}=${r.number}`);

const expectInvalid = (fn: () => unknown, field: string) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe(ErrorCode.Invalid);
    expect((e as DomainError).details).toEqual([expect.objectContaining({ field })]);
    return;
  }
  throw new Error('expected an invalid error');
};

describe('numberAgenda', () => {
  it('returns nothing for an empty agenda', () => {
    expect(numberAgenda([], AgendaNumberingScheme.Continuous)).toEqual([]);
  });

  it('orders by sort key and numbers from 1', () => {
    expect(numbers([item('c', 30), item('a', 10), item('b', 20)])).toEqual(['0:a=1', '1:b=2', '2:c=3']);
  });

  it('puts the public part first and continues the numbers into the non-public part', () => {
    const items = [item('n1', 1, { public: false }), item('p1', 2), item('n2', 3, { public: false }), item('p2', 4)];
    expect(numbers(items)).toEqual(['0:p1=1', '1:p2=2', '2:n1=3', '3:n2=4']);
  });

  it('prefixes the parts with Ö and N and starts each at 1', () => {
    const items = [item('n1', 1, { public: false }), item('p1', 2), item('n2', 3, { public: false }), item('p2', 4)];
    expect(numbers(items, AgendaNumberingScheme.Prefixed)).toEqual(['0:p1=Ö 1', '1:p2=Ö 2', '2:n1=N 1', '3:n2=N 2']);
  });

  it('numbers sub-items under their parent, ordered among their siblings', () => {
    const items = [
      item('a', 1),
      item('b', 2),
      item('b2', 9, { parentId: 'b' }),
      item('b1', 5, { parentId: 'b' }),
      item('c', 3),
      item('n', 4, { public: false }),
      item('n1', 1, { parentId: 'n', public: false }),
    ];
    expect(numbers(items)).toEqual(['0:a=1', '1:b=2', '2:b1=2.1', '3:b2=2.2', '4:c=3', '5:n=4', '6:n1=4.1']);
    expect(numbers(items, AgendaNumberingScheme.Prefixed)).toEqual([
      '0:a=Ö 1',
      '1:b=Ö 2',
      '2:b1=Ö 2.1',
      '3:b2=Ö 2.2',
      '4:c=Ö 3',
      '5:n=N 1',
      '6:n1=N 1.1',
    ]);
  });

  it('refuses a non-public sub-item of a public item, which would leave a gap in the public numbers', () => {
    expectInvalid(
      () => numberAgenda([item('a', 1), item('a1', 1, { parentId: 'a', public: false }), item('b', 2)], AgendaNumberingScheme.Continuous),
      'public',
    );
  });

  it('breaks ties by id so the input order does not matter', () => {
    const items = [item('b', 1), item('a', 1), item('c', 0)];
    expect(numbers(items)).toEqual(numbers([...items].reverse()));
    expect(numbers(items)).toEqual(['0:c=1', '1:a=2', '2:b=3']);
  });

  it('refuses a public sub-item of a non-public item', () => {
    expectInvalid(
      () => numberAgenda([item('n', 1, { public: false }), item('x', 1, { parentId: 'n' })], AgendaNumberingScheme.Continuous),
      'public',
    );
  });

  it('refuses sub-items of sub-items, unknown parents, cycles and duplicates', () => {
    const scheme = AgendaNumberingScheme.Continuous;
    expectInvalid(
      () => numberAgenda([item('a', 1), item('a1', 1, { parentId: 'a' }), item('a11', 1, { parentId: 'a1' })], scheme),
      'parentId',
    );
    expectInvalid(() => numberAgenda([item('a', 1, { parentId: 'ghost' })], scheme), 'parentId');
    expectInvalid(() => numberAgenda([item('a', 1, { parentId: 'b' }), item('b', 1, { parentId: 'a' })], scheme), 'parentId');
    expectInvalid(() => numberAgenda([item('a', 1, { parentId: 'a' })], scheme), 'parentId');
    expectInvalid(() => numberAgenda([item('a', 1), item('a', 2)], scheme), 'items');
  });

  it('gives every item exactly one consecutive order and a unique number', () => {
    const items: NumberingInput[] = [];
    for (let i = 0; i < 30; i++) {
      const isPublic = i % 3 !== 0;
      items.push(item(`t${i}`, (i * 7) % 30, { public: isPublic }));
      if (i % 4 === 0) items.push(item(`s${i}`, 30 - i, { parentId: `t${i}`, public: isPublic }));
    }
    for (const scheme of [AgendaNumberingScheme.Continuous, AgendaNumberingScheme.Prefixed]) {
      const result = numberAgenda(items, scheme);
      expect(result.map((r) => r.order)).toEqual(items.map((_, i) => i));
      expect(new Set(result.map((r) => r.number)).size).toBe(items.length);
      const position = new Map(result.map((r) => [r.id, r.order]));
      // Every public item comes before every non-public one, and a sub-item right after its family.
      const lastPublic = Math.max(...items.filter((i) => i.public).map((i) => position.get(i.id)!));
      const firstNonPublic = Math.min(...items.filter((i) => !i.public).map((i) => position.get(i.id)!));
      expect(lastPublic).toBeLessThan(firstNonPublic);
      for (const child of items.filter((i) => i.parentId)) expect(position.get(child.id)).toBe(position.get(child.parentId!)! + 1);
    }
  });

  describe('after the invitation, with numbers kept', () => {
    it('keeps every number when items move, and gives new items the predecessor number with a letter', () => {
      const items = [
        item('a', 1, { kept: '1' }),
        item('new1', 2),
        item('new2', 3),
        item('c', 4, { kept: '3' }),
        item('b', 5, { kept: '2' }),
        item('n', 6, { public: false, kept: '4' }),
      ];
      expect(numbers(items)).toEqual(['0:a=1', '1:new1=1a', '2:new2=1b', '3:c=3', '4:b=2', '5:n=4']);
    });

    it('never reuses a kept number, wherever it stands', () => {
      const items = [item('a', 1, { kept: '1' }), item('x', 2, { kept: '1a' }), item('new', 0), item('b', 3, { kept: '2' })];
      const placed = [item('a', 1, { kept: '1' }), item('new', 2), item('b', 3, { kept: '2' }), item('x', 4, { kept: '1a' })];
      expect(numbers(items)).toEqual(['0:new=0a', '1:a=1', '2:x=1a', '3:b=2']);
      expect(numbers(placed)).toEqual(['0:a=1', '1:new=1b', '2:b=2', '3:x=1a']);
    });

    it('numbers new sub-items under their parent and the first non-public item after the highest public number', () => {
      const items = [
        item('a', 1, { kept: '1' }),
        item('a1', 1, { parentId: 'a', kept: '1.1' }),
        item('a2', 2, { parentId: 'a' }),
        item('b', 2, { kept: '2' }),
        item('b1', 1, { parentId: 'b' }),
        item('late', 3),
        item('n', 4, { public: false }),
      ];
      expect(numbers(items)).toEqual(['0:a=1', '1:a1=1.1', '2:a2=1.2', '3:b=2', '4:b1=2.1', '5:late=3', '6:n=4']);
      expect(
        numbers(
          items.map((i) => ({ ...i, fixedNumber: i.fixedNumber ? `Ö ${i.fixedNumber}` : null })),
          AgendaNumberingScheme.Prefixed,
        ),
      ).toEqual(['0:a=Ö 1', '1:a1=Ö 1.1', '2:a2=Ö 1.2', '3:b=Ö 2', '4:b1=Ö 2.1', '5:late=Ö 3', '6:n=N 1']);
    });

    it('gives items appended behind the last kept one the next free numbers', () => {
      const items = [
        item('a', 1, { kept: '1' }),
        item('b', 2, { kept: '2' }),
        item('n', 5, { public: false, kept: '3' }),
        item('p', 3),
        item('q', 4),
      ];
      expect(numbers(items)).toEqual(['0:a=1', '1:b=2', '2:p=2a', '3:q=2b', '4:n=3']);
      expect(numbers([...items, item('m', 6, { public: false })])).toContain('5:m=4');
    });

    it('runs past z without a clash', () => {
      const items = [
        item('a', 0, { kept: '1' }),
        ...Array.from({ length: 30 }, (_, i) => item(`x${String(i).padStart(2, '0')}`, i + 1)),
        item('b', 99, { kept: '2' }),
      ];
      const result = numberAgenda(items, AgendaNumberingScheme.Continuous).map((r) => r.number);
      expect(result.slice(0, 3)).toEqual(['1', '1a', '1b']);
      expect(result.slice(26, 29)).toEqual(['1z', '1aa', '1ab']);
      expect(new Set(result).size).toBe(result.length);
    });
  });
});
