import { randomBytes } from 'node:crypto';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { BodyRole } from 'src/accounts/account-body-role.entity';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { Consultation } from 'src/consultations/consultation.entity';
import { MeetingDocumentsService } from 'src/documents/meeting-documents.service';
import { FileLink } from 'src/files/file-link.entity';
import { LegislativeTerm } from 'src/legislative-terms/legislative-term.entity';
import { Location } from 'src/locations/location.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { Paper, PaperStatus } from 'src/papers/paper.entity';
import { Question, QuestionStatus } from 'src/participation/question.entity';
import { Statement, StatementStatus } from 'src/participation/statement.entity';
import { DecisionTrackingNote } from 'src/decision-tracking/decision-tracking-note.entity';
import { DecisionTracking, DecisionTrackingStatus } from 'src/decision-tracking/decision-tracking.entity';
import { SearchIndexerService } from 'src/search/search-indexer.service';
import { VoteCast, VoteChoice } from 'src/votes/vote-cast.entity';
import { Vote, VoteKind, VoteResult } from 'src/votes/vote.entity';
import { bearer, createAccount, createBody, createMembership, createOrganization, createPerson } from '../../support/factories';
import { createMeeting } from '../../support/meeting-factories';
import { TestApp } from '../../support/test-app';

/** Lower-case letters only: one word for every tokenizer, HTML escaping and PDF text layer. */
const suffix = () =>
  [...randomBytes(8)]
    .map((b) => String.fromCharCode(97 + (b % 26)))
    .join('')
    .replace(/[aeiou]/g, 'x');

/** A one-page-per-line PDF with a real text layer. */
export async function textPdf(lines: string[]): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const line of lines) pdf.addPage([595, 842]).drawText(line, { x: 50, y: 700, size: 14, font });
  return Buffer.from(await pdf.save());
}

/**
 * A municipality whose committee B has non-public content in every field kind that can hold
 * text, each carrying a unique marker word (`secrets`), next to public content carrying control
 * markers (`controls`) that every public channel must show. Committee A's member must see
 * nothing of B's non-public part (members do not see all non-public content in this body).
 * Built with the public API where the API does the work that matters (file text extraction,
 * publication, the public → non-public change), with the database elsewhere.
 */
