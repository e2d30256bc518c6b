import { ItemModel, MeetingModel, PaperModel } from 'src/documents/meeting-model';
import { PdfWriter, text } from 'src/documents/pdf-writer';
import { LABELS } from 'src/vocabulary/labels';

/** The masthead of every document of the meeting: body, logo and which version this is. */
export function meetingWriter(model: MeetingModel, title: string): PdfWriter {
  const logo = model.logo ? Buffer.from(model.logo.slice(model.logo.indexOf(',') + 1), 'base64') : null;
  return new PdfWriter({
    title,
    bodyName: model.bodyName,
    logo,
    note: text(model.members ? 'membersVersion' : 'publicVersion'),
  });
}

const itemLine = (item: ItemModel) => {
  const notes: string[] = [];
  if (item.paper)
    notes.push(`${text('invitation.paper')} ${[item.paper.reference, item.paper.paperType].filter(Boolean).join(', ')}`.trim());
  if (item.withdrawn) notes.push(LABELS.withdrawnItem);
  if (item.urgent) notes.push(LABELS.urgentItem);
  return { label: item.number, body: item.name, note: notes.length ? notes.join(' · ') : undefined };
};

/** Einladung with the agenda; writes into `w` so the bundle can continue the same document. */
export function writeInvitation(w: PdfWriter, model: MeetingModel): void {
  w.heading1(`${text('invitation.heading')}: ${model.meetingName}`);
  const facts: [string, string][] = [[text('invitation.when'), model.start]];
  if (model.location) facts.push([text('invitation.where'), model.location]);
  if (model.organizations.length) facts.push([text('invitation.organizations'), model.organizations.join(', ')]);
  w.facts(facts);
  w.paragraph(text('invitation.intro', { meeting: model.meetingName }));
  w.heading2(text('invitation.agenda'));
  if (model.items.length === 0) w.paragraph(text('invitation.noItems'));
  const publicItems = model.items.filter((i) => i.public);
  const nonPublicItems = model.items.filter((i) => !i.public);
  if (model.members && nonPublicItems.length) {
    // Only the members' version has two parts; the public one lists public items only.
    w.heading2(text('invitation.publicPart'));
    w.list(publicItems.map(itemLine));
    w.heading2(text('invitation.nonPublicPart'));
    w.list(nonPublicItems.map(itemLine));
  } else {
    w.list(publicItems.map(itemLine));
  }
  w.paragraph(text('invitation.closing'));
  if (model.chair) w.paragraph(`${model.chair} (${text('invitation.chair')})`);
}

export function renderInvitation(model: MeetingModel): Promise<Buffer> {
  const w = meetingWriter(model, text('invitation.title', { meeting: `${model.meetingName} am ${model.startDay}` }));
  writeInvitation(w, model);
  return w.finish();
}

/** Niederschrift: time, place, chair, attendance, each item with decision, votes and conflicts, signatures. */
export function renderMinutes(model: MeetingModel): Promise<Buffer> {
  const w = meetingWriter(model, text('minutes.title', { meeting: `${model.meetingName} am ${model.startDay}` }));
  w.heading1(`${text(model.minutesApproved ? 'minutes.heading' : 'minutes.draftHeading')}: ${model.meetingName}`);
  const facts: [string, string][] = [[text('minutes.start'), model.start]];
  if (model.end) facts.push([text('minutes.end'), model.end]);
  if (model.location) facts.push([text('minutes.where'), model.location]);
  if (model.chair) facts.push([text('minutes.chair'), model.chair]);
  w.facts(facts);

  w.heading2(text('minutes.attendance'));
  if (model.attendance.length === 0) w.paragraph(text('minutes.noAttendance'));
  else {
    w.table(
      [text('minutes.person'), text('minutes.status'), text('minutes.arrived'), text('minutes.left')],
      model.attendance.map((a) => [a.name, a.status, a.arrived ?? '–', a.left ?? '–']),
    );
  }

  w.heading2(text('minutes.items'));
  for (const item of model.items) {
    w.heading2(`TOP ${item.number} ${item.name}`);
    if (item.conflicts.length) {
      for (const person of item.conflicts) w.paragraph(`${text('minutes.conflicts')}: ${text('minutes.conflictLine', { person })}`);
    }
    if (item.minutesNote) w.paragraph(item.minutesNote);
    item.questions.forEach((q, n) => {
      w.paragraph(`${text('minutes.question', { number: String(n + 1) })}: ${q.text}`);
      w.paragraph(`${text('minutes.answer')}: ${q.answer ?? text('minutes.notAnswered')}`);
    });
    if (item.resolutionText) w.paragraph(`${text('minutes.decision')}: ${item.resolutionText}`);
    if (item.votes.length) {
      w.table(
        [text('minutes.vote'), text('minutes.yes'), text('minutes.no'), text('minutes.abstain'), text('minutes.result')],
        item.votes.map((v) => [v.subject, String(v.yes), String(v.no), String(v.abstain), v.result]),
        [190, 50, 50, 70, 105],
      );
    }
    if (item.outcome) w.paragraph(`${text('minutes.outcome')}: ${item.outcome}`);
  }
  w.heading2(text('minutes.signatures'));
  w.signatures([text('minutes.signChair'), text('minutes.signClerk')]);
  return w.finish();
}

/** Deckblatt of a paper with its Beratungsfolge; in a bundle it heads the paper's documents. */
export function writeCoverSheet(w: PdfWriter, paper: PaperModel, heading: (text: string) => void): void {
  heading(`${text('coverSheet.heading')} ${paper.reference ?? ''}: ${paper.name}`.replace(/\s+:/, ':'));
  const facts: [string, string][] = [];
  if (paper.reference) facts.push([text('coverSheet.reference'), paper.reference]);
  if (paper.paperType) facts.push([text('coverSheet.type'), paper.paperType]);
  if (paper.date) facts.push([text('coverSheet.date'), paper.date]);
  if (facts.length) w.facts(facts);
  w.heading2(text('coverSheet.path'));
  if (paper.consultations.length === 0) w.paragraph(text('coverSheet.noPath'));
  else {
    w.table(
      [text('coverSheet.organization'), text('coverSheet.meetingDate'), text('coverSheet.role'), text('coverSheet.status')],
      paper.consultations.map((c) => [
        c.organization,
        c.meeting ?? '–',
        c.role ?? text(c.authoritative ? 'coverSheet.authoritative' : 'coverSheet.advisory'),
        c.status,
      ]),
    );
  }
}

export function renderCoverSheet(bodyName: string, paper: PaperModel): Promise<Buffer> {
  const w = new PdfWriter({ title: text('coverSheet.title', { reference: paper.reference ?? '', paper: paper.name }), bodyName });
  writeCoverSheet(w, paper, (t) => w.heading1(t));
  return w.finish();
}
