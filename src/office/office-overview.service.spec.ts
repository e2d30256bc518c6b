import type { Body } from 'src/bodies/body.entity';
import { OfficeOverviewRepository, PastMeetingRow, UnscheduledPaperRow, UpcomingMeetingRow } from 'src/office/office-overview.repository';
import { daysLeftText, invitationDeadline, invitationTask, OfficeOverviewService } from 'src/office/office-overview.service';
import type { QuestionTriageService } from 'src/participation/question-triage.service';

describe('invitationDeadline', () => {
  it('counts calendar days back from the meeting day in Berlin, not in UTC', () => {
    // 00:30 in Berlin on 11 March is still 10 March in UTC.
    expect(invitationDeadline(new Date('2026-03-10T23:30:00Z'), 7, '2026-03-01')).toEqual({ day: '2026-03-04', daysLeft: 3 });
    // 23:30 UTC on 31 October is 1 November in Berlin (after the end of summer time).
    expect(invitationDeadline(new Date('2026-10-31T23:30:00Z'), 7, '2026-10-20')).toEqual({ day: '2026-10-25', daysLeft: 5 });
  });

  it('keeps whole days across the change to summer time', () => {
    // Summer time starts on 29 March 2026, so the week before this meeting has a 23-hour day.
    expect(invitationDeadline(new Date('2026-04-02T16:00:00Z'), 7, '2026-03-20')).toEqual({ day: '2026-03-26', daysLeft: 6 });
    expect(invitationDeadline(new Date('2026-04-02T16:00:00Z'), 7, '2026-03-26')).toEqual({ day: '2026-03-26', daysLeft: 0 });
    expect(invitationDeadline(new Date('2026-04-02T16:00:00Z'), 14, '2026-03-26')).toEqual({ day: '2026-03-19', daysLeft: -7 });
  });

  it('puts the deadline on the meeting day itself when the body gives no notice period', () => {
    expect(invitationDeadline(new Date('2026-06-01T08:00:00Z'), 0, '2026-06-01')).toEqual({ day: '2026-06-01', daysLeft: 0 });
  });
});

describe('daysLeftText', () => {
  it.each([
    [5, 'noch 5 Tage'],
    [1, 'noch 1 Tag'],
    [0, 'heute'],
    [-1, 'seit 1 Tag verstrichen'],
    [-4, 'seit 4 Tagen verstrichen'],
  ])('%i → %s', (days, text) => expect(daysLeftText(days)).toBe(text));
});

describe('invitationTask', () => {
  const deadline = (daysLeft: number) => ({ day: '2026-03-04', daysLeft });

  it('is done once the invitation is out, whatever the deadline', () => {
    expect(invitationTask({ state: 'invited', itemCount: 3 }, deadline(-2))).toEqual({ status: 'done', warning: null });
    expect(invitationTask({ state: 'held', itemCount: 0 }, deadline(-9))).toEqual({ status: 'done', warning: null });
  });

  it('warns when the deadline is past or at most three days away', () => {
    expect(invitationTask({ state: 'planned', itemCount: 0 }, deadline(-1))).toEqual({ status: 'notStarted', warning: 'missed' });
    expect(invitationTask({ state: 'planned', itemCount: 2 }, deadline(0))).toEqual({ status: 'incomplete', warning: 'due' });
    expect(invitationTask({ state: 'planned', itemCount: 2 }, deadline(3))).toEqual({ status: 'incomplete', warning: 'due' });
    expect(invitationTask({ state: 'planned', itemCount: 2 }, deadline(4))).toEqual({ status: 'incomplete', warning: null });
  });
});

