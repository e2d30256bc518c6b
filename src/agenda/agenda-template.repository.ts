import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AgendaTemplate } from 'src/agenda/agenda-template.entity';
import type { StandardItem } from 'src/agenda/agenda-template';
import { findNamed } from 'src/common/named-sql';
import { managerOf, Tx } from 'src/common/unit-of-work';

/** The committees' templates of standard agenda items: the only code that reads or writes them. */
@Injectable()
export class AgendaTemplateRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The templates of the given committees of the body, by committee. */
  async ofOrganizations(bodyId: string, organizationIds: string[]): Promise<Map<string, AgendaTemplate>> {
    if (organizationIds.length === 0) return new Map();
    // A named statement: the agenda editor asks on every request.
    const rows = await findNamed(this.dataSource, AgendaTemplate, 'body_id = $1 AND organization_id = ANY($2::uuid[])', [
      bodyId,
      organizationIds,
    ]);
    return new Map(rows.map((row) => [row.organizationId, row]));
  }

  /**
   * The committee's template, locked for the rest of the transaction; a committee without one
   * gets its row now (version 0, the defaults), so two first edits at once wait for each other.
   */
  async lock(tx: Tx, bodyId: string, organizationId: string): Promise<AgendaTemplate> {
    const manager = managerOf(this.dataSource, tx);
    await manager
      .createQueryBuilder()
      .insert()
      .into(AgendaTemplate)
      .values({ bodyId, organizationId, items: null, version: 0 })
      .orIgnore()
      .execute();
    return manager
      .getRepository(AgendaTemplate)
      .createQueryBuilder('t')
      .where('t.bodyId = :bodyId AND t.organizationId = :organizationId', { bodyId, organizationId })
      .setLock('pessimistic_write')
      .getOneOrFail();
  }

  /** Stores the items (null: the defaults) with the next version. */
  async save(tx: Tx, template: AgendaTemplate, items: StandardItem[] | null): Promise<AgendaTemplate> {
    const repo = managerOf(this.dataSource, tx).getRepository(AgendaTemplate);
    return repo.save(repo.merge(template, { items, version: template.version + 1 }));
  }
}
