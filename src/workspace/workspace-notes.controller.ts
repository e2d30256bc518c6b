import { Body as RequestBody, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AnnotationAudience } from 'src/annotations/annotation.entity';
import { AnnotationQueryDto, CreateAnnotationDto, toAnnotationResponse, UpdateAnnotationDto } from 'src/annotations/annotations.dto';
import type { AnnotationRow } from 'src/annotations/annotations.repository';
import { AnnotationsService, NoteTaker } from 'src/annotations/annotations.service';
import { Access, RequireAccess } from 'src/auth/access';
import type { Actor, Principal, Viewer } from 'src/auth/actor';
import { csrfPassed, csrfToken } from 'src/auth/csrf';
import { CurrentActor, CurrentBody, CurrentPrincipal, CurrentViewer } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { DomainError, ErrorCode } from 'src/common/domain-error';
import { pathId, PortalPageService, toBodyView } from 'src/portal/portal-page.service';
import { LABELS } from 'src/vocabulary/labels';
import { noteView, NoteView } from 'src/workspace/note-views';

const NOTICES: Record<string, string> = {
  gespeichert: 'Die Notiz wurde gespeichert.',
  geloescht: 'Die Notiz wurde gelöscht.',
};

/** The German sentence for each field a note form can get wrong. */
const FIELD_PROBLEMS: Record<string, string> = {
  text: 'Bitte schreiben Sie eine Notiz oder markieren Sie eine Textstelle (höchstens 20.000 Zeichen).',
  quote: 'Die markierte Textstelle ist leer oder zu lang (höchstens 2.000 Zeichen).',
  audience: 'Sie gehören heute keiner Fraktion an; die Notiz kann nur für Sie selbst sein.',
  factionId: 'Wählen Sie eine Fraktion, der Sie heute angehören.',
  page: 'Die Seitenzahl ist ungültig.',
  target: 'Es fehlt, worauf sich die Notiz bezieht.',
  version: 'Die Notiz wurde nicht gefunden. Laden Sie die Seite neu.',
};

type Problems = { field: string; message: string }[];

function text(form: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = form?.[name];
  return typeof value === 'string' ? value : undefined;
}

const TARGETS: Record<string, 'fileId' | 'paperId' | 'agendaItemId' | 'meetingId'> = {
  datei: 'fileId',
  vorlage: 'paperId',
  top: 'agendaItemId',
  sitzung: 'meetingId',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who a form's note is for: `privat`, `fraktion` (the member's only one), or a faction's id. */
function audienceOf(value: string | undefined): { audience?: AnnotationAudience; factionId?: string } {
  if (value === 'privat') return { audience: AnnotationAudience.Private };
  if (value === 'fraktion') return { audience: AnnotationAudience.Faction };
  if (value && UUID.test(value)) return { audience: AnnotationAudience.Faction, factionId: value };
  return {};
}

/** A return address on this site only: a path, never another host. */
function returnPath(value: string | undefined): string | null {
  return value && /^\/[^/\\]/.test(value) && !/[\r\n]/.test(value) ? value : null;
}

function problemsOf(error: unknown): Problems | null {
  if (!(error instanceof DomainError) || error.code !== ErrorCode.Invalid) return null;
  const fields = Array.isArray(error.details) ? (error.details as { field?: string }[]).map((d) => d.field ?? 'text') : ['text'];
  const known = [...new Set(fields.map((f) => (['fileId', 'paperId', 'agendaItemId', 'meetingId'].includes(f) ? 'target' : f)))];
  return known.map((field) => ({ field: field === 'target' ? 'text' : field, message: FIELD_PROBLEMS[field] ?? FIELD_PROBLEMS.text }));
}

async function validated<T extends object>(type: new () => T, values: Record<string, unknown>): Promise<{ dto: T; problems: Problems }> {
  const dto = plainToInstance(type, values);
  const errors = await validate(dto, { whitelist: true });
  return { dto, problems: errors.map((e) => ({ field: e.property, message: FIELD_PROBLEMS[e.property] ?? FIELD_PROBLEMS.text })) };
}

