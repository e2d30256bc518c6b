import { Injectable } from '@nestjs/common';
import { AccountTokenPurpose } from 'src/account-tokens/account-token.entity';
import { AccountTokensService, TOKEN_TTL_HOURS } from 'src/account-tokens/account-tokens.service';
import { AccountState, accountState, AccountWithRole } from 'src/accounts/accounts.dto';
import { AccountsRepository } from 'src/accounts/accounts.repository';
import { AccountsService } from 'src/accounts/accounts.service';
import { AuditService } from 'src/audit/audit.service';
import { Actor } from 'src/auth/actor';
import type { Body } from 'src/bodies/body.entity';
import { DomainError } from 'src/common/domain-error';
import { AccountFormInput, roleValue } from 'src/office/office-accounts.dto';
import { FormValues } from 'src/office/office-forms';
import { historyRows, HistoryRow } from 'src/office/office-history';
import type { Option } from 'src/office/office-papers.service';
import { OfficeStructureService } from 'src/office/office-structure.service';
import { dateView, DateView } from 'src/portal/portal-format';
import { LABELS } from 'src/vocabulary/labels';

/** The badge of a state (the colours of the office's task badges; the word says it). */
const STATE_BADGE: Record<AccountState, string> = {
  [AccountState.Invited]: 'draft',
  [AccountState.Active]: 'done',
  [AccountState.Locked]: 'missed',
  [AccountState.Disabled]: 'missed',
};

export interface AccountStateView {
  code: AccountState;
  kind: string;
  text: string;
}

export interface AccountRow {
  id: string;
  href: string;
  name: string;
  email: string;
  roleText: string;
  person: { href: string; name: string } | null;
  state: AccountStateView;
}

export interface AccountPageView extends AccountRow {
  since: DateView;
  lockedAt: DateView | null;
  /** The clerk's own account: they cannot lock or remove it, nor take its admin role. */
  self: boolean;
  /** The link of this body still open, if any: which kind and until when. */
  openLink: { invite: boolean; until: DateView } | null;
  values: FormValues;
}

/**
 * The council office's accounts (Konten): views of the body's roles and every change through the
 * services the API uses (AccountsService, AccountTokensService), so audit and mail go alike.
 */
@Injectable()
export class OfficeAccountsService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly accountRows: AccountsRepository,
    private readonly tokens: AccountTokensService,
    private readonly structure: OfficeStructureService,
    private readonly audit: AuditService,
  ) {}

  base(body: Body): string {
    return `/${body.key}/verwaltung/konten`;
  }

  href(body: Body, accountId: string): string {
    return `${this.base(body)}/${accountId}`;
  }

  async list(body: Body): Promise<AccountRow[]> {
    const rows = await this.accountRows.listByName(body.id);
    return rows.map((r) => this.row(body, r));
  }

  /** The account's role in this body, or a 404 for any other id (another body's accounts included). */
  async get(body: Body, accountId: string): Promise<AccountWithRole> {
    const found = await this.accountRows.findInBody(body.id, accountId);
    if (!found) throw DomainError.notFound('Account');
    return found;
  }

  async page(body: Body, accountId: string, actor: Actor): Promise<AccountPageView> {
    const role = await this.get(body, accountId);
    const person = role.personId ? await this.personName(body, role.personId) : null;
    const open = (await this.tokens.openLinks(body, accountId))[0];
    return {
      ...this.row(body, { ...role, person }),
      since: dateView(role.created)!,
      lockedAt: dateView(role.lockedAt),
      self: actor.accountId === accountId,
      openLink: open ? { invite: open.purpose === AccountTokenPurpose.Invite, until: dateView(open.expiresAt)! } : null,
      values: this.values(role),
    };
  }

  history(body: Body, accountId: string): Promise<HistoryRow[]> {
    return this.audit.history(body.id, [accountId]).then(historyRows);
  }

  values(role: AccountWithRole): FormValues {
    return { name: role.account.displayName, rolle: roleValue(role.role), person: role.personId ?? '' };
  }

  personOptions(body: Body): Promise<Option[]> {
    return this.structure.personOptions(body);
  }

  invite(body: Body, actor: Actor, input: AccountFormInput & { email: string }): Promise<AccountWithRole> {
    return this.tokens.invite(body, actor, input);
  }

  update(body: Body, accountId: string, actor: Actor, input: AccountFormInput): Promise<AccountWithRole> {
    return this.accounts.update(body.id, accountId, actor, input);
  }

  lock(body: Body, accountId: string, actor: Actor): Promise<AccountWithRole> {
    return this.accounts.lock(body.id, accountId, actor);
  }

  unlock(body: Body, accountId: string, actor: Actor): Promise<AccountWithRole> {
    return this.accounts.unlock(body.id, accountId, actor);
  }

  resendInvitation(body: Body, accountId: string, actor: Actor): Promise<unknown> {
    return this.tokens.resendInvitation(body, actor, accountId);
  }

  sendReset(body: Body, accountId: string, actor: Actor): Promise<unknown> {
    return this.tokens.sendReset(body, actor, accountId);
  }

  remove(body: Body, accountId: string, actor: Actor): Promise<void> {
    return this.accounts.remove(body.id, accountId, actor);
  }

  /** How long the links last, as the pages say it. */
  readonly ttlHours = TOKEN_TTL_HOURS;

  private row(body: Body, r: Omit<AccountWithRole, 'person'> & { person?: { id: string; name: string } | null }): AccountRow {
    const state = accountState(r);
    return {
      id: r.account.id,
      href: this.href(body, r.account.id),
      name: r.account.displayName,
      email: r.account.email,
      roleText: LABELS.bodyRole[r.role],
      person: r.person ? { href: `/${body.key}/verwaltung/personen/${r.person.id}`, name: r.person.name } : null,
      state: { code: state, kind: STATE_BADGE[state], text: LABELS.accountState[state] },
    };
  }

  private async personName(body: Body, personId: string): Promise<{ id: string; name: string } | null> {
    const person = await this.structure.person(body, personId).catch(() => null);
    return person ? { id: person.id, name: person.name } : null;
  }
}