describe('OfficeOverviewService', () => {
  const body = { id: 'b1', key: 'lindenbach', invitationNoticeDays: 7 } as Body;
  const now = new Date('2026-03-02T09:00:00Z');

  const meeting = (values: Partial<UpcomingMeetingRow>): UpcomingMeetingRow => ({
    id: 'm',
    name: 'Sitzung',
    state: 'planned',
    start: new Date('2026-03-20T17:00:00Z'),
    published_at: null,
    organization_id: 'o1',
    organization_name: 'Technischer Ausschuss',
    item_count: 0,
    ...values,
  });
  const paper = (values: Partial<UnscheduledPaperRow>): UnscheduledPaperRow => ({
    id: 'p',
    reference: 'BV/2026/001',
    name: 'Vorlage',
    paper_type: 'Beschlussvorlage',
    status: 'inConsultation',
    date: '2026-02-01',
    consultation_role: 'Vorberatung',
    consultation_status: 'pending',
    organization_id: 'o1',
    organization_name: 'Technischer Ausschuss',
    total: 1,
    ...values,
  });
  const past = (values: Partial<PastMeetingRow>): PastMeetingRow => ({
    id: 'x',
    name: 'Sitzung',
    state: 'held',
    start: new Date('2026-02-20T17:00:00Z'),
    organizations: 'Stadtrat',
    total: 1,
    ...values,
  });

  function service(rows: {
    upcoming?: UpcomingMeetingRow[];
    papers?: UnscheduledPaperRow[];
    withoutMinutes?: PastMeetingRow[];
    awaitingApproval?: PastMeetingRow[];
  }) {
    const repository = {
      upcomingMeetings: jest.fn().mockResolvedValue(rows.upcoming ?? []),
      unscheduledPapers: jest.fn().mockResolvedValue(rows.papers ?? []),
      meetingsWithoutMinutes: jest.fn().mockResolvedValue(rows.withoutMinutes ?? []),
      minutesAwaitingApproval: jest.fn().mockResolvedValue(rows.awaitingApproval ?? []),
      waitingSuggestions: jest.fn().mockResolvedValue(0),
      overdueDecisions: jest.fn().mockResolvedValue([]),
    };
    const triage = { waiting: jest.fn().mockResolvedValue([]) };
    return {
      overviews: new OfficeOverviewService(repository as unknown as OfficeOverviewRepository, triage as unknown as QuestionTriageService),
      repository,
    };
  }

  it('asks for the coming eight weeks of the body', async () => {
    const { overviews, repository } = service({});
    await overviews.overview(body, now);
    expect(repository.upcomingMeetings).toHaveBeenCalledWith('b1', now, new Date('2026-04-27T09:00:00Z'), 3);
  });

  it('groups the coming meetings by their leading organization, in the order of their first meeting, and counts the warnings', async () => {
    const { overviews } = service({
      upcoming: [
        meeting({ id: 'a', start: new Date('2026-03-05T17:00:00Z'), organization_id: 'o2', organization_name: 'Stadtrat' }),
        meeting({ id: 'b', start: new Date('2026-03-11T17:00:00Z'), item_count: 4 }),
        meeting({ id: 'c', start: new Date('2026-03-19T17:00:00Z'), organization_id: null, organization_name: null }),
        meeting({ id: 'd', start: new Date('2026-03-30T16:00:00Z'), state: 'invited', published_at: new Date() }),
      ],
    });
    const { meetings } = await overviews.overview(body, now);
    expect(meetings.groups.map((g) => [g.organization, g.total, g.tasks.map((t) => t.id)])).toEqual([
      ['Stadtrat', 1, ['a']],
      ['Technischer Ausschuss', 2, ['b', 'd']],
      ['Ohne Gremium', 1, ['c']],
    ]);
    const [a] = meetings.groups[0].tasks;
    expect(a).toMatchObject({
      href: '/lindenbach/verwaltung/sitzungen/a',
      publication: { kind: 'draft', text: 'Entwurf' },
      stateText: 'geplant',
      deadline: { iso: '2026-02-26', date: 'Do., 26.02.2026', text: 'seit 4 Tagen verstrichen' },
      status: { kind: 'notStarted', text: 'nicht begonnen' },
      warning: { kind: 'missed', text: 'Ladungsfrist verpasst' },
    });
    const [b, d] = meetings.groups[1].tasks;
    expect(b).toMatchObject({ deadline: { iso: '2026-03-04', text: 'noch 2 Tage' }, warning: { kind: 'due', text: 'Einladung fällig' } });
    expect(b.status.text).toBe('unvollständig');
    expect(d).toMatchObject({
      publication: { text: 'veröffentlicht' },
      deadline: { text: null },
      status: { text: 'erledigt' },
      warning: null,
    });
    expect(meetings).toMatchObject({ total: 4, missed: 1, due: 1 });
  });

  it('takes the deadline from the body', async () => {
    const { overviews } = service({ upcoming: [meeting({ start: new Date('2026-03-20T17:00:00Z') })] });
    const [task] = (await overviews.overview({ ...body, invitationNoticeDays: 21 }, now)).meetings.groups[0].tasks;
    expect(task.deadline).toEqual({ iso: '2026-02-27', date: 'Fr., 27.02.2026', text: 'seit 3 Tagen verstrichen' });
  });

  it('groups the waiting papers by the organization of their next step, with the totals the rows carry', async () => {
    const { overviews } = service({
      papers: [
        paper({ id: 'p1', organization_id: 'o3', organization_name: 'Finanzausschuss', total: 12, consultation_status: 'postponed' }),
        paper({ id: 'p2', total: 2, reference: null, date: null }),
        paper({ id: 'p3', total: 2, consultation_role: null }),
      ],
    });
    const { papers } = await overviews.overview(body, now);
    expect(papers.total).toBe(14);
    expect(papers.groups.map((g) => [g.organization, g.total, g.tasks.map((t) => t.id)])).toEqual([
      ['Finanzausschuss', 12, ['p1']],
      ['Technischer Ausschuss', 2, ['p2', 'p3']],
    ]);
    expect(papers.groups[0].tasks[0]).toMatchObject({
      href: '/lindenbach/verwaltung/vorlagen/p1',
      dateText: '01.02.2026',
      statusText: 'in Beratung',
      step: 'Vorberatung, vertagt',
      status: { kind: 'notStarted' },
    });
    expect(papers.groups[1].tasks.map((t) => t.step)).toEqual(['Vorberatung', '']);
  });

  it('lists the minutes to write and to approve with their totals', async () => {
    const { overviews } = service({
      withoutMinutes: [past({ id: 'w1', state: 'invited', total: 23 }), past({ id: 'w2', total: 23 })],
      awaitingApproval: [past({ id: 'a1', total: 1 })],
    });
    const overview = await overviews.overview(body, now);
    expect(overview.withoutMinutes.total).toBe(23);
    expect(overview.withoutMinutes.tasks.map((t) => [t.id, t.notMarkedHeld, t.stateText, t.status.text])).toEqual([
      ['w1', true, 'eingeladen', 'nicht begonnen'],
      ['w2', false, 'durchgeführt', 'nicht begonnen'],
    ]);
    expect(overview.awaitingApproval).toMatchObject({ total: 1, tasks: [{ id: 'a1', status: { text: 'unvollständig' } }] });
  });

  it('counts nothing when there is nothing to do', async () => {
    const overview = await service({}).overviews.overview(body, now);
    expect(overview).toMatchObject({
      noticeDays: 7,
      meetings: { total: 0, groups: [] },
      papers: { total: 0, groups: [] },
      withoutMinutes: { total: 0, tasks: [] },
      awaitingApproval: { total: 0, tasks: [] },
    });
  });
});