/**
 * The member's notes under `/{bodyKey}/mein-bereich/notizen`: all of them and their faction's,
 * each of their own to edit or delete, and the forms that write them from the meeting, paper
 * and reader pages. Every form works without JavaScript; the reader's script posts the same
 * forms and asks for JSON. Writes go through the annotations service the API uses.
 */
@ApiExcludeController()
@Controller(':bodyKey/mein-bereich/notizen')
export class WorkspaceNotesController {
  constructor(
    private readonly pages: PortalPageService,
    private readonly notes: AnnotationsService,
  ) {}

  @Get()
  @RequireAccess(Access.BodyReader)
  show(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentPrincipal() principal: Principal,
    @Query('nur') only: unknown,
    @Query('erfolg') notice: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.page(
      request,
      reply,
      body,
      { viewer, principal },
      { mine: only === 'meine', notice: typeof notice === 'string' ? (NOTICES[notice] ?? null) : null },
    );
  }

  @Post()
  @RequireAccess(Access.BodyReader)
  async create(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @RequestBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const taker = { viewer, principal };
    if (!(await csrfPassed(request, reply)))
      return this.refuse(request, reply, body, taker, [{ field: 'text', message: LABELS.form.expired }], 403);
    const target = TARGETS[text(form, 'ziel-art') ?? ''];
    const page = text(form, 'seite');
    const values: Record<string, unknown> = {
      id: text(form, 'id') || undefined,
      audience: AnnotationAudience.Private,
      ...audienceOf(text(form, 'sichtbarkeit')),
      page: page ? Number(page) : undefined,
      quote: text(form, 'stelle') || undefined,
      prefix: text(form, 'davor') || undefined,
      suffix: text(form, 'danach') || undefined,
      text: text(form, 'text') ?? '',
    };
    if (target) values[target] = text(form, 'ziel');
    const { dto, problems } = await validated(CreateAnnotationDto, values);
    if (!target) problems.push({ field: 'text', message: FIELD_PROBLEMS.target });
    if (problems.length > 0) return this.refuse(request, reply, body, taker, problems, 400);
    try {
      const saved = await this.notes.create(body, taker, actor, dto);
      return this.done(request, reply, body, saved, principal, returnPath(text(form, 'zurueck')));
    } catch (error) {
      const known = problemsOf(error);
      if (!known) throw error;
      return this.refuse(request, reply, body, taker, known, 422);
    }
  }