export async function plantBody(t: TestApp) {
  const tag = suffix();
  const secret = (kind: string) => `vrtl${kind}${tag}`;
  const control = (kind: string) => `pblc${kind}${tag}`;
  const ds = t.dataSource;

  const body = await createBody(ds, { name: `Gemeinde ${control('bodyname')}`, membersSeeAllNonPublic: false });
  const admin = await createAccount(t, { body, role: BodyRole.Admin });
  const api = (path: string) => `/api/v1/bodies/${body.key}${path}`;

  const committeeA = await createOrganization(ds, body, { name: `Ausschuss A ${control('orga')}` });
  const committeeB = await createOrganization(ds, body, { name: `Ausschuss B ${control('orgb')}` });
  const personA = await createPerson(ds, body, { name: `Anna ${control('persona')}` });
  const personB = await createPerson(ds, body, {
    name: `Bernd ${control('personb')}`,
    life: secret('personlife'),
    email: [`${secret('personmail')}@example.org`],
    phone: [secret('personphone')],
    status: [secret('personstatus')],
    gender: secret('persongender'),
    publishedFields: [],
  });
  const publicPerson = await createPerson(ds, body, { name: 'Clara Offen', life: control('personlife'), publishedFields: ['life'] });
  await createMembership(ds, body, personA, committeeA);
  const membershipB = await createMembership(ds, body, personB, committeeB, { votingRight: true });
  await createMembership(ds, body, publicPerson, committeeB, { votingRight: true });
  // Bernd's faction: its notes are for its members, not Anna's, not the office's.
  const factionB = await createOrganization(ds, body, { name: 'Fraktion B', organizationType: 'Fraktion' });
  await createMembership(ds, body, personB, factionB);
  const memberA = await createAccount(t, { body, role: BodyRole.Member, personId: personA.id });
  const memberB = await createAccount(t, { body, role: BodyRole.Member, personId: personB.id });

  const location = await ds.getRepository(Location).save({ bodyId: body.id, description: 'Rathaus, Saal 1' });
  const term = await ds.getRepository(LegislativeTerm).save({ bodyId: body.id, name: 'Wahlperiode 2024–2029' });

  // The meeting starts soon, so calendars and feeds of every time window include it.
  const soon = new Date(Date.now() + 7 * 86400_000);
  const publicMeeting = await createMeeting(ds, body, committeeB, {
    name: `Sitzung ${control('meeting')}`,
    start: soon,
    publishedAt: null,
    locationId: location.id,
  });
  const draftMeeting = await createMeeting(ds, body, committeeB, {
    name: `Entwurf ${secret('draftmeeting')}`,
    start: soon,
    publishedAt: null,
  });

  // All released, as papers on an agenda are: each secret one is hidden by its own reason alone.
  const papers = ds.getRepository(Paper);
  const released = PaperStatus.InConsultation;
  const publicPaper = await papers.save({
    bodyId: body.id,
    name: `Vorlage ${control('paper')}`,
    reference: 'BV/2026/001',
    status: released,
  });
  const confidentialPaper = await papers.save({
    bodyId: body.id,
    name: `Vorlage ${secret('confpaper')}`,
    reference: `VT/${secret('confref')}`,
    confidential: true,
    status: released,
  });
  const draftPaper = await papers.save({
    bodyId: body.id,
    name: `Vorlage ${secret('draftpaper')}`,
    reference: 'BV/2026/003',
    status: released,
  });

  const items = ds.getRepository(AgendaItem);
  const publicItem = await items.save({
    bodyId: body.id,
    meetingId: publicMeeting.id,
    order: 0,
    number: '1',
    name: `Ö1 ${control('itemname')}`,
    public: true,
    paperId: publicPaper.id,
    result: control('itemresult'),
    resolutionText: control('itemresolution'),
  });
  const becameSecretItem = await items.save({
    bodyId: body.id,
    meetingId: publicMeeting.id,
    order: 1,
    number: '2',
    name: `Ö2 ${secret('waspublic')}`,
    public: true,
    resolutionText: secret('waspublicresolution'),
  });
  const secretItem = await items.save({
    bodyId: body.id,
    meetingId: publicMeeting.id,
    order: 2,
    number: '3',
    name: `N1 ${secret('itemname')}`,
    public: false,
    paperId: confidentialPaper.id,
    result: secret('itemresult'),
    resolutionText: secret('itemresolution'),
  });
  const draftItem = await items.save({
    bodyId: body.id,
    meetingId: draftMeeting.id,
    order: 0,
    number: '1',
    name: `Ö1 ${secret('draftitem')}`,
    public: true,
    paperId: draftPaper.id,
  });
  const consultation = await ds.getRepository(Consultation).save({
    bodyId: body.id,
    paperId: confidentialPaper.id,
    organizationId: committeeB.id,
    meetingId: publicMeeting.id,
    agendaItemId: secretItem.id,
    role: secret('consultationrole'),
    position: 0,
  });
  // A resident's question to the public item's question time, not yet decided on by the office:
  // only the office sees it, never its asker's name beside it.
  await items.update({ id: publicItem.id }, { questionTime: true });
  const secretQuestion = await ds.getRepository(Question).save({
    bodyId: body.id,
    meetingId: publicMeeting.id,
    agendaItemId: publicItem.id,
    status: QuestionStatus.Received,
    name: `Frau ${secret('questionname')}`,
    address: null,
    email: 'fragende@example.org',
    text: `Frage ${secret('questiontext')}`,
    fingerprint: randomBytes(8).toString('hex'),
    ipHash: null,
    confirmedAt: new Date(),
  });
  const secretVote = await ds.getRepository(Vote).save({
    bodyId: body.id,
    agendaItemId: secretItem.id,
    position: 0,
    subject: secret('votesubject'),
    kind: VoteKind.RollCall,
    yes: 1,
    no: 1,
    abstain: 0,
    result: VoteResult.Rejected,
  });
  await ds.getRepository(VoteCast).save([
    { bodyId: body.id, voteId: secretVote.id, personId: personB.id, choice: VoteChoice.Yes },
    { bodyId: body.id, voteId: secretVote.id, personId: publicPerson.id, choice: VoteChoice.No },
  ]);
  // A roll call on the item that is public until hideFormerlyPublicItem: OParl serves it, then only as a tombstone.
  const formerlyPublicVote = await ds.getRepository(Vote).save({
    bodyId: body.id,
    agendaItemId: becameSecretItem.id,
    position: 0,
    subject: `Beschlussvorschlag ${secret('waspublic')}`,
    kind: VoteKind.RollCall,
    yes: 1,
    no: 0,
    abstain: 0,
    result: VoteResult.Accepted,
  });
  await ds
    .getRepository(VoteCast)
    .save({ bodyId: body.id, voteId: formerlyPublicVote.id, personId: publicPerson.id, choice: VoteChoice.Yes });
  // Roll calls on public items: one stays public, and its names are on the page of each who voted;
  // the other is on the item that goes non-public later, and must leave those pages with it.
  for (const [item, subject] of [
    [publicItem, control('rollcall')],
    [becameSecretItem, secret('waspublicvote')],
  ] as const) {
    const rollCall = await ds.getRepository(Vote).save({
      bodyId: body.id,
      agendaItemId: item.id,
      position: 1,
      subject,
      kind: VoteKind.RollCall,
      yes: 2,
      no: 0,
      abstain: 0,
      result: VoteResult.Accepted,
    });
    await ds.getRepository(VoteCast).save([
      { bodyId: body.id, voteId: rollCall.id, personId: personB.id, choice: VoteChoice.Yes },
      { bodyId: body.id, voteId: rollCall.id, personId: publicPerson.id, choice: VoteChoice.Yes },
    ]);
  }
  await ds.getRepository(Vote).save({
    bodyId: body.id,
    agendaItemId: publicItem.id,
    position: 0,
    subject: control('votesubject'),
    kind: VoteKind.Open,
    yes: 5,
    no: 0,
    abstain: 0,
    result: VoteResult.Accepted,
  });

  const upload = async (lines: string[], fields: Record<string, string>): Promise<string> => {
    const req = t.http().post(api('/files/upload')).set(bearer(admin.token));
    for (const [key, value] of Object.entries(fields)) void req.field(key, value);
    const res = await req.attach('file', await textPdf(lines), 'anlage.pdf');
    if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${res.text}`);
    return (res.body as { id: string }).id;
  };
  const publicFile = await upload([`Lageplan ${control('filetext')}`], {
    name: `Anlage ${control('filename')}`,
    role: 'main',
    paperId: publicPaper.id,
  });
  const secretFile = await upload([`Kaufvertrag ${secret('filetext')}`], {
    name: `Anlage ${secret('filename')}`,
    role: 'auxiliary',
    agendaItemId: secretItem.id,
  });
  const confidentialFile = await upload([`Gutachten ${secret('conffiletext')}`], {
    name: `Anlage ${secret('conffilename')}`,
    role: 'auxiliary',
    agendaItemId: publicItem.id,
    confidential: 'true',
  });
  await upload([`Begründung ${secret('confpapertext')}`], { name: 'Begründung', role: 'main', paperId: confidentialPaper.id });
  const draftFile = await upload([`Entwurf ${secret('draftfiletext')}`], {
    name: `Einladung ${secret('draftfilename')}`,
    role: 'invitation',
    meetingId: draftMeeting.id,
  });
  const secretFileLink = await ds.getRepository(FileLink).findOneByOrFail({ fileId: secretFile });

  // Residents' statements: published on the public paper (without the name its author kept back),
  // waiting for the office on the same paper, and published on a confidential one opened behind
  // the rule's back. The e-mail addresses are shown to nobody.
  await papers.update({ id: confidentialPaper.id }, { statementsUntil: new Date(Date.now() + 30 * 86_400_000) });
  const statement = (paperId: string, kind: string, values: Partial<Statement>) =>
    ds.getRepository(Statement).save({
      bodyId: body.id,
      paperId,
      email: `${secret('statementmail')}${kind}@example.org`,
      fingerprint: `${kind}-${tag}`,
      ipHash: null,
      confirmedAt: new Date(),
      decidedAt: new Date(),
      ...values,
    } as Statement);
  await statement(publicPaper.id, 'published', {
    status: StatementStatus.Published,
    name: `Name ${secret('statementname')}`,
    publishName: false,
    text: `Stellungnahme ${control('statement')}`,
  });
  await statement(publicPaper.id, 'received', {
    status: StatementStatus.Received,
    name: 'Erika Muster',
    publishName: true,
    text: `Stellungnahme ${secret('statementreceived')}`,
  });
  await statement(confidentialPaper.id, 'confidential', {
    status: StatementStatus.Published,
    name: 'Otto Offen',
    publishName: true,
    text: `Stellungnahme ${secret('statementconf')}`,
  });

  // The Beschlusskontrolle: a record of the hidden item, with its office, reason and a note marked
  // public, all hidden with the item; and one of the public item, whose internal note stays inside.
  const trackings = ds.getRepository(DecisionTracking);
  const trackingNotes = ds.getRepository(DecisionTrackingNote);
  const secretTracking = await trackings.save({
    bodyId: body.id,
    agendaItemId: secretItem.id,
    responsibleOffice: `Amt ${secret('trackingoffice')}`,
    dueDate: '2020-01-31',
    status: DecisionTrackingStatus.NotDone,
    reason: secret('trackingreason'),
  });
  await trackingNotes.save({
    bodyId: body.id,
    trackingId: secretTracking.id,
    date: '2026-01-15',
    text: secret('trackingnote'),
    public: true,
  });
  const publicTracking = await trackings.save({
    bodyId: body.id,
    agendaItemId: publicItem.id,
    responsibleOffice: 'Bauamt',
    dueDate: '2020-01-31',
    status: DecisionTrackingStatus.InProgress,
  });
  await trackingNotes.save([
    { bodyId: body.id, trackingId: publicTracking.id, date: '2026-01-15', text: control('trackingnote'), public: true },
    { bodyId: body.id, trackingId: publicTracking.id, date: '2026-01-16', text: secret('trackinginternal'), public: false },
  ]);

  // Publication through the API: it writes the agenda version and generates the documents.
  const current = await ds.getRepository(Meeting).findOneByOrFail({ id: publicMeeting.id });
  const published = await t
    .http()
    .post(api(`/meetings/${publicMeeting.id}/publish`))
    .set(bearer(admin.token))
    .send({ version: current.version });
  if (published.status !== 200) throw new Error(`publish answered ${published.status}: ${published.text}`);

  const token = await t
    .http()
    .post(api('/calendar-tokens'))
    .set(bearer(memberB.token))
    .send({ label: secret('tokenlabel') });
  if (token.status !== 201) throw new Error(`calendar token answered ${token.status}: ${token.text}`);
  const calendarToken = token.body as { id: string; url: string };

  // Bernd's notes: a private highlight on a public document, a faction note on the hidden item.
  const note = async (values: Record<string, unknown>) => {
    const res = await t.http().post(api('/annotations')).set(bearer(memberB.token)).send(values);
    if (res.status !== 201) throw new Error(`annotation answered ${res.status}: ${res.text}`);
    return res.body as { id: string };
  };
  const privateNote = await note({ fileId: publicFile, audience: 'private', page: 1, quote: 'Lageplan', text: secret('noteprivate') });
  const factionNote = await note({ agendaItemId: secretItem.id, audience: 'faction', text: secret('notefaction') });

  /** Waits until the search index has caught up with every change. */
  const drainSearch = () => t.app.get(SearchIndexerService).drainAll(120_000);

  /**
   * Renews the meeting's documents now, as the periodic sweep would after agenda edits, and waits
   * until the search index has caught up with every change.
   */
  const settle = async () => {
    const documents = t.app.get(MeetingDocumentsService);
    await documents.idle();
    await documents.enqueue(body.id, publicMeeting.id);
    await drainSearch();
  };

  /** Moves the item that was public into the non-public part, through the API as the office would. */
  const hideFormerlyPublicItem = async () => {
    const meeting = await ds.getRepository(Meeting).findOneByOrFail({ id: publicMeeting.id });
    const res = await t
      .http()
      .patch(api(`/meetings/${publicMeeting.id}/agenda-items/${becameSecretItem.id}`))
      .set(bearer(admin.token))
      .send({ version: meeting.version, public: false });
    if (res.status !== 200) throw new Error(`hiding the item answered ${res.status}: ${res.text}`);
  };

  const secretKinds = [
    'personlife',
    'personmail',
    'personphone',
    'personstatus',
    'persongender',
    'draftmeeting',
    'confpaper',
    'confref',
    'draftpaper',
    'waspublic',
    'waspublicresolution',
    'waspublicvote',
    'itemname',
    'itemresult',
    'itemresolution',
    'draftitem',
    'consultationrole',
    'votesubject',
    'filetext',
    'filename',
    'conffiletext',
    'conffilename',
    'confpapertext',
    'draftfiletext',
    'draftfilename',
    'tokenlabel',
    'noteprivate',
    'notefaction',
    'questionname',
    'questiontext',
    'statementname',
    'statementreceived',
    'statementconf',
    'statementmail',
    'trackingoffice',
    'trackingreason',
    'trackingnote',
    'trackinginternal',
  ];
  // Files marked confidential but attached to a public item: hidden from the public, shown to every member.
  const forAllMembers = new Set(['conffiletext', 'conffilename']);
  const controlKinds = [
    'persona',
    'personb',
    'personlife',
    'orgb',
    'meeting',
    'paper',
    'itemname',
    'itemresolution',
    'filename',
    'filetext',
    'statement',
    'rollcall',
    'trackingnote',
  ];

  return {
    tag,
    body,
    admin,
    memberA,
    memberB,
    committeeA,
    committeeB,
    personA,
    personB,
    publicPerson,
    membershipB,
    privateNote,
    factionNote,
    location,
    term,
    publicMeeting,
    draftMeeting,
    publicPaper,
    confidentialPaper,
    draftPaper,
    publicItem,
    secretItem,
    secretTracking,
    publicTracking,
    becameSecretItem,
    draftItem,
    consultation,
    secretVote,
    formerlyPublicVote,
    secretQuestion,
    publicFile,
    secretFile,
    secretFileLink,
    confidentialFile,
    draftFile,
    calendarToken,
    hideFormerlyPublicItem,
    drainSearch,
    secrets: secretKinds.map(secret),
    secretsFromOtherMembers: secretKinds.filter((k) => !forAllMembers.has(k)).map(secret),
    settle,
    controls: controlKinds.map(control),
    secret,
    control,
  };
}

export type PlantedBody = Awaited<ReturnType<typeof plantBody>>;

/** Which planted markers occur in a text (case-insensitive: a page may capitalise a word). */
export function markersIn(text: string, markers: string[]): string[] {
  const lower = text.toLowerCase();
  return markers.filter((m) => lower.includes(m));
}
