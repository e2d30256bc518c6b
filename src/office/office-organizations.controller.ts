import { Body as FormBody, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import type { Actor, Viewer } from 'src/auth/actor';
import { CurrentActor, CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { csrfPassed, FormErrors, FormValues, problemsToErrors, redirectAfterPost, successLocation } from 'src/office/office-forms';
import { renderExpiredForm, renderOfficePage } from 'src/office/office-page';
import type { Option } from 'src/office/office-papers.service';
import {
  ORGANIZATION_FIELD_PROBLEMS,
  ORGANIZATION_FORM_FALLBACK,
  ORGANIZATION_KINDS,
  OfficeStructureNoticeQueryDto,
  organizationKind,
  parseOrganizationForm,
  readAtOf,
} from 'src/office/office-structure.dto';
import { conflictMessage, conflictOf, FieldSpec, isVersionConflict, renderStructureForm } from 'src/office/office-structure-form';
import { OfficeStructureService } from 'src/office/office-structure.service';
import { Organization } from 'src/organizations/organization.entity';
import { PortalPageService, pathId } from 'src/portal/portal-page.service';
import { LABELS } from 'src/vocabulary/labels';

const NOTICES: Record<string, string> = {
  angelegt: 'Das Gremium wurde angelegt.',
  gespeichert: 'Ihre Änderungen wurden gespeichert.',
  mitgliedschaft: 'Die Mitgliedschaft wurde gespeichert.',
  beendet: 'Die Mitgliedschaft wurde beendet.',
};

const KINDS: Option[] = ORGANIZATION_KINDS.map((kind) => ({ value: kind, text: LABELS.organizationKind[kind] }));

function fields(parents: Option[]): FieldSpec[] {
  const f = LABELS.organizationField;
  return [
    { kind: 'text', name: 'name', label: f.name, hint: 'Zum Beispiel „Technischer Ausschuss“', width: 'full' },
    { kind: 'text', name: 'kurzname', label: f.shortName, hint: 'Zum Beispiel „TA“', optional: true, width: 'date' },
    { kind: 'radios', name: 'art', label: f.kind, options: KINDS },
    {
      kind: 'select',
      name: 'uebergeordnet',
      label: f.parent,
      options: parents,
      hint: 'Zum Beispiel der Stadtrat, dessen Ausschuss es ist.',
      optional: true,
      empty: 'Keinem Gremium',
    },
    { kind: 'text', name: 'beginn', label: f.startDate, hint: 'Zum Beispiel 01.08.2024', optional: true, width: 'date' },
    { kind: 'text', name: 'ende', label: f.endDate, hint: 'Nur wenn es das Gremium nicht mehr gibt.', optional: true, width: 'date' },
    {
      kind: 'text',
      name: 'internet',
      label: f.website,
      hint: 'Zum Beispiel https://www.beispiel.de/ausschuss',
      optional: true,
      width: 'full',
    },
  ];
}

/**
 * The council office's organizations (Gremien: council, committees, factions, advisory boards)
 * under `/{bodyKey}/verwaltung/gremien`: list by kind, create, edit, and each one's page with
 * its members, through the organizations' service.
 */
@ApiExcludeController()
@Controller(':bodyKey/verwaltung/gremien')
export class OfficeOrganizationsController {
  constructor(
    private readonly pages: PortalPageService,
    private readonly structure: OfficeStructureService,
  ) {}

  @Get()
  @RequireAccess(Access.BodyAdmin)
  async list(@CurrentBody() body: Body, @CurrentViewer() viewer: Viewer, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const groups = await this.structure.organizationGroups(body);
    return renderOfficePage(
      this.pages,
      { request, reply, viewer, body },
      'office/organizations.njk',
      'Gremien – Sitzungsdienst',
      [{ label: 'Gremien' }],
      { groups, path: this.base(body) },
    );
  }

  @Get('neu')
  @RequireAccess(Access.BodyAdmin)
  async createForm(@CurrentBody() body: Body, @CurrentViewer() viewer: Viewer, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.form(request, reply, viewer, body, null, { art: 'ausschuss' }, {}, 200);
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
    const parents = await this.parents(body, null);
    const { values, errors, input } = parseOrganizationForm(form, new Set(parents.map((p) => p.value)));
    if (!input) return this.form(request, reply, viewer, body, null, values, errors, 400);
    try {
      const created = await this.structure.createOrganization(body, actor, input);
      return redirectAfterPost(reply, successLocation(this.structure.organizationHref(body, created.id), 'angelegt'));
    } catch (error) {
      const problems = problemsToErrors(error, ORGANIZATION_FIELD_PROBLEMS, ORGANIZATION_FORM_FALLBACK);
      if (!problems) throw error;
      return this.form(request, reply, viewer, body, null, values, problems, 400);
    }
  }

  @Get(':id')
  @RequireAccess(Access.BodyAdmin)
  async organization(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @Query() query: OfficeStructureNoticeQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const organization = await this.structure.organizationPage(body, pathId(id, 'Organization'));
    return renderOfficePage(
      this.pages,
      { request, reply, viewer, body },
      'office/organization.njk',
      `${organization.name} – Sitzungsdienst`,
      [{ label: 'Gremien', href: this.base(body) }, { label: organization.name }],
      {
        organization,
        path: this.structure.organizationHref(body, organization.id),
        notice: query.erfolg ? (NOTICES[query.erfolg] ?? null) : null,
      },
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
    const organization = await this.structure.organization(body, pathId(id, 'Organization'));
    return this.form(request, reply, viewer, body, organization, this.structure.organizationValues(organization), {}, 200);
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
    const organization = await this.structure.organization(body, pathId(id, 'Organization'));
    if (!(await csrfPassed(request, reply))) return this.expired(request, reply, viewer, body);
    const parents = await this.parents(body, organization.id);
    const { values, errors, input } = parseOrganizationForm(form, new Set(parents.map((p) => p.value)), organizationKind(organization));
    const readAt = readAtOf(form);
    values.version = String(readAt.getTime());
    if (!input) return this.form(request, reply, viewer, body, organization, values, errors, 400);
    try {
      await this.structure.updateOrganization(body, organization.id, actor, input, readAt);
      return redirectAfterPost(reply, successLocation(this.structure.organizationHref(body, organization.id), 'gespeichert'));
    } catch (error) {
      if (isVersionConflict(error)) {
        const saved = await this.structure.organization(body, organization.id);
        const savedValues = this.structure.organizationValues(saved);
        return this.form(
          request,
          reply,
          viewer,
          body,
          saved,
          { ...values, version: savedValues.version },
          { konflikt: conflictMessage('dieses Gremium') },
          409,
          savedValues,
        );
      }
      const problems = problemsToErrors(error, ORGANIZATION_FIELD_PROBLEMS, ORGANIZATION_FORM_FALLBACK);
      if (!problems) throw error;
      return this.form(request, reply, viewer, body, organization, values, problems, 400);
    }
  }

  private base(body: Body): string {
    return `/${body.key}/verwaltung/gremien`;
  }

  /** The organizations one may belong to: any other of the body. */
  private async parents(body: Body, self: string | null): Promise<Option[]> {
    return (await this.structure.organizationOptions(body)).filter((o) => o.value !== self);
  }

  private async form(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    body: Body,
    organization: Organization | null,
    values: FormValues,
    errors: FormErrors,
    status: number,
    saved: FormValues | null = null,
  ) {
    const heading = organization ? 'Gremium bearbeiten' : 'Neues Gremium';
    const specs = fields(await this.parents(body, organization?.id ?? null));
    const page = organization ? this.structure.organizationHref(body, organization.id) : this.base(body);
    return renderStructureForm(
      this.pages,
      { request, reply, viewer, body },
      {
        heading,
        crumbs: [
          { label: 'Gremien', href: this.base(body) },
          ...(organization ? [{ label: organization.name, href: page }] : []),
          { label: heading },
        ],
        action: organization ? `${page}/bearbeiten` : `${this.base(body)}/neu`,
        cancel: page,
        submit: organization ? 'Änderungen speichern' : 'Gremium anlegen',
        fields: specs,
        values,
        errors,
        versioned: organization !== null,
        conflict: saved ? conflictOf(specs, values, saved) : null,
      },
      status,
    );
  }

  private expired(request: FastifyRequest, reply: FastifyReply, viewer: Viewer, body: Body) {
    return renderExpiredForm(this.pages, { request, reply, viewer, body }, { href: this.base(body), text: 'Zu den Gremien' });
  }
}
