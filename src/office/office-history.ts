import type { HistoryEntry } from 'src/audit/audit.service';
import { dateView, DateView } from 'src/portal/portal-format';
import { LABELS } from 'src/vocabulary/labels';

export interface HistoryRow {
  at: DateView;
  who: string;
  /** "Sitzung: Einladung veröffentlicht", "Tagesordnungspunkt geändert (Name, Beschlusstext)". */
  text: string;
}

const { history } = LABELS;

/** The audit trail of an object as the office's "Verlauf" shows it, in plain German. */
export function historyRows(entries: HistoryEntry[]): HistoryRow[] {
  return entries.map((e) => {
    const what = history.entities[e.entityType] ?? e.entityType;
    const done = history.actions[e.action] ?? history.actions[e.action.split('.').pop() ?? ''] ?? e.action;
    // The fields matter for edits; for other steps the action says it (and the snapshots differ in shape).
    const edit = e.action === 'update' || e.action.endsWith('.update');
    const fields = edit ? [...new Set(e.changedFields.map((f) => history.fields[f] ?? history.otherField))] : [];
    return {
      at: dateView(e.at)!,
      who: e.accountName ?? history.system,
      text: `${what} ${done}${fields.length > 0 ? ` (${fields.join(', ')})` : ''}`,
    };
  });
}
