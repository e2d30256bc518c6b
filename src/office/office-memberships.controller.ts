import { Body as FormBody, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import type { Actor, Viewer } from 'src/auth/actor';
import { CurrentActor, CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { berlinDay } from 'src/common/berlin-time';
import { Membership } from 'src/memberships/membership.entity';
import { csrfPassed, FormErrors, FormValues, problemsToErrors, redirectAfterPost, successLocation } from 'src/office/office-forms';
import { Crumb, renderExpiredForm } from 'src/office/office-page';
import type { Option } from 'src/office/office-papers.service';
import {
  formDay,
  MEMBERSHIP_FIELD_PROBLEMS,
  MEMBERSHIP_FORM_FALLBACK,
  MembershipOptions,
  OfficeMembershipQueryDto,
  parseMembershipEnd,
  parseMembershipForm,
  readAtOf,
  roleOptions,
} from 'src/office/office-structure.dto';
import { conflictMessage, conflictOf, FieldSpec, isVersionConflict, renderStructureForm } from 'src/office/office-structure-form';
import { OfficeStructureService } from 'src/office/office-structure.service';
import { PortalPageService, pathId } from 'src/portal/portal-page.service';
import { LABELS } from 'src/vocabulary/labels';

const f = LABELS.membershipField;
const VOTE: Option[] = [
  { value: 'ja', text: `Ja, ${f.withVote}` },
  { value: 'nein', text: `Nein, ${f.withoutVote}` },
];

/** Which side of the membership the form starts from: that one is shown, not chosen. */
type Fixed = { side: 'person' | 'gremium'; id: string; name: string };

interface Choices {
  persons: Option[];
  organizations: Option[];
  factions: Option[];
}

function fields(fixed: Fixed, choices: Choices, keptRole?: string): FieldSpec[] {
  return [
    fixed.side === 'person'
      ? { kind: 'static', name: 'person', label: f.person, text: fixed.name }
      : { kind: 'select', name: 'person', label: f.person, options: choices.persons, empty: 'Bitte wählen' },
    fixed.side === 'gremium'
      ? { kind: 'static', name: 'gremium', label: f.organization, text: fixed.name }
      : { kind: 'select', name: 'gremium', label: f.organization, options: choices.organizations, empty: 'Bitte wählen' },
    { kind: 'select', name: 'rolle', label: f.role, options: roleOptions(keptRole) },
    { kind: 'radios', name: 'stimmrecht', label: f.votingRight, options: VOTE },
    {
      kind: 'select',
      name: 'fraktion',
      label: f.onBehalfOf,
      options: choices.factions,
      hint: 'Die Fraktion, für die die Person im Gremium sitzt.',
      optional: true,
      empty: 'Keine Fraktion',
    },
    { kind: 'text', name: 'beginn', label: f.startDate, hint: 'Zum Beispiel 01.08.2024', optional: true, width: 'date' },
    { kind: 'text', name: 'ende', label: f.endDate, hint: 'Zum Beispiel 31.07.2029', optional: true, width: 'date' },
  ];
}

/**
 * The council office's memberships (Mitgliedschaften): added from a person's page or an
 * organization's, edited and ended under `/{bodyKey}/verwaltung/mitgliedschaften`, through the
 * memberships' service. After a post the browser goes back to the page it came from.
 */
@ApiExcludeController()
@Controller(':bodyKey/verwaltung')
export class OfficeMembershipsController {
  constructor(
    private readonly pages: PortalPageService,
    private readonly structure: OfficeStructureService,
  ) {}

  @Get('personen/:id/mitgliedschaften/neu')
  @RequireAccess(Access.BodyAdmin)
  async forPersonForm(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const fixed = await this.fixed(body, 'person', id);
    return this.form(request, reply, viewer, body, fixed, null, this.initial(fixed), {}, 200);
  }

  @Post('personen/:id/mitgliedschaften/neu')
  @RequireAccess(Access.BodyAdmin)
  async forPerson(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.create(body, viewer, actor, await this.fixed(body, 'person', id), form, request, reply);
  }

  @Get('gremien/:id/mitgliedschaften/neu')
  @RequireAccess(Access.BodyAdmin)
  async forOrganizationForm(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const fixed = await this.fixed(body, 'gremium', id);
    return this.form(request, reply, viewer, body, fixed, null, this.initial(fixed), {}, 200);
  }

  @Post('gremien/:id/mitgliedschaften/neu')
  @RequireAccess(Access.BodyAdmin)
  async forOrganization(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.create(body, viewer, actor, await this.fixed(body, 'gremium', id), form, request, reply);
  }

  @Get('mitgliedschaften/:id/bearbeiten')
  @RequireAccess(Access.BodyAdmin)
  async editForm(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @Query() query: OfficeMembershipQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const membership = await this.structure.membership(body, pathId(id, 'Membership'));
    const fixed = await this.fixed(body, 'person', membership.personId);
    return this.form(
      request,
      reply,
      viewer,
      body,
      fixed,
      { membership, back: query.zurueck },
      this.structure.membershipValues(membership),
      {},
      200,
    );
  }

  @Post('mitgliedschaften/:id/bearbeiten')
  @RequireAccess(Access.BodyAdmin)
  async update(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Query() query: OfficeMembershipQueryDto,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const membership = await this.structure.membership(body, pathId(id, 'Membership'));
    if (!(await csrfPassed(request, reply))) return this.expired(request, reply, viewer, body);
    const fixed = await this.fixed(body, 'person', membership.personId);
    const choices = await this.choices(body);
    const { values, errors, input } = parseMembershipForm(form, this.options(fixed, choices, membership.role));
    const readAt = readAtOf(form);
    values.version = String(readAt.getTime());
    const editing = { membership, back: query.zurueck };
    if (!input) return this.form(request, reply, viewer, body, fixed, editing, values, errors, 400);
    try {
      const saved = await this.structure.updateMembership(body, membership.id, actor, input, readAt);
      return redirectAfterPost(reply, this.back(body, saved, query.zurueck, 'mitgliedschaft'));
    } catch (error) {
      if (isVersionConflict(error)) {
        const saved = await this.structure.membership(body, membership.id);
        const savedValues = this.structure.membershipValues(saved);
        return this.form(
          request,
          reply,
          viewer,
          body,
          fixed,
          { membership: saved, back: query.zurueck },
          { ...values, version: savedValues.version },
          { konflikt: conflictMessage('diese Mitgliedschaft') },
          409,
          savedValues,
        );
      }
      const problems = problemsToErrors(error, MEMBERSHIP_FIELD_PROBLEMS, MEMBERSHIP_FORM_FALLBACK);
      if (!problems) throw error;
      return this.form(request, reply, viewer, body, fixed, editing, values, problems, 400);
    }
  }

  @Get('mitgliedschaften/:id/beenden')
  @RequireAccess(Access.BodyAdmin)
  async endForm(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @Query() query: OfficeMembershipQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const membership = await this.structure.membership(body, pathId(id, 'Membership'));
    const values = {
      ende: formDay(membership.endDate) || formDay(berlinDay(new Date())),
      version: this.structure.membershipValues(membership).version,
    };
    return this.endPage(request, reply, viewer, body, membership, query.zurueck, values, {}, 200);
  }

  @Post('mitgliedschaften/:id/beenden')
  @RequireAccess(Access.BodyAdmin)
  async end(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Query() query: OfficeMembershipQueryDto,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const membership = await this.structure.membership(body, pathId(id, 'Membership'));
    if (!(await csrfPassed(request, reply))) return this.expired(request, reply, viewer, body);
    const { values, errors, input } = parseMembershipEnd(form, membership.startDate);
    const readAt = readAtOf(form);
    values.version = String(readAt.getTime());
    if (!input) return this.endPage(request, reply, viewer, body, membership, query.zurueck, values, errors, 400);
    try {
      const saved = await this.structure.updateMembership(body, membership.id, actor, input, readAt);
      return redirectAfterPost(reply, this.back(body, saved, query.zurueck, 'beendet'));
    } catch (error) {
      if (isVersionConflict(error)) {
        const saved = await this.structure.membership(body, membership.id);
        const message =
          'Die Mitgliedschaft wurde inzwischen von jemand anderem geändert. Prüfen Sie die Angaben unten und beenden Sie sie dann.';
        return this.endPage(
          request,
          reply,
          viewer,
          body,
          saved,
          query.zurueck,
          { ...values, version: this.structure.membershipValues(saved).version },
          { ende: message },
          409,
        );
      }
      const problems = problemsToErrors(error, MEMBERSHIP_FIELD_PROBLEMS, MEMBERSHIP_FORM_FALLBACK);
      if (!problems) throw error;
      return this.endPage(request, reply, viewer, body, membership, query.zurueck, values, { ende: Object.values(problems)[0] }, 400);
    }
  }

  private async create(
    body: Body,
    viewer: Viewer,
    actor: Actor,
    fixed: Fixed,
    form: Record<string, unknown> | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ) {
    if (!(await csrfPassed(request, reply))) return this.expired(request, reply, viewer, body);
    const choices = await this.choices(body);
    const { values, errors, input } = parseMembershipForm(form, this.options(fixed, choices));
    if (!input) return this.form(request, reply, viewer, body, fixed, null, values, errors, 400);
    try {
      const saved = await this.structure.createMembership(body, actor, input);
      return redirectAfterPost(reply, this.back(body, saved, fixed.side, 'mitgliedschaft'));
    } catch (error) {
      const problems = problemsToErrors(error, MEMBERSHIP_FIELD_PROBLEMS, MEMBERSHIP_FORM_FALLBACK);
      if (!problems) throw error;
      return this.form(request, reply, viewer, body, fixed, null, values, problems, 400);
    }
  }

  /** The person or organization the form starts from; another body's is not found. */
  private async fixed(body: Body, side: Fixed['side'], id: string): Promise<Fixed> {
    if (side === 'person') {
      const person = await this.structure.person(body, pathId(id, 'Person'));
      return { side, id: person.id, name: person.name };
    }
    const organization = await this.structure.organization(body, pathId(id, 'Organization'));
    return { side, id: organization.id, name: organization.name };
  }

  private initial(fixed: Fixed): FormValues {
    return { [fixed.side]: fixed.id, rolle: 'Mitglied', stimmrecht: 'ja' };
  }

  private async choices(body: Body): Promise<Choices> {
    const [persons, organizations, factions] = await Promise.all([
      this.structure.personOptions(body),
      this.structure.organizationOptions(body),
      this.structure.factionOptions(body),
    ]);
    return { persons, organizations, factions };
  }

  private options(fixed: Fixed, choices: Choices, keptRole?: string): MembershipOptions {
    const ids = (options: Option[]) => new Set(options.map((o) => o.value));
    return {
      persons: fixed.side === 'person' ? new Set([fixed.id]) : ids(choices.persons),
      organizations: fixed.side === 'gremium' ? new Set([fixed.id]) : ids(choices.organizations),
      factions: ids(choices.factions),
      keptRole,
    };
  }

  /** Back to the page the form was opened from, with the notice. */
  private back(body: Body, m: Membership, side: string | undefined, notice: string): string {
    const page = side === 'gremium' ? this.structure.organizationHref(body, m.organizationId) : this.structure.personHref(body, m.personId);
    return successLocation(page, notice);
  }

  private crumbs(body: Body, fixed: Fixed): Crumb[] {
    return fixed.side === 'person'
      ? [
          { label: 'Personen', href: `/${body.key}/verwaltung/personen` },
          { label: fixed.name, href: this.structure.personHref(body, fixed.id) },
        ]
      : [
          { label: 'Gremien', href: `/${body.key}/verwaltung/gremien` },
          { label: fixed.name, href: this.structure.organizationHref(body, fixed.id) },
        ];
  }

  private async form(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    body: Body,
    fixed: Fixed,
    editing: { membership: Membership; back?: string } | null,
    values: FormValues,
    errors: FormErrors,
    status: number,
    saved: FormValues | null = null,
  ) {
    const heading = editing ? 'Mitgliedschaft bearbeiten' : 'Neue Mitgliedschaft';
    const specs = fields(fixed, await this.choices(body), editing?.membership.role);
    const cancel =
      editing?.back === 'gremium'
        ? this.structure.organizationHref(body, editing.membership.organizationId)
        : fixed.side === 'person'
          ? this.structure.personHref(body, fixed.id)
          : this.structure.organizationHref(body, fixed.id);
    const action = editing
      ? `/${body.key}/verwaltung/mitgliedschaften/${editing.membership.id}/bearbeiten${editing.back ? `?zurueck=${editing.back}` : ''}`
      : `${cancel}/mitgliedschaften/neu`;
    return renderStructureForm(
      this.pages,
      { request, reply, viewer, body },
      {
        heading,
        crumbs: [...this.crumbs(body, fixed), { label: heading }],
        action,
        cancel,
        submit: editing ? 'Änderungen speichern' : 'Mitgliedschaft anlegen',
        fields: specs,
        values,
        errors,
        versioned: editing !== null,
        conflict: saved ? conflictOf(specs, values, saved) : null,
      },
      status,
    );
  }

  private async endPage(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    body: Body,
    membership: Membership,
    back: string | undefined,
    values: FormValues,
    errors: FormErrors,
    status: number,
  ) {
    const [person, organization] = await Promise.all([
      this.structure.person(body, membership.personId),
      this.structure.organization(body, membership.organizationId),
    ]);
    const fixed: Fixed =
      back === 'gremium'
        ? { side: 'gremium', id: organization.id, name: organization.name }
        : { side: 'person', id: person.id, name: person.name };
    const heading = 'Mitgliedschaft beenden';
    const page = back === 'gremium' ? this.structure.organizationHref(body, organization.id) : this.structure.personHref(body, person.id);
    return renderStructureForm(
      this.pages,
      { request, reply, viewer, body },
      {
        heading,
        intro:
          `${person.name}, ${membership.role} in ${organization.name}` +
          `${membership.startDate ? ` seit ${formDay(membership.startDate)}` : ''}. ` +
          'Die Mitgliedschaft bleibt als frühere Mitgliedschaft sichtbar.',
        crumbs: [...this.crumbs(body, fixed), { label: heading }],
        action: `/${body.key}/verwaltung/mitgliedschaften/${membership.id}/beenden${back ? `?zurueck=${back}` : ''}`,
        cancel: page,
        submit: 'Mitgliedschaft beenden',
        fields: [{ kind: 'text', name: 'ende', label: 'Letzter Tag der Mitgliedschaft', hint: 'Zum Beispiel 31.07.2029', width: 'date' }],
        values,
        errors,
        versioned: true,
      },
      status,
    );
  }

  private expired(request: FastifyRequest, reply: FastifyReply, viewer: Viewer, body: Body) {
    return renderExpiredForm(
      this.pages,
      { request, reply, viewer, body },
      { href: `/${body.key}/verwaltung/personen`, text: 'Zu den Personen' },
    );
  }
}
