import { BodiesRepository } from 'src/bodies/bodies.repository';
import { TenancyService } from 'src/tenancy/tenancy.service';

/** The real repository over a connection that only counts what is asked of it. */
const tenancyOver = (findOneBy: jest.Mock) => {
  const getRepository = jest.fn(() => ({ findOneBy }));
  return { tenancy: new TenancyService(new BodiesRepository({ getRepository } as never)), getRepository };
};

describe('TenancyService.findBodyByKey', () => {
  it('finds the body by its key', async () => {
    const findOneBy = jest.fn().mockResolvedValue({ id: 'b1', key: 'musterstadt' });
    const { tenancy } = tenancyOver(findOneBy);
    await expect(tenancy.findBodyByKey('musterstadt')).resolves.toEqual({ id: 'b1', key: 'musterstadt' });
    expect(findOneBy).toHaveBeenCalledWith({ key: 'musterstadt' });
  });

  it.each(['Musterstadt', 'muster\u0000stadt', '-musterstadt', '', 'x'.repeat(65)])('answers %p with null without a query', async (key) => {
    const { tenancy, getRepository } = tenancyOver(jest.fn());
    await expect(tenancy.findBodyByKey(key)).resolves.toBeNull();
    expect(getRepository).not.toHaveBeenCalled();
  });
});
