import { renderMail } from 'src/alerts/alert-mails';
import { OutgoingMail } from 'src/alerts/mail-transport';
import { FileEntry, MeetingReadModel } from 'src/meetings/meeting-read-model';
import { dateView } from 'src/portal/portal-format';

/** New documents of one meeting, as a mail may name them: public ones by name, the rest only counted. */
export interface NoticeMeeting {
  id: string;
  name: string;
  start: Date;
  /** Public documents attached to the meeting itself. */
  documents: string[];
  /** Public items with their new public documents, in agenda order. */
  items: { id: string; number: string; name: string; documents: string[] }[];
  /** Everything else that is new: documents of non-public items, and non-public documents anywhere. */
  nonPublic: number;
}

/** The documents attached in (since, until] that the member may see, from read models loaded for them. */
export function collectNotice(meetings: MeetingReadModel[], since: Date, until: Date): NoticeMeeting[] {
  const isNew = (f: FileEntry) => f.linked > since && f.linked <= until;
  const nameOf = (f: FileEntry) => f.name || f.fileName || 'Dokument';
  const notices: NoticeMeeting[] = [];
  for (const meeting of meetings) {
    const notice: NoticeMeeting = { id: meeting.id, name: meeting.name, start: meeting.start, documents: [], items: [], nonPublic: 0 };
    for (const f of meeting.files.filter(isNew)) {
      if (f.publicToo) notice.documents.push(nameOf(f));
      else notice.nonPublic++;
    }
    for (const item of meeting.items) {
      if (item.status === 'withdrawn') continue;
      const files = new Map<string, FileEntry>();
      for (const f of [...item.files, ...(item.paper?.files ?? [])]) if (isNew(f)) files.set(f.id, f);
      const named: string[] = [];
      for (const f of files.values()) {
        // Mail leaves the system unencrypted: a non-public item is not even named.
        if (item.public && f.publicToo) named.push(nameOf(f));
        else notice.nonPublic++;
      }
      if (named.length > 0) notice.items.push({ id: item.id, number: item.number, name: item.name, documents: named });
    }
    if (notice.documents.length + notice.items.length + notice.nonPublic > 0) notices.push(notice);
  }
  return notices;
}

export interface NoticeMailInput {
  body: { key: string; name: string };
  publicUrl: string;
  recipient: { email: string; displayName: string };
  daily: boolean;
  meetings: NoticeMeeting[];
}

const count = (n: number, one: string, many: string) => `${n === 1 ? 'eine' : n} ${n === 1 ? one : many}`;

/** The German mail, plain text and HTML, with absolute links to the portal and the settings page. */
export function noticeMail(input: NoticeMailInput): OutgoingMail {
  const base = `${input.publicUrl}/${input.body.key}`;
  const total = input.meetings.reduce(
    (n, m) => n + m.documents.length + m.items.reduce((k, i) => k + i.documents.length, 0) + m.nonPublic,
    0,
  );
  const context = {
    body: input.body,
    displayName: input.recipient.displayName,
    daily: input.daily,
    settingsUrl: `${base}/mein-bereich/benachrichtigungen`,
    anyNonPublic: input.meetings.some((m) => m.nonPublic > 0),
    meetings: input.meetings.map((m) => {
      const start = dateView(m.start)!;
      const url = `${base}/sitzungen/${m.id}`;
      return {
        name: m.name,
        when: `${start.date}, ${start.time}`,
        url,
        documents: m.documents,
        items: m.items.map((i) => ({ ...i, url: `${url}#top-${i.id}` })),
        nonPublic: m.nonPublic ? `${count(m.nonPublic, 'neue Unterlage', 'neue Unterlagen')} im nichtöffentlichen Teil` : null,
      };
    }),
  };
  const { text, html } = renderMail('document-notice', context);
  return {
    to: input.recipient.email,
    // The subject names no meeting and no document: it is shown in every notification of a phone.
    subject: `${input.body.name}: ${count(total, 'neue Unterlage', 'neue Unterlagen')} zu Ihren Sitzungen`,
    text,
    html,
    headers: {},
  };
}
