import { Random } from 'src/demo/random';

describe('Random', () => {
  it('repeats the same stream for the same seed and differs for another', () => {
    const draw = (seed: string) => {
      const r = new Random(seed);
      return Array.from({ length: 20 }, () => r.uint32());
    };
    expect(draw('1:a')).toEqual(draw('1:a'));
    expect(draw('1:a')).not.toEqual(draw('1:b'));
  });

  it('draws integers within the bounds, all of them eventually', () => {
    const r = new Random('bounds');
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const n = r.int(3, 7);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(7);
      seen.add(n);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('makes well-formed, distinct version-4 UUIDs', () => {
    const r = new Random('uuid');
    const ids = Array.from({ length: 10000 }, () => r.uuid());
    for (const id of ids.slice(0, 100)) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('picks by weight', () => {
    const r = new Random('weights');
    let heavy = 0;
    for (let i = 0; i < 1000; i++)
      if (
        r.weighted([
          ['a', 9],
          ['b', 1],
        ] as const) === 'a'
      )
        heavy++;
    expect(heavy).toBeGreaterThan(850);
    expect(heavy).toBeLessThan(950);
  });
});
