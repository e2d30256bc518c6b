import { Body } from 'src/bodies/body.entity';
import { ErrorCode } from 'src/common/domain-error';
import { AppConfig } from 'src/config/app-config';
import { MeetingReadRepository } from 'src/meetings/meeting-read.repository';
import { OparlRepository } from 'src/oparl/oparl.repository';
import { OparlService } from 'src/oparl/oparl.service';
import { TenancyService } from 'src/tenancy/tenancy.service';

const config = { http: { publicUrl: 'https://rats.example' } } as AppConfig;
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const body = (n: number) =>
  Object.assign(new Body(), {
    id: id(n),
    key: `ort${n}`,
    name: `Ort ${n}`,
    created: new Date('2026-01-01T10:00:00Z'),
    locationId: null,
  });

function setup(bodies: Body[] = [body(1), body(2), body(3)]) {
  const repository = {
    systemStamp: jest.fn().mockResolvedValue({ created: new Date('2026-01-01T10:00:00Z'), modified: new Date('2026-02-01T10:00:00Z') }),
    bodiesAfter: jest.fn((after: string | undefined, take: number) =>
      Promise.resolve(bodies.filter((b) => !after || b.id > after).slice(0, take)),
    ),
    countBodies: jest.fn((upTo?: string) => Promise.resolve(bodies.filter((b) => upTo === undefined || b.id <= upTo).length)),
    allBodies: jest.fn().mockResolvedValue(bodies),
    bodyModified: jest.fn().mockResolvedValue(new Date('2026-02-01T10:00:00Z')),
    legislativeTermIds: jest.fn().mockResolvedValue([]),
    rows: jest.fn().mockResolvedValue([]),
    count: jest.fn().mockResolvedValue(0),
    recordPublications: jest.fn().mockResolvedValue(undefined),
  };
  const tenancy = { findBodyByKey: jest.fn((key: string) => Promise.resolve(bodies.find((b) => b.key === key) ?? null)) };
  const service = new OparlService(
    repository as unknown as OparlRepository,
    tenancy as unknown as TenancyService,
    {} as MeetingReadRepository,
    config,
  );
  return { service, repository };
}

describe('OparlService', () => {
  it('dates the System by the bodies', async () => {
    const system = await setup().service.system();
    expect(system).toMatchObject({
      id: 'https://rats.example/oparl/v1.1',
      body: 'https://rats.example/oparl/v1.1/bodies',
      website: 'https://rats.example/',
    });
    expect(system.created).toEqual(expect.stringMatching(/^2026-01-01T/));
  });

  it('pages the bodies by id and links the next page', async () => {
    const { service, repository } = setup();
    const first = await service.bodies({ limit: '2' });
    expect(first.data.map((b) => b.id)).toEqual([
      'https://rats.example/oparl/v1.1/bodies/ort1',
      'https://rats.example/oparl/v1.1/bodies/ort2',
    ]);
    expect(first.pagination).toEqual({ totalElements: 3, elementsPerPage: 2, currentPage: 1, totalPages: 2 });
    expect(first.links.next).toBe(`https://rats.example/oparl/v1.1/bodies?limit=2&after=${id(2)}`);
    const second = await service.bodies({ limit: '2', after: id(2) });
    expect(second.data.map((b) => b.name)).toEqual(['Ort 3']);
    expect(second.pagination.currentPage).toBe(2);
    expect(second.links.next).toBeUndefined();
    expect(repository.countBodies).toHaveBeenCalledWith(id(2));
  });

  it('refuses a cursor that is no id and a malformed date filter', async () => {
    const { service } = setup();
    await expect(service.bodies({ after: 'x' })).rejects.toMatchObject({ code: ErrorCode.Invalid });
    await expect(service.bodies({ modified_since: 'yesterday' })).rejects.toMatchObject({ code: ErrorCode.Invalid });
  });

  it('answers an unknown body, list or object with not found', async () => {
    const { service } = setup();
    await expect(service.body('nirgendwo')).rejects.toMatchObject({ code: ErrorCode.NotFound });
    await expect(service.list('ort1', 'unknown', {})).rejects.toMatchObject({ code: ErrorCode.NotFound });
    await expect(service.object('ort1', 'papers', 'not-a-uuid')).rejects.toMatchObject({ code: ErrorCode.NotFound });
    await expect(service.object('ort1', 'papers', id(9))).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });

  it('records nothing when a list served no objects', async () => {
    const { service, repository } = setup();
    const page = await service.list('ort1', 'papers', {});
    expect(page.data).toEqual([]);
    expect(repository.recordPublications).not.toHaveBeenCalled();
  });
});
