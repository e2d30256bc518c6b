import { VoteEntry } from 'src/meetings/meeting-read-model';
import { compact, OparlObject } from 'src/oparl/oparl-format';
import { Builder } from 'src/oparl/oparl-graph';
import { PUBLIC_VIEWER } from 'src/oparl/oparl-types';

/** The extension's names of a person's choice; the counts are named the same way. */
const CHOICE: Record<string, string> = { yes: 'yes', no: 'no', abstain: 'abstention' };

/**
 * The extension's Vote (docs/oparl-extension.md), mapped from the meeting read model as the
 * public sees it: only votes on items the public may see are there, and only roll calls carry
 * who voted how; secret ballots and elections never do, whatever is stored.
 */
export const buildVotes: Builder = async (g, rows) => {
  const places = await g.query<{ id: string; agenda_item_id: string; meeting_id: string }>(
    `SELECT v.id, v.agenda_item_id, i.meeting_id FROM vote v JOIN agenda_item i ON i.id = v.agenda_item_id
      WHERE v.body_id = $1 AND v.id = ANY($2::uuid[])`,
    [g.body.id, rows.map((r) => r.id)],
  );
  const meetings = await g.meetings.loadMany(g.body.id, [...new Set(places.map((p) => p.meeting_id))], PUBLIC_VIEWER);
  const entries = new Map<string, { vote: VoteEntry; itemId: string; meetingId: string }>();
  for (const m of meetings) {
    for (const item of m.items) for (const vote of item.votes) entries.set(vote.id, { vote, itemId: item.id, meetingId: m.id });
  }
  const persons = new Set(
    await g.refs(
      'Person',
      [...entries.values()].flatMap((e) => (e.vote.casts ?? []).map((c) => c.person.id)),
    ),
  );
  const result: OparlObject[] = [];
  for (const row of rows) {
    const entry = entries.get(row.id);
    // Gone from the public's read model since the row was selected: left out rather than guessed.
    if (!entry) continue;
    const { vote, itemId, meetingId } = entry;
    const personVote =
      vote.kind === 'rollCall'
        ? (vote.casts ?? [])
            .map((c) => ({ person: g.url('Person', c.person.id), choice: CHOICE[c.choice] }))
            .filter((c) => persons.has(c.person) && c.choice !== undefined)
        : undefined;
    result.push(
      compact({
        ...g.head('Vote', row),
        agendaItem: g.url('AgendaItem', itemId),
        meeting: g.url('Meeting', meetingId),
        subject: vote.subject,
        kind: vote.kind,
        yes: vote.yes,
        no: vote.no,
        abstention: vote.abstain,
        result: vote.result,
        personVote,
        web: g.urls.meetingPage(g.body.key, meetingId, itemId),
      }),
    );
  }
  return result;
};
