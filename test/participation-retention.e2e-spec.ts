import { AlertsWorker } from 'src/alerts/alerts.worker';
import { Body } from 'src/bodies/body.entity';
import { Question, QuestionStatus } from 'src/participation/question.entity';
import { createOrganization, createTenant } from './support/factories';
import { createAgendaItem, createMeeting } from './support/meeting-factories';
import { createTestApp, TestApp } from './support/test-app';

const DAY = 86_400_000;

describe("Einwohnerfragestunde: the askers' personal data is forgotten", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("clears name, address and e-mail after the body's period, and drops unconfirmed questions after 48 hours", async () => {
    const a = await createTenant(t);
    const b = await createTenant(t);
    await t.dataSource.getRepository(Body).update({ id: b.body.id }, { questionRetentionMonths: 12 });
    const questions = t.dataSource.getRepository(Question);
    async function question(tenant: typeof a, meetingStart: Date, values: Partial<Question> = {}): Promise<Question> {
      const council = await createOrganization(t.dataSource, tenant.body, { name: 'Stadtrat' });
      const meeting = await createMeeting(t.dataSource, tenant.body, council, { start: meetingStart });
      const item = await createAgendaItem(t.dataSource, tenant.body, meeting, { name: 'Einwohnerfragestunde', questionTime: true });
      return questions.save({
        bodyId: tenant.body.id,
        meetingId: meeting.id,
        agendaItemId: item.id,
        status: QuestionStatus.Accepted,
        name: 'Erika Muster',
        address: 'Am Markt 1',
        email: 'erika@example.org',
        text: 'Wann wird die Brücke saniert?',
        fingerprint: `f-${Math.random()}`,
        ipHash: 'hash',
        confirmedAt: new Date(),
        ...values,
      });
    }
    const sevenMonthsAgo = new Date(Date.now() - 7 * 31 * DAY);
    const old = await question(a, sevenMonthsAgo);
    const recent = await question(a, new Date(Date.now() - 30 * DAY));
    const longerKept = await question(b, sevenMonthsAgo);
    const unconfirmed = await question(a, new Date(Date.now() + 20 * DAY), { status: QuestionStatus.Unconfirmed, confirmedAt: null });
    const freshUnconfirmed = await question(a, new Date(Date.now() + 20 * DAY), { status: QuestionStatus.Unconfirmed, confirmedAt: null });
    await questions.update({ id: unconfirmed.id }, { created: new Date(Date.now() - 49 * 3600_000) });

    // The worker's round runs the job.
    await t.app.get(AlertsWorker).tick();

    const forgotten = await questions.findOneByOrFail({ id: old.id });
    expect(forgotten).toMatchObject({ name: null, address: null, email: null, ipHash: null, text: 'Wann wird die Brücke saniert?' });
    expect(forgotten.personalDataDeletedAt).not.toBeNull();
    expect(await questions.findOneByOrFail({ id: recent.id })).toMatchObject({ name: 'Erika Muster', email: 'erika@example.org' });
    expect(await questions.findOneByOrFail({ id: longerKept.id })).toMatchObject({ name: 'Erika Muster', email: 'erika@example.org' });
    expect(await questions.findOneBy({ id: unconfirmed.id })).toBeNull();
    expect(await questions.findOneBy({ id: freshUnconfirmed.id })).not.toBeNull();
  });
});
