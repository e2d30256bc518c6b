import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  EffectiveTemplate,
  effectiveTemplate,
  STANDARD_TITLE_MAX,
  StandardItem,
  StandardPlace,
  sameTitle,
  TEMPLATE_MAX_ITEMS,
  templateForMeeting,
} from 'src/agenda/agenda-template';
import { AgendaTemplateRepository } from 'src/agenda/agenda-template.repository';
import { AuditService } from 'src/audit/audit.service';
import { Actor } from 'src/auth/actor';
import { Body } from 'src/bodies/body.entity';
import { DomainError } from 'src/common/domain-error';
import { UnitOfWork } from 'src/common/unit-of-work';
import { Organization } from 'src/organizations/organization.entity';
import { OrganizationsRepository } from 'src/organizations/organizations.repository';

/** An organization with this classification is the council (OParl's "Parlament"). */
const COUNCIL_CLASSIFICATION = 'parlament';

export const isCouncil = (o: Pick<Organization, 'classification'>) => o.classification?.trim().toLowerCase() === COUNCIL_CLASSIFICATION;

/** What a clerk enters for a standard item. */
export interface StandardItemInput {
  name: string;
  public: boolean;
  place: StandardPlace;
}

/** A committee's template with the version an edit must carry. */
export interface TemplateState {
  organization: Organization;
  template: EffectiveTemplate;
  /** 0 while the committee never had a template of its own. */
  version: number;
}

const sameGroup = (a: StandardItem, b: StandardItem) => a.public === b.public && a.place === b.place;

/** Where an item stands among the items of its part and place (1-based), and how many there are. */
export function groupPosition(items: StandardItem[], itemId: string): { position: number; count: number } | null {
  const item = items.find((i) => i.id === itemId);
  if (!item) return null;
  const group = items.filter((i) => sameGroup(i, item));
  return { position: group.indexOf(item) + 1, count: group.length };
}

const invalid = (field: string, text: string) => DomainError.invalid(text, [{ field, problems: [text] }]);

/**
 * The committees' templates of standard agenda items: read for the agenda editor, edited by the
 * council office. Each edit locks the committee's template, checks the version the clerk saw,
 * stores the whole list with the next version and audits it, in one transaction; an edit that
 * changes nothing writes nothing.
 */
