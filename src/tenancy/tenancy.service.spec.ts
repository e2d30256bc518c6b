import { BodiesRepository } from 'src/bodies/bodies.repository';
import { TenancyService } from 'src/tenancy/tenancy.service';

/**
 * The real repository over a data source that records whatever is asked of it and answers
 * nothing. The lookup itself runs against PostgreSQL in test/prepared-sql.e2e-spec.ts and
 * test/bodies.e2e-spec.ts.
 */
const tenancyOver = () => {
  const asked: string[] = [];
  const dataSource = new Proxy(
    {},
    {
      get: (_target, property) => {
        asked.push(String(property));
        throw new Error('asked the database');
      },
    },
  );
  return { tenancy: new TenancyService(new BodiesRepository(dataSource as never)), asked };
};

describe('TenancyService.findBodyByKey', () => {
  it('asks the database for a key a body can have', async () => {
    const { tenancy, asked } = tenancyOver();
    await expect(tenancy.findBodyByKey('musterstadt')).rejects.toThrow('asked the database');
    expect(asked).not.toHaveLength(0);
  });

  it.each(['Musterstadt', 'muster\u0000stadt', '-musterstadt', '', 'x'.repeat(65)])('answers %p with null without a query', async (key) => {
    const { tenancy, asked } = tenancyOver();
    await expect(tenancy.findBodyByKey(key)).resolves.toBeNull();
    expect(asked).toEqual([]);
  });
});
