import { Viewer } from 'src/auth/actor';
import { ErrorCode } from 'src/common/domain-error';
import { PaperReadModel } from 'src/papers/paper-read-model';
import { PaperReadRepository } from 'src/papers/paper-read.repository';
import { PaperListRow, PortalListsRepository } from 'src/portal/portal-lists.repository';
import { PortalPapersService } from 'src/portal/portal-papers.service';
import { PAGE_SIZE } from 'src/portal/portal-sql';

const PUBLIC: Viewer = { kind: 'public' };
const MEMBER: Viewer = { kind: 'member', bodyId: 'b1', personId: 'p1', seesAllNonPublic: false };

const row = (over: Partial<PaperListRow> = {}): PaperListRow => ({
  id: 'p1',
  reference: '2026/001',
  name: 'Radweg',
  date: '2026-03-02',
  paper_type: 'Beschlussvorlage',
  status: 'released',
  public_too: true,
  ...over,
});

function setup(rows: PaperListRow[] = [], paper: PaperReadModel | null = null) {
  const lists = {
    papers: jest.fn().mockResolvedValue({ rows, total: 26 }),
    newestPapers: jest.fn().mockResolvedValue(rows),
  };
  const reads = { load: jest.fn().mockResolvedValue(paper) };
  const service = new PortalPapersService(lists as unknown as PortalListsRepository, reads as unknown as PaperReadRepository);
  return { service, lists, reads };
}

describe('PortalPapersService', () => {
  it('asks for the page of papers the filter names and maps the rows', async () => {
    const { service, lists } = setup([row({ public_too: false })]);
    const result = await service.list('b1', MEMBER, { paperType: 'Antrag', year: 2026, page: 2 });
    expect(lists.papers).toHaveBeenCalledWith('b1', MEMBER, {
      paperType: 'Antrag',
      organizationId: undefined,
      year: 2026,
      status: undefined,
      offset: PAGE_SIZE,
      limit: PAGE_SIZE,
    });
    expect(result.pagination).toEqual({ page: 2, pages: 2, total: 26 });
    expect(result.rows).toEqual([
      {
        id: 'p1',
        reference: '2026/001',
        name: 'Radweg',
        dateText: '02.03.2026',
        paperType: 'Beschlussvorlage',
        statusText: expect.any(String),
        nonPublic: true,
      },
    ]);
  });

  it('lists the newest papers', async () => {
    const { service, lists } = setup([row()]);
    expect((await service.newest('b1', PUBLIC, 8)).map((p) => p.id)).toEqual(['p1']);
    expect(lists.newestPapers).toHaveBeenCalledWith('b1', PUBLIC, 8);
  });

  it('answers an unknown paper with not found', async () => {
    const { service } = setup();
    await expect(service.detail('b1', PUBLIC, 'p1')).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });

  it('maps originators, directions and relations from the read model', async () => {
    const paper: PaperReadModel = {
      id: 'p1',
      bodyId: 'b1',
      body: { name: 'Musterstadt', logoUrl: null },
      reference: '2026/001',
      name: 'Radweg',
      paperType: null,
      date: null,
      status: 'released',
      publicToo: true,
      parties: [
        { role: 'originator', person: { id: 'pe1', name: 'Anna Beispiel' }, organization: null },
        { role: 'originator', person: null, organization: { id: 'o1', name: 'Fraktion A' } },
        { role: 'underDirectionOf', person: null, organization: { id: 'o2', name: 'Bauamt' } },
      ],
      consultations: [],
      related: [{ id: 'p2', reference: '2026/002', name: 'Nachtrag', kind: 'subordinated', outgoing: false }],
      files: [],
    };
    const detail = await setup([], paper).service.detail('b1', PUBLIC, 'p1');
    expect(detail.originators).toEqual([
      { kind: 'person', id: 'pe1', name: 'Anna Beispiel' },
      { kind: 'organization', id: 'o1', name: 'Fraktion A' },
    ]);
    expect(detail.underDirectionOf).toEqual([{ id: 'o2', name: 'Bauamt' }]);
    expect(detail.related).toEqual([{ id: 'p2', reference: '2026/002', name: 'Nachtrag', relationText: 'übergeordnet' }]);
  });
});
