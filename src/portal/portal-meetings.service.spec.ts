import { Viewer } from 'src/auth/actor';
import { ErrorCode } from 'src/common/domain-error';
import { MeetingReadModel } from 'src/meetings/meeting-read-model';
import { MeetingReadCache } from 'src/portal/meeting-read-cache';
import { MeetingListRow, PortalListsRepository } from 'src/portal/portal-lists.repository';
import { PortalMeetingsService } from 'src/portal/portal-meetings.service';
import { PAGE_SIZE } from 'src/portal/portal-sql';

const PUBLIC: Viewer = { kind: 'public' };
const BODY = { id: 'b1', publishRollCalls: true };
const MEMBER: Viewer = { kind: 'member', bodyId: 'b1', personId: 'p1', seesAllNonPublic: false };

const row = (id: string, start: string, draft = false): MeetingListRow => ({
  id,
  draft,
  name: `Sitzung ${id}`,
  state: 'scheduled',
  start: new Date(start),
  organizations: 'Rat',
});

function setup(rows: MeetingListRow[] = [], meeting: MeetingReadModel | null = null) {
  const lists = {
    meetings: jest.fn().mockResolvedValue({ rows, total: 51 }),
    monthMeetings: jest.fn().mockResolvedValue(rows),
    meetingsAround: jest.fn().mockResolvedValue(rows),
    latestDecisions: jest.fn().mockResolvedValue([]),
  };
  const reads = { load: jest.fn().mockResolvedValue({ model: meeting }) };
  const service = new PortalMeetingsService(lists as unknown as PortalListsRepository, reads as unknown as MeetingReadCache);
  return { service, lists, reads };
}

const meeting = (over: Partial<MeetingReadModel> = {}): MeetingReadModel => ({
  id: 'm1',
  bodyId: 'b1',
  body: { name: 'Musterstadt', logoUrl: null },
  name: 'Rat',
  state: 'held',
  start: new Date('2026-03-02T17:00:00Z'),
  end: null,
  publishedAt: new Date('2026-02-20T10:00:00Z'),
  minutesApprovedAt: null,
  version: 1,
  created: new Date(),
  modified: new Date(),
  location: null,
  chair: null,
  organizations: [],
  files: [],
  documents: [],
  items: [],
  live: null,
  attendance: [],
  ...over,
});

describe('PortalMeetingsService', () => {
  it('asks for the page of meetings the filter names and counts the pages', async () => {
    const { service, lists } = setup([row('m1', '2026-03-02T17:00:00Z', true)]);
    const result = await service.list('b1', PUBLIC, { organizationId: 'o1', from: '2026-01-01', page: 3 });
    expect(lists.meetings).toHaveBeenCalledWith('b1', PUBLIC, {
      organizationId: 'o1',
      from: '2026-01-01',
      to: undefined,
      offset: 2 * PAGE_SIZE,
      limit: PAGE_SIZE,
    });
    expect(result.pagination).toEqual({ page: 3, pages: 3, total: 51 });
    expect(result.rows[0]).toMatchObject({ id: 'm1', draft: true, stateText: expect.any(String), organizations: 'Rat' });
    expect(result.rows[0].start.day).toBe('2026-03-02');
  });

  it('groups a month by the Berlin day', async () => {
    const { service } = setup([
      row('m1', '2026-03-02T08:00:00Z'),
      row('m2', '2026-03-02T17:00:00Z'),
      // 23:30 UTC is already the next day in Berlin.
      row('m3', '2026-03-02T23:30:00Z'),
    ]);
    const days = await service.month('b1', PUBLIC, '2026-03');
    expect(days.map((d) => [d.day, d.meetings.map((m) => m.id)])).toEqual([
      ['2026-03-02', ['m1', 'm2']],
      ['2026-03-03', ['m3']],
    ]);
  });

  it('reads upcoming and recent meetings around now', async () => {
    const { service, lists } = setup();
    await service.upcoming('b1', MEMBER, 5, 'o1');
    await service.recent('b1', MEMBER, 10);
    expect(lists.meetingsAround).toHaveBeenNthCalledWith(1, 'b1', MEMBER, expect.any(Date), 5, 'future', 'o1');
    expect(lists.meetingsAround).toHaveBeenNthCalledWith(2, 'b1', MEMBER, expect.any(Date), 10, 'past', undefined);
  });

  it('answers an unknown meeting with not found', async () => {
    const { service } = setup();
    await expect(service.detail(BODY, PUBLIC, 'm1')).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });

  it('orders the generated documents and marks non-public files only for those who see more', async () => {
    const file = {
      id: 'f1',
      position: 0,
      name: 'Anlage',
      fileName: null,
      role: 'attachment',
      mimeType: 'application/pdf',
      size: 2048,
      sha512: null,
      stored: true,
      sourceUrl: null,
      publicToo: false,
      linked: new Date('2026-01-02T10:00:00Z'),
      newVersion: false,
    };
    const model = meeting({
      files: [file],
      documents: [
        { fileId: 'd3', kind: 'minutes', audience: 'public', size: null },
        { fileId: 'd2', kind: 'invitation', audience: 'members', size: 10 },
        { fileId: 'd1', kind: 'invitation', audience: 'public', size: 10 },
      ],
    });
    const forMember = await setup([], model).service.detail(BODY, MEMBER, 'm1');
    expect(forMember.generated.map((d) => [d.fileId, d.members])).toEqual([
      ['d2', true],
      ['d1', false],
      ['d3', false],
    ]);
    expect(forMember.files[0].nonPublic).toBe(true);
    const forPublic = await setup([], model).service.detail(BODY, PUBLIC, 'm1');
    expect(forPublic.files[0].nonPublic).toBe(false);
  });
});
