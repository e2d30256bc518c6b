import { BodyRole } from 'src/accounts/account-body-role.entity';
import { AgendaItemOutcome } from 'src/agenda/agenda-item.entity';
import { FileRole } from 'src/files/file-link.entity';
import { MeetingState } from 'src/meetings/meeting.entity';
import { paperStatusAfter } from 'src/agenda/paper-progress';
import { PaperStatus } from 'src/papers/paper.entity';
import { berlinDay } from 'src/common/berlin-time';
import { generateMunicipality } from 'src/demo/demo-generator';
import { demoTownProfile, generatedProfile } from 'src/demo/demo-profile';
import { DemoRows } from 'src/demo/demo-rows';
import { AttendanceStatus } from 'src/attendance/attendance.entity';
import { VoteChoice } from 'src/votes/vote-cast.entity';
import { VoteKind } from 'src/votes/vote.entity';

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}

const NOW = new Date('2026-11-24T15:00:00Z');
const hashes = { admin: 'admin-hash', member: 'member-hash' };

const berlinClock = (instant: Date) =>
  new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }).format(instant);

describe('demo generator', () => {
  let town: DemoRows;
  beforeAll(() => {
    town = generateMunicipality(demoTownProfile(1), { now: NOW, years: 1, passwordHashes: hashes });
  });

  it('gives identical rows, uuids included, for the same seed and other rows for another seed', () => {
    const again = generateMunicipality(demoTownProfile(1), { now: NOW, years: 1, passwordHashes: hashes });
    expect(JSON.stringify(again)).toBe(JSON.stringify(town));
    const other = generateMunicipality(demoTownProfile(2), { now: NOW, years: 1, passwordHashes: hashes });
    expect(other.body.id).not.toBe(town.body.id);
    expect(other.papers.map((p) => p.name)).not.toEqual(town.papers.map((p) => p.name));
  });

  it('builds a small Saxon town of the expected size', () => {
    expect(town.body).toMatchObject({ key: 'lindenbach', name: 'Stadt Lindenbach', ags: expect.stringMatching(/^14\d{6}$/) });
    expect(town.legislativeTerms.map((t) => t.name)).toEqual(['Wahlperiode 2019–2024', 'Wahlperiode 2024–2029']);
    const byClass = (c: string) => town.organizations.filter((o) => o.classification === c);
    expect(byClass('Parlament').map((o) => o.name)).toEqual(['Stadtrat']);
    expect(town.organizations.filter((o) => o.subOrganizationOfId === byClass('Parlament')[0].id)).toHaveLength(5);
    expect(byClass('Ortschaftsrat')).toHaveLength(2);
    expect(town.organizations.filter((o) => o.organizationType === 'Fraktion')).toHaveLength(5);
    const council = byClass('Parlament')[0];
    const seatedNow = town.memberships.filter((m) => m.organizationId === council.id && m.endDate === null);
    expect(seatedNow.length).toBeGreaterThanOrEqual(20);
    expect(seatedNow.length).toBeLessThanOrEqual(30);
    expect(seatedNow.filter((m) => m.role === 'Vorsitz')).toHaveLength(1);
    expect(seatedNow.filter((m) => m.role !== 'Vorsitz').every((m) => m.onBehalfOfId !== null)).toBe(true);
    // Memberships of the previous term have ended; some ended early.
    expect(town.memberships.some((m) => m.endDate === '2024-07-31')).toBe(true);
    expect(town.memberships.some((m) => m.endDate !== null && m.endDate < '2024-07-31')).toBe(true);
    expect(town.memberships.some((m) => !m.votingRight)).toBe(true);
    expect(town.papers.length).toBeGreaterThanOrEqual(120);
    expect(town.papers.length).toBeLessThanOrEqual(180);
    expect(town.meetings.length).toBeGreaterThanOrEqual(45);
    expect(town.meetings.length).toBeLessThanOrEqual(80);
    expect(new Set(town.papers.map((p) => p.paperType))).toEqual(
      new Set(['Beschlussvorlage', 'Informationsvorlage', 'Antrag', 'Anfrage', 'Mitteilung']),
    );
    expect(town.papers.filter((p) => p.confidential).length).toBeGreaterThan(0);
    for (const l of town.locations) {
      const [lon, lat] = (l.geojson as { geometry: { coordinates: number[] } }).geometry.coordinates;
      expect(lon).toBeCloseTo(12.9, 0);
      expect(lat).toBeCloseTo(50.7, 0);
    }
  });

  it('places meetings from ten months back to two months ahead at 18:00 or 19:00 Berlin time, whatever the season', () => {
    const days = town.meetings.map((m) => berlinDay(m.start)).sort();
    expect(days[0] >= '2026-01-01' && days[0] <= '2026-02-28').toBe(true);
    expect(days[days.length - 1] > '2026-12-01').toBe(true);
    for (const m of town.meetings) expect(['18:00', '19:00']).toContain(berlinClock(m.start));
    const council = town.meetings.filter((m) => m.name.includes('Stadtrates'));
    const summer = council.find((m) => berlinDay(m.start).slice(5, 7) === '06')!;
    const winter = council.find((m) => berlinDay(m.start).slice(5, 7) === '02')!;
    expect(summer.start.getUTCHours()).toBe(17);
    expect(winter.start.getUTCHours()).toBe(18);
  });

  it('holds and publishes past meetings and keeps some future ones as drafts', () => {
    const past = town.meetings.filter((m) => m.start < NOW);
    const future = town.meetings.filter((m) => m.start >= NOW);
    expect(past.every((m) => m.publishedAt !== null && [MeetingState.Held, MeetingState.Cancelled].includes(m.state))).toBe(true);
    expect(past.filter((m) => m.state === MeetingState.Held).every((m) => town.attendances.some((a) => a.meetingId === m.id))).toBe(true);
    expect(future.some((m) => m.publishedAt !== null)).toBe(true);
    expect(future.some((m) => m.publishedAt === null)).toBe(true);
    expect(future.every((m) => m.state !== MeetingState.Held)).toBe(true);
    for (const m of town.meetings) expect(m.agendaVersion).toBe(m.publishedAt ? 1 : 0);
    const files = town.fileLinks.filter((l) => l.meetingId);
    expect(files.filter((l) => l.role === FileRole.Invitation)).toHaveLength(town.meetings.filter((m) => m.publishedAt).length);
    expect(files.filter((l) => l.role === FileRole.ResultsProtocol)).toHaveLength(
      town.meetings.filter((m) => m.state === MeetingState.Held).length,
    );
  });

  it('numbers every agenda 1…n from order 0, public part first', () => {
    const byMeeting = groupBy(town.agendaItems, (i) => i.meetingId);
    expect(byMeeting.size).toBe(town.meetings.length);
    for (const items of byMeeting.values()) {
      const sorted = [...items].sort((a, b) => a.order - b.order);
      sorted.forEach((item, i) => {
        expect(item.order).toBe(i);
        expect(item.number).toBe(String(i + 1));
      });
      const firstClosed = sorted.findIndex((i) => !i.public);
      expect(firstClosed).toBeGreaterThan(0);
      expect(sorted.slice(firstClosed).every((i) => !i.public)).toBe(true);
      expect(sorted[0].name).toMatch(/Eröffnung/);
    }
  });

  it('gives unique references continuing in the reference counters', () => {
    const references = town.papers.map((p) => p.reference!);
    expect(new Set(references).size).toBe(references.length);
    for (const s of town.paperReferenceSequences) {
      const numbers = references.filter((r) => r.startsWith(s.prefix)).map((r) => Number(r.slice(s.prefix.length)));
      expect(Math.max(...numbers)).toBe(s.lastValue);
      expect(numbers).toHaveLength(s.lastValue);
    }
  });

  it('keeps papers, consultations and results consistent', () => {
    const items = new Map(town.agendaItems.map((i) => [i.id, i]));
    const byPaper = groupBy(town.consultations, (c) => c.paperId);
    for (const paper of town.papers) {
      const steps = (byPaper.get(paper.id) ?? []).sort((a, b) => a.position - b.position);
      expect(steps.length).toBeGreaterThan(0);
      expect(steps.map((s) => s.authoritative)).toEqual(steps.map((_, i) => i === steps.length - 1));
      const last = steps[steps.length - 1];
      const lastItem = last.agendaItemId ? items.get(last.agendaItemId) : undefined;
      if (lastItem?.outcome && lastItem.outcome !== AgendaItemOutcome.Postponed && lastItem.outcome !== AgendaItemOutcome.ReferredBack) {
        expect(paper.status).toBe(paperStatusAfter(PaperStatus.InConsultation, true, lastItem.outcome));
      }
      // Confidential papers are never on a public item.
      if (paper.confidential) {
        expect(town.agendaItems.filter((i) => i.paperId === paper.id).every((i) => !i.public)).toBe(true);
      }
      expect(town.fileLinks.filter((l) => l.paperId === paper.id && l.role === FileRole.Main)).toHaveLength(1);
    }
    for (const item of town.agendaItems.filter((i) => i.paperId)) {
      const meeting = town.meetings.find((m) => m.id === item.meetingId)!;
      expect(item.outcome !== null).toBe(meeting.state === MeetingState.Held);
    }
    expect(town.papers.some((p) => p.status === PaperStatus.Decided)).toBe(true);
    expect(town.papers.some((p) => p.status === PaperStatus.InConsultation)).toBe(true);
    for (const vote of town.votes) expect(vote.yes + vote.no + vote.abstain).toBeGreaterThan(0);
  });

  it('takes a share of the decisions on public items of held meetings by roll call, one cast per member present', () => {
    const rollCalls = town.votes.filter((v) => v.kind === VoteKind.RollCall);
    const decided = town.votes.filter((v) => v.subject === 'Beschlussvorschlag');
    expect(rollCalls.length).toBeGreaterThan(decided.length * 0.1);
    expect(rollCalls.length).toBeLessThan(decided.length * 0.35);
    const items = new Map(town.agendaItems.map((i) => [i.id, i]));
    const meetings = new Map(town.meetings.map((m) => [m.id, m]));
    const casts = groupBy(town.voteCasts, (c) => c.voteId);
    for (const vote of rollCalls) {
      const item = items.get(vote.agendaItemId)!;
      expect(item.public).toBe(true);
      expect(meetings.get(item.meetingId)!.state).toBe(MeetingState.Held);
      const own = casts.get(vote.id) ?? [];
      const count = (choice: VoteChoice) => own.filter((c) => c.choice === choice).length;
      expect([count(VoteChoice.Yes), count(VoteChoice.No), count(VoteChoice.Abstain)]).toEqual([vote.yes, vote.no, vote.abstain]);
      const present = new Set(
        town.attendances.filter((a) => a.meetingId === item.meetingId && a.status === AttendanceStatus.Present).map((a) => a.personId),
      );
      expect(own.every((c) => present.has(c.personId))).toBe(true);
      expect(new Set(own.map((c) => c.personId)).size).toBe(own.length);
    }
    expect(town.voteCasts.every((c) => rollCalls.some((v) => v.id === c.voteId))).toBe(true);
  });

  it('on any day of a year: ties every paper on an agenda to its item through a consultation of that paper', () => {
    // OParl has no paper on an agenda item, only the consultation the item names; the export and
    // every importer rely on it. A postponed item names the consultation that has since moved on
    // to a later meeting, which may not be published yet: the item's own reference is then the
    // only public link from the item to its paper.
    const problems: string[] = [];
    let movedOnToUnpublished = 0;
    for (let day = 0; day < 365; day += 5) {
      const now = new Date(NOW.getTime() + day * 86_400_000);
      const rows = generateMunicipality(demoTownProfile(1), { now, years: 1 });
      const consultations = new Map(rows.consultations.map((c) => [c.id, c]));
      const items = new Map(rows.agendaItems.map((i) => [i.id, i]));
      const meetings = new Map(rows.meetings.map((m) => [m.id, m]));
      for (const item of rows.agendaItems.filter((i) => i.paperId)) {
        const consultation = consultations.get(item.consultationId ?? '');
        if (consultation?.paperId !== item.paperId) problems.push(`${berlinDay(now)}: item ${item.id} names no consultation of its paper`);
        const current = items.get(consultation?.agendaItemId ?? '');
        if (current && current.id !== item.id && item.public && !meetings.get(current.meetingId)!.publishedAt) movedOnToUnpublished++;
      }
      for (const meeting of rows.meetings.filter((m) => m.start < now && !m.publishedAt)) {
        problems.push(`${berlinDay(now)}: past meeting ${meeting.id} not published`);
      }
    }
    expect(problems).toEqual([]);
    expect(movedOnToUnpublished).toBeGreaterThan(0);
  });

  it('names no non-public item in the public minutes and invitations', () => {
    const closedNames = new Set(town.agendaItems.filter((i) => !i.public && i.paperId).map((i) => i.name));
    const meetingFiles = new Set(town.fileLinks.filter((l) => l.meetingId).map((l) => l.fileId));
    for (const file of town.files.filter((f) => meetingFiles.has(f.id))) {
      for (const name of closedNames) expect(file.text).not.toContain(name);
    }
  });

  it('links the member login to a current member of the Technischer Ausschuss', () => {
    const role = town.accountBodyRoles.find((r) => r.role === BodyRole.Member)!;
    const ta = town.organizations.find((o) => o.name === 'Technischer Ausschuss')!;
    expect(town.memberships.some((m) => m.personId === role.personId && m.organizationId === ta.id && m.endDate === null)).toBe(true);
    expect(town.accounts.map((a) => a.email).sort()).toEqual(['ratsmitglied@lindenbach.example', 'verwaltung@lindenbach.example']);
    const withoutHashes = generateMunicipality(demoTownProfile(1), { now: NOW, years: 1 });
    expect(withoutHashes.accounts).toHaveLength(0);
  });

  it('varies generated municipalities by index, with unique keys, names and AGS', () => {
    const profiles = Array.from({ length: 418 }, (_, i) => generatedProfile(1, i + 1));
    expect(new Set(profiles.map((p) => p.key)).size).toBe(418);
    expect(new Set(profiles.map((p) => p.placeName)).size).toBe(418);
    expect(new Set(profiles.map((p) => p.ags)).size).toBe(418);
    expect(profiles.every((p) => /^14\d{6}$/.test(p.ags))).toBe(true);
    const a = generateMunicipality(profiles[0], { now: NOW, years: 2 });
    const b = generateMunicipality(profiles[1], { now: NOW, years: 2 });
    expect(a.body.key).toBe('gemeinde-0001');
    expect(a.papers.length).not.toBe(b.papers.length);
    const ids = new Set([...a.papers, ...a.agendaItems, ...b.papers, ...b.agendaItems].map((r) => r.id));
    expect(ids.size).toBe(a.papers.length + a.agendaItems.length + b.papers.length + b.agendaItems.length);
  });
});
