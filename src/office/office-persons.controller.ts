import { Body as FormBody, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import type { Actor, Viewer } from 'src/auth/actor';
import { CurrentActor, CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { csrfPassed, FormErrors, FormValues, problemsToErrors, redirectAfterPost, successLocation } from 'src/office/office-forms';
import { renderExpiredForm, renderOfficePage } from 'src/office/office-page';
import {
  CONSENT_FIELDS,
  OfficePersonsQueryDto,
  OfficeStructureNoticeQueryDto,
  parsePersonForm,
  PERSON_FIELD_PROBLEMS,
  PERSON_FORM_FALLBACK,
  PUBLISHABLE_LABELS,
  readAtOf,
} from 'src/office/office-structure.dto';
import { conflictMessage, conflictOf, FieldSpec, isVersionConflict, renderStructureForm } from 'src/office/office-structure-form';
import { OfficeStructureService } from 'src/office/office-structure.service';
import { Person } from 'src/persons/person.entity';
import { PortalPageService, pathId } from 'src/portal/portal-page.service';
import { LABELS } from 'src/vocabulary/labels';

const NOTICES: Record<string, string> = {
  angelegt: 'Die Person wurde angelegt.',
  gespeichert: 'Ihre Änderungen wurden gespeichert.',
  mitgliedschaft: 'Die Mitgliedschaft wurde gespeichert.',
  beendet: 'Die Mitgliedschaft wurde beendet.',
};

const f = LABELS.personField;
const SEVERAL = 'Mehrere durch Komma getrennt.';
const FIELDS: FieldSpec[] = [
  { kind: 'text', name: 'anrede', label: f.formOfAddress, hint: 'Zum Beispiel „Frau“ oder „Herr“', optional: true, width: 'date' },
  { kind: 'text', name: 'titel', label: f.title, hint: `Zum Beispiel „Dr.“. ${SEVERAL}`, optional: true, width: 'date' },
  { kind: 'text', name: 'vorname', label: f.givenName, optional: true, width: 'full' },
  { kind: 'text', name: 'familienname', label: f.familyName, optional: true, width: 'full' },
  { kind: 'text', name: 'zusatz', label: f.affix, hint: 'Zum Beispiel „von“', optional: true, width: 'date' },
  {
    kind: 'text',
    name: 'name',
    label: f.name,
    hint: 'So erscheint die Person überall. Leer gelassen: Titel, Vor- und Familienname.',
    optional: true,
    width: 'full',
  },
  { kind: 'text', name: 'geschlecht', label: f.gender, optional: true, width: 'date' },
  { kind: 'text', name: 'email', label: f.email, hint: SEVERAL, optional: true, width: 'full' },
  { kind: 'text', name: 'telefon', label: f.phone, hint: SEVERAL, optional: true, width: 'full' },
  { kind: 'text', name: 'funktion', label: f.status, hint: `Zum Beispiel „Stadträtin“. ${SEVERAL}`, optional: true, width: 'full' },
  { kind: 'textarea', name: 'lebenslauf', label: f.life, optional: true },
  {
    kind: 'checkboxes',
    name: 'zustimmung',
    label: f.published,
    hint: 'Nur die Angaben, deren Veröffentlichung die Person zugestimmt hat. Der Name und die Mitgliedschaften sind immer öffentlich.',
    boxes: CONSENT_FIELDS.map((c) => ({ name: c.name, label: PUBLISHABLE_LABELS[c.field] })),
  },
];

/**
 * The council office's persons under `/{bodyKey}/verwaltung/personen`: list with a name filter,
 * create, edit (with the fields the person agreed to publish), and each one's page with their
 * memberships, through the persons' service.
 */
@ApiExcludeController()
@Controller(':bodyKey/verwaltung/personen')
export class OfficePersonsController {
  constructor(
    private readonly pages: PortalPageService,
    private readonly structure: OfficeStructureService,
  ) {}

  @Get()
  @RequireAccess(Access.BodyAdmin)
  async list(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Query() query: OfficePersonsQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const name = query.name?.trim() ?? '';
    const { rows, total, page, pages } = await this.structure.personList(body, name, query.seite ?? 1);
    const path = this.base(body);
    const link = (seite: number) => {
      const q = new URLSearchParams();
      if (name) q.set('name', name);
      if (seite > 1) q.set('seite', String(seite));
      return q.size > 0 ? `${path}?${q.toString()}` : path;
    };
    return renderOfficePage(
      this.pages,
      { request, reply, viewer, body },
      'office/persons.njk',
      'Personen – Sitzungsdienst',
      [{ label: 'Personen' }],
      {
        rows,
        path,
        query: { name },
        pagination: { total, page, pages, previous: page > 1 ? link(page - 1) : null, next: page < pages ? link(page + 1) : null },
      },
    );
  }

  @Get('neu')
  @RequireAccess(Access.BodyAdmin)
  createForm(@CurrentBody() body: Body, @CurrentViewer() viewer: Viewer, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.form(request, reply, viewer, body, null, {}, {}, 200);
  }

  @Post('neu')
  @RequireAccess(Access.BodyAdmin)
  async create(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    if (!(await csrfPassed(request, reply))) return this.expired(request, reply, viewer, body);
    const { values, errors, input } = parsePersonForm(form);
    if (!input) return this.form(request, reply, viewer, body, null, values, errors, 400);
    try {
      const created = await this.structure.createPerson(body, actor, input);
      return redirectAfterPost(reply, successLocation(this.structure.personHref(body, created.id), 'angelegt'));
    } catch (error) {
      const problems = problemsToErrors(error, PERSON_FIELD_PROBLEMS, PERSON_FORM_FALLBACK);
      if (!problems) throw error;
      return this.form(request, reply, viewer, body, null, values, problems, 400);
    }
  }

  @Get(':id')
  @RequireAccess(Access.BodyAdmin)
  async person(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @Query() query: OfficeStructureNoticeQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const person = await this.structure.personPage(body, viewer, pathId(id, 'Person'));
    return renderOfficePage(
      this.pages,
      { request, reply, viewer, body },
      'office/person.njk',
      `${person.name} – Sitzungsdienst`,
      [{ label: 'Personen', href: this.base(body) }, { label: person.name }],
      { person, path: this.structure.personHref(body, person.id), notice: query.erfolg ? (NOTICES[query.erfolg] ?? null) : null },
    );
  }

  @Get(':id/bearbeiten')
  @RequireAccess(Access.BodyAdmin)
  async editForm(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const person = await this.structure.person(body, pathId(id, 'Person'));
    return this.form(request, reply, viewer, body, person, this.structure.personValues(person), {}, 200);
  }

  @Post(':id/bearbeiten')
  @RequireAccess(Access.BodyAdmin)
  async update(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const person = await this.structure.person(body, pathId(id, 'Person'));
    if (!(await csrfPassed(request, reply))) return this.expired(request, reply, viewer, body);
    const { values, errors, input } = parsePersonForm(form);
    const readAt = readAtOf(form);
    values.version = String(readAt.getTime());
    if (!input) return this.form(request, reply, viewer, body, person, values, errors, 400);
    try {
      await this.structure.updatePerson(body, person.id, actor, input, readAt);
      return redirectAfterPost(reply, successLocation(this.structure.personHref(body, person.id), 'gespeichert'));
    } catch (error) {
      if (isVersionConflict(error)) {
        const saved = await this.structure.person(body, person.id);
        const savedValues = this.structure.personValues(saved);
        return this.form(
          request,
          reply,
          viewer,
          body,
          saved,
          { ...values, version: savedValues.version },
          { konflikt: conflictMessage('diese Person') },
          409,
          savedValues,
        );
      }
      const problems = problemsToErrors(error, PERSON_FIELD_PROBLEMS, PERSON_FORM_FALLBACK);
      if (!problems) throw error;
      return this.form(request, reply, viewer, body, person, values, problems, 400);
    }
  }

  private base(body: Body): string {
    return `/${body.key}/verwaltung/personen`;
  }

  private form(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    body: Body,
    person: Person | null,
    values: FormValues,
    errors: FormErrors,
    status: number,
    saved: FormValues | null = null,
  ) {
    const heading = person ? 'Person bearbeiten' : 'Neue Person';
    const page = person ? this.structure.personHref(body, person.id) : this.base(body);
    return renderStructureForm(
      this.pages,
      { request, reply, viewer, body },
      {
        heading,
        crumbs: [{ label: 'Personen', href: this.base(body) }, ...(person ? [{ label: person.name, href: page }] : []), { label: heading }],
        action: person ? `${page}/bearbeiten` : `${this.base(body)}/neu`,
        cancel: page,
        submit: person ? 'Änderungen speichern' : 'Person anlegen',
        fields: FIELDS,
        values,
        errors,
        versioned: person !== null,
        conflict: saved ? conflictOf(FIELDS, values, saved) : null,
      },
      status,
    );
  }

  private expired(request: FastifyRequest, reply: FastifyReply, viewer: Viewer, body: Body) {
    return renderExpiredForm(this.pages, { request, reply, viewer, body }, { href: this.base(body), text: 'Zu den Personen' });
  }
}