  @Post(':id')
  @RequireAccess(Access.BodyReader)
  async update(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @RequestBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const taker = { viewer, principal };
    const noteId = pathId(id, 'Annotation');
    if (!(await csrfPassed(request, reply)))
      return this.refuse(request, reply, body, taker, [{ field: 'text', message: LABELS.form.expired }], 403);
    const { dto, problems } = await validated(UpdateAnnotationDto, {
      version: Number(text(form, 'version')),
      text: text(form, 'text'),
      ...audienceOf(text(form, 'sichtbarkeit')),
    });
    if (problems.length > 0) return this.refuse(request, reply, body, taker, problems, 400);
    try {
      const saved = await this.notes.update(body, taker, actor, noteId, dto);
      return this.done(request, reply, body, saved, principal, returnPath(text(form, 'zurueck')));
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.VersionConflict) {
        return this.page(request, reply, body, taker, { mine: false, conflict: { id: noteId, yours: dto.text ?? '' } }, 409);
      }
      const known = problemsOf(error);
      if (!known) throw error;
      return this.refuse(request, reply, body, taker, known, 422);
    }
  }

  @Post(':id/loeschen')
  @RequireAccess(Access.BodyReader)
  async remove(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @RequestBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const taker = { viewer, principal };
    const noteId = pathId(id, 'Annotation');
    if (!(await csrfPassed(request, reply)))
      return this.refuse(request, reply, body, taker, [{ field: 'text', message: LABELS.form.expired }], 403);
    try {
      await this.notes.remove(body, taker, actor, noteId, Number(text(form, 'version')) || 0);
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.VersionConflict) {
        return this.page(request, reply, body, taker, { mine: false, conflict: { id: noteId, yours: null } }, 409);
      }
      // A second click finds the note gone already: nothing to do.
      if (!(error instanceof DomainError && error.code === ErrorCode.NotFound)) throw error;
    }
    if (this.wantsJson(request)) return reply.header('cache-control', 'no-store').status(204).send();
    const back = returnPath(text(form, 'zurueck'));
    return reply
      .header('cache-control', 'no-store')
      .redirect(back ? (back.includes('#') ? back : `${back}#notizen`) : `/${body.key}/mein-bereich/notizen?erfolg=geloescht#erfolg`, 303);
  }

  private wantsJson(request: FastifyRequest): boolean {
    return String(request.headers.accept ?? '').includes('application/json');
  }

  private done(request: FastifyRequest, reply: FastifyReply, body: Body, saved: AnnotationRow, principal: Principal, back: string | null) {
    if (this.wantsJson(request))
      return reply.header('cache-control', 'no-store').status(200).send(toAnnotationResponse(saved, principal.accountId));
    const location = back
      ? `${back.split('#')[0]}#notiz-${saved.annotation.id}`
      : `/${body.key}/mein-bereich/notizen?erfolg=gespeichert#notiz-${saved.annotation.id}`;
    return reply.header('cache-control', 'no-store').redirect(location, 303);
  }

  /** A refused write: JSON for the reader's script, the notes page with the error summary otherwise. */
  private refuse(request: FastifyRequest, reply: FastifyReply, body: Body, taker: NoteTaker, problems: Problems, status: number) {
    if (this.wantsJson(request)) {
      return reply
        .header('cache-control', 'no-store')
        .status(status)
        .send({ statusCode: status, message: problems.map((p) => p.message).join(' '), errors: problems });
    }
    return this.page(request, reply, body, taker, { mine: false, errors: problems }, status);
  }

  private async page(
    request: FastifyRequest,
    reply: FastifyReply,
    body: Body,
    taker: NoteTaker,
    state: { mine: boolean; notice?: string | null; errors?: Problems; conflict?: { id: string; yours: string | null } },
    status = 200,
  ) {
    const isMember = taker.viewer.kind === 'member';
    const query = Object.assign(new AnnotationQueryDto(), { mine: state.mine ? 'true' : undefined, limit: 1000 });
    const rows = isMember ? await this.notes.list(body, taker, query) : [];
    const factions = isMember ? await this.notes.factions(body, taker) : [];
    const accountId = taker.principal?.accountId;
    const groups = new Map<string, { name: string; href: string; notes: NoteView[] }>();
    for (const row of [...rows].sort((a, b) => b.annotation.modified.getTime() - a.annotation.modified.getTime())) {
      const a = row.annotation;
      const href = a.fileId
        ? `/${body.key}/dateien/${a.fileId}`
        : a.paperId
          ? `/${body.key}/vorlagen/${a.paperId}`
          : a.agendaItemId
            ? `/${body.key}/sitzungen/${row.itemMeetingId}#top-${a.agendaItemId}`
            : `/${body.key}/sitzungen/${a.meetingId}`;
      const key = href;
      const group = groups.get(key) ?? { name: row.targetName, href, notes: [] as NoteView[] };
      group.notes.push(noteView(row, accountId));
      groups.set(key, group);
    }
    const conflict = state.conflict ? rows.find((r) => r.annotation.id === state.conflict!.id) : undefined;
    return this.pages.render(
      request,
      reply,
      'workspace/notes.njk',
      {
        pageTitle: `${state.errors?.length ? LABELS.form.errorTitlePrefix : ''}${LABELS.annotation.title}`,
        body: toBodyView(body),
        breadcrumbs: [
          { label: 'Startseite', href: `/${body.key}/` },
          { label: LABELS.workspace.title, href: `/${body.key}/mein-bereich` },
          { label: LABELS.annotation.title },
        ],
        isMember,
        groups: [...groups.values()],
        count: rows.length,
        mine: state.mine,
        factions,
        notice: state.notice ?? null,
        errors: state.errors ?? [],
        conflict: state.conflict
          ? {
              id: state.conflict.id,
              yours: state.conflict.yours,
              current: conflict ? { text: conflict.annotation.text, version: conflict.annotation.version } : null,
            }
          : null,
        exportHref: `/api/v1/bodies/${body.key}/annotations/export`,
        csrf: csrfToken(reply),
      },
      taker.viewer,
      { personal: true, status },
    );
  }
}
