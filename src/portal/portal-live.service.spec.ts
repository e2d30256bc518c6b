import type { AgendaItemEntry, MeetingReadModel, VoteEntry } from 'src/meetings/meeting-read-model';
import { isRunning, liveFingerprint, liveViewOf } from 'src/portal/portal-live.service';

const vote = (yes: number, no: number, abstain: number): VoteEntry => ({
  id: 'v',
  subject: 'Beschlussvorschlag',
  kind: 'open',
  yes,
  no,
  abstain,
  result: 'accepted',
  casts: null,
});

const item = (n: number, over: Partial<AgendaItemEntry> = {}): AgendaItemEntry =>
  ({
    id: `i${n}`,
    number: String(n),
    order: n,
    name: `Punkt ${n}`,
    public: true,
    status: 'scheduled',
    outcome: null,
    result: null,
    resolutionText: null,
    paper: null,
    votes: [],
    questions: [],
    ...over,
  }) as AgendaItemEntry;

const meeting = (over: Partial<MeetingReadModel> = {}): MeetingReadModel =>
  ({
    id: 'm1',
    name: 'Sitzung des Gemeinderates',
    state: 'invited',
    start: new Date('2026-03-10T17:00:00Z'),
    end: null,
    publishedAt: new Date('2026-03-01T10:00:00Z'),
    items: [item(1, { outcome: 'accepted', votes: [vote(20, 3, 1)] }), item(2), item(3)],
    live: null,
    ...over,
  }) as MeetingReadModel;

const NOW = new Date('2026-03-10T18:00:00Z');

describe('liveViewOf', () => {
  it('has not begun before live mode opens an item, and lists nothing', () => {
    const view = liveViewOf('lindenbach', meeting(), NOW);
    expect(view).toMatchObject({ phase: 'notStarted', current: null, items: [], state: 'Die Sitzung hat noch nicht begonnen.' });
  });

  it('shows the current item and those before it, and later ones only once something was recorded on them', () => {
    const m = meeting({ live: { itemId: 'i2' } });
    m.items[2].votes = [vote(1, 0, 0)];
    const view = liveViewOf('lindenbach', m, NOW);
    expect(view.phase).toBe('running');
    expect(view.state).toBe('Aktuell: TOP 2: Punkt 2');
    expect(view.items.map((i) => [i.number, i.current])).toEqual([
      ['1', false],
      ['2', true],
      ['3', false],
    ]);
    expect(view.items[0].summary).toBe('TOP 1: Beschlossen, 20 Ja, 3 Nein, 1 Enthaltung');
    expect(view.items[1].summary).toBe('TOP 2: Punkt 2');
    expect(liveViewOf('lindenbach', meeting({ live: { itemId: 'i1' } }), NOW).items.map((i) => i.number)).toEqual(['1']);
  });

  it('shows the residents’ questions of the question time and says how many are answered', () => {
    const questions = [
      { id: 'q1', text: 'Wann kommt der Radweg?', answer: 'Im Herbst.', answeredAt: NOW },
      { id: 'q2', text: 'Wer mäht die Wiese?', answer: null, answeredAt: null },
    ];
    const m = meeting({ live: { itemId: 'i2' } });
    m.items[1] = item(2, { name: 'Einwohnerfragestunde', questionTime: true, questions });
    const [, current] = liveViewOf('lindenbach', m, NOW).items;
    expect(current.questions).toEqual([
      { text: 'Wann kommt der Radweg?', answer: 'Im Herbst.' },
      { text: 'Wer mäht die Wiese?', answer: null },
    ]);
    expect(current.summary).toBe('TOP 2: 1 von 2 Fragen beantwortet');
  });

  it('says only "nichtöffentlicher Teil" for an item the public may not see', () => {
    const view = liveViewOf('lindenbach', meeting({ live: { hidden: true } }), NOW);
    expect(view).toMatchObject({ phase: 'nonPublic', current: null, state: 'Aktuell: nichtöffentlicher Teil' });
    expect(view.items).toHaveLength(3);
  });

  it('says a held meeting has ended and a cancelled one is off, whatever item was open', () => {
    expect(liveViewOf('lindenbach', meeting({ state: 'held', live: { itemId: 'i3' } }), NOW)).toMatchObject({
      phase: 'ended',
      current: null,
      state: 'Die Sitzung ist beendet.',
    });
    expect(liveViewOf('lindenbach', meeting({ state: 'cancelled' }), NOW).phase).toBe('cancelled');
  });

  it('tells states apart by content, not by the time they were read', () => {
    const m = meeting({ live: { itemId: 'i2' } });
    expect(liveFingerprint(liveViewOf('k', m, NOW))).toBe(liveFingerprint(liveViewOf('k', m, new Date(NOW.getTime() + 60_000))));
    expect(liveFingerprint(liveViewOf('k', m, NOW))).not.toBe(liveFingerprint(liveViewOf('k', meeting({ live: { hidden: true } }), NOW)));
  });
});

describe('isRunning', () => {
  it('runs once live mode opened an item, until the meeting is held', () => {
    expect(isRunning(meeting({ live: { hidden: true }, start: new Date('2026-04-01T17:00:00Z') }), NOW)).toBe(true);
    expect(isRunning(meeting({ live: { itemId: 'i1' }, state: 'held' }), NOW)).toBe(false);
    expect(isRunning(meeting({ live: { itemId: 'i1' }, publishedAt: null }), NOW)).toBe(false);
  });

  it('runs from the start to the end, or six hours without an end', () => {
    expect(isRunning(meeting(), new Date('2026-03-10T16:59:00Z'))).toBe(false);
    expect(isRunning(meeting(), new Date('2026-03-10T22:59:00Z'))).toBe(true);
    expect(isRunning(meeting(), new Date('2026-03-10T23:01:00Z'))).toBe(false);
    expect(isRunning(meeting({ end: new Date('2026-03-10T19:00:00Z') }), new Date('2026-03-10T19:30:00Z'))).toBe(false);
  });
});
