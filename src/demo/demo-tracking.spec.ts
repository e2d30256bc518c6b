import { BodyRole } from 'src/accounts/account-body-role.entity';
import { AgendaItemOutcome } from 'src/agenda/agenda-item.entity';
import { DecisionTrackingStatus } from 'src/decision-tracking/decision-tracking.entity';
import { generateMunicipality } from 'src/demo/demo-generator';
import { demoTownProfile } from 'src/demo/demo-profile';
import { DemoRows } from 'src/demo/demo-rows';
import { generateDecisionTracking, TRACKED_DECISIONS } from 'src/demo/demo-tracking';

const NOW = new Date('2026-11-24T15:00:00Z');

describe('demo Beschlusskontrolle', () => {
  let town: DemoRows;
  beforeAll(() => {
    town = generateMunicipality(demoTownProfile(1), { now: NOW, years: 1, passwordHashes: { admin: 'a', member: 'm' } });
  });

  it('follows the last decided public items with every status, a reason where one is needed', () => {
    expect(town.decisionTrackings).toHaveLength(TRACKED_DECISIONS);
    const items = new Map(town.agendaItems.map((i) => [i.id, i]));
    for (const t of town.decisionTrackings) {
      const item = items.get(t.agendaItemId)!;
      expect(item.public).toBe(true);
      expect([AgendaItemOutcome.Accepted, AgendaItemOutcome.AcceptedAmended]).toContain(item.outcome);
      expect(t.reason !== null).toBe(t.status === DecisionTrackingStatus.NotDone);
    }
    expect(new Set(town.decisionTrackings.map((t) => t.status))).toEqual(new Set(Object.values(DecisionTrackingStatus)));
    expect(new Set(town.decisionTrackings.map((t) => t.agendaItemId)).size).toBe(TRACKED_DECISIONS);
  });

  it('writes notes up to today, public and internal, by the office account', () => {
    const admin = town.accountBodyRoles.find((r) => r.role === BodyRole.Admin)!.accountId;
    expect(town.decisionTrackingNotes.length).toBeGreaterThan(0);
    for (const n of town.decisionTrackingNotes) {
      expect(n.date <= '2026-11-24').toBe(true);
      expect(n.authorAccountId).toBe(admin);
    }
    expect(town.decisionTrackingNotes.some((n) => n.public)).toBe(true);
  });

  it('draws from a stream of its own: the rest of the demo is the same with or without it', () => {
    const without = { ...town, decisionTrackings: [], decisionTrackingNotes: [] };
    const again = structuredClone(without);
    generateDecisionTracking(again, '2026-11-24');
    expect(JSON.stringify(again.decisionTrackings)).toBe(JSON.stringify(town.decisionTrackings));
    expect(JSON.stringify({ ...again, decisionTrackings: [], decisionTrackingNotes: [] })).toBe(JSON.stringify(without));
  });
});