@Injectable()
export class AgendaTemplateService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly templates: AgendaTemplateRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly audit: AuditService,
  ) {}

  async get(body: Body, organizationId: string): Promise<TemplateState> {
    const organization = await this.organizations.get(body.id, organizationId);
    const row = (await this.templates.ofOrganizations(body.id, [organizationId])).get(organizationId);
    return {
      organization,
      template: effectiveTemplate({ organizationId, council: isCouncil(organization), items: row?.items ?? null }),
      version: row?.version ?? 0,
    };
  }

  /**
   * The template "Standardpunkte einfügen" uses for a meeting of these committees (in the meeting's
   * order, as its read model lists them with their classification): one read, of their templates.
   */
  async forMeeting(body: Body, organizations: Pick<Organization, 'id' | 'classification'>[]): Promise<EffectiveTemplate> {
    if (organizations.length === 0) return templateForMeeting([]);
    const rows = await this.templates.ofOrganizations(
      body.id,
      organizations.map((o) => o.id),
    );
    return templateForMeeting(
      organizations.map((o) => ({ organizationId: o.id, council: isCouncil(o), items: rows.get(o.id)?.items ?? null })),
    );
  }

  /** forMeeting for committees known by their ids alone; a deleted one is left out. */
  async forOrganizationIds(body: Body, organizationIds: string[]): Promise<EffectiveTemplate> {
    const organizations = await this.organizations.allByName(body.id);
    return this.forMeeting(
      body,
      organizationIds.flatMap((id) => organizations.filter((o) => o.id === id)),
    );
  }

  add(body: Body, organizationId: string, actor: Actor, version: number, input: StandardItemInput): Promise<StandardItem> {
    const id = randomUUID();
    return this.edit(body, organizationId, actor, version, 'agendaTemplate.add', id, (items) => {
      if (items.length >= TEMPLATE_MAX_ITEMS) throw invalid('items', `A template holds at most ${TEMPLATE_MAX_ITEMS} items`);
      return [...items, { id, ...this.checked(items, input, null) }];
    });
  }

  update(body: Body, organizationId: string, actor: Actor, version: number, itemId: string, input: StandardItemInput) {
    return this.edit(body, organizationId, actor, version, 'agendaTemplate.update', itemId, (items) => {
      const index = this.indexOf(items, itemId);
      const changed = { id: itemId, ...this.checked(items, input, itemId) };
      const item = items[index];
      if (item.name === changed.name && item.public === changed.public && item.place === changed.place) return null;
      // An item moved into another part or place goes to the end of it.
      if (!sameGroup(item, changed)) return [...items.filter((i) => i.id !== itemId), changed];
      return items.map((i) => (i.id === itemId ? changed : i));
    });
  }

  /** One up or down among the items of its part and place. */
  move(body: Body, organizationId: string, actor: Actor, version: number, itemId: string, direction: 'up' | 'down') {
    return this.edit(body, organizationId, actor, version, 'agendaTemplate.move', itemId, (items) => {
      const item = items[this.indexOf(items, itemId)];
      const group = items.filter((i) => sameGroup(i, item));
      const from = group.indexOf(item);
      const to = direction === 'up' ? from - 1 : from + 1;
      if (to < 0 || to >= group.length) return null;
      const reordered = [...group];
      reordered.splice(from, 1);
      reordered.splice(to, 0, item);
      return items.map((i) => (sameGroup(i, item) ? reordered.shift()! : i));
    });
  }

  remove(body: Body, organizationId: string, actor: Actor, version: number, itemId: string) {
    return this.edit(body, organizationId, actor, version, 'agendaTemplate.remove', itemId, (items) => {
      this.indexOf(items, itemId);
      return items.filter((i) => i.id !== itemId);
    });
  }

  /** Back to the defaults: the committee's own items are dropped. */
  reset(body: Body, organizationId: string, actor: Actor, version: number) {
    return this.edit(body, organizationId, actor, version, 'agendaTemplate.reset', null, () => 'defaults');
  }

  private indexOf(items: StandardItem[], itemId: string): number {
    const index = items.findIndex((i) => i.id === itemId);
    if (index < 0) throw DomainError.notFound('Standard item');
    return index;
  }

  private checked(items: StandardItem[], input: StandardItemInput, self: string | null): Omit<StandardItem, 'id'> {
    const name = input.name.trim();
    if (!name) throw invalid('name', 'The title is empty');
    if (name.length > STANDARD_TITLE_MAX) throw invalid('name', `The title is longer than ${STANDARD_TITLE_MAX} characters`);
    if (items.some((i) => i.id !== self && sameTitle(i.name, name))) throw invalid('name', 'The template has an item of this title');
    return { name, public: input.public, place: input.place };
  }

  /**
   * Runs one edit: `change` gets the items as they are (the defaults while the committee has none)
   * and returns the new list, 'defaults' to drop the committee's own, or null to change nothing.
   */
  private async edit<T extends StandardItem | void>(
    body: Body,
    organizationId: string,
    actor: Actor,
    version: number,
    action: string,
    itemId: string | null,
    change: (items: StandardItem[]) => StandardItem[] | 'defaults' | null,
  ): Promise<T> {
    const organization = await this.organizations.get(body.id, organizationId);
    return this.unitOfWork.run(async (tx) => {
      const row = await this.templates.lock(tx, body.id, organizationId);
      if (row.version !== version) throw DomainError.versionConflict(version, row.version);
      const before = effectiveTemplate({ organizationId, council: isCouncil(organization), items: row.items });
      const outcome = change(before.items);
      const item = (items: StandardItem[]) => (itemId ? items.find((i) => i.id === itemId) : undefined) as T;
      if (outcome === null || (outcome === 'defaults' && row.items === null)) return item(before.items);
      const saved = await this.templates.save(tx, row, outcome === 'defaults' ? null : outcome);
      const after = effectiveTemplate({ organizationId, council: isCouncil(organization), items: saved.items });
      await this.audit.record(tx, actor, {
        bodyId: body.id,
        action,
        entityType: 'AgendaTemplate',
        entityId: saved.id,
        before: this.snapshot(row.version, before),
        after: this.snapshot(saved.version, after),
      });
      return item(after.items);
    });
  }

  /** What the audit trail keeps of a template: readable lines, since it stores plain values only. */
  private snapshot(version: number, template: EffectiveTemplate) {
    return {
      organizationId: template.organizationId,
      version,
      defaults: template.defaults,
      items: template.items.map((i) => `${i.name} | ${i.public ? 'öffentlich' : 'nichtöffentlich'} | ${i.place}`),
    };
  }
}
