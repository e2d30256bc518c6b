export type Outcome = 'created' | 'updated' | 'unchanged' | 'deleted';

/** Per type: how many objects were created, updated, left as they were, deleted, skipped and why. */
export class ImportSummary {
  readonly counts = new Map<string, Record<Outcome, number>>();
  readonly skipped = new Map<string, Map<string, number>>();
  readonly repairs = new Map<string, number>();

  count(type: string, outcome: Outcome): void {
    const c = this.counts.get(type) ?? { created: 0, updated: 0, unchanged: 0, deleted: 0 };
    c[outcome]++;
    this.counts.set(type, c);
  }

  skip(type: string, reason: string): void {
    const m = this.skipped.get(type) ?? new Map<string, number>();
    m.set(reason, (m.get(reason) ?? 0) + 1);
    this.skipped.set(type, m);
  }

  repair(kind: string): void {
    this.repairs.set(kind, (this.repairs.get(kind) ?? 0) + 1);
  }

  changes(): number {
    return [...this.counts.values()].reduce((n, c) => n + c.created + c.updated + c.deleted, 0);
  }

  toText(): string {
    const lines = [`${'type'.padEnd(20)}  created  updated  unchanged  deleted  skipped`];
    for (const [type, c] of this.counts) {
      const skipped = [...(this.skipped.get(type)?.values() ?? [])].reduce((a, b) => a + b, 0);
      lines.push(
        `${type.padEnd(20)} ${String(c.created).padStart(8)} ${String(c.updated).padStart(8)} ${String(c.unchanged).padStart(10)} ${String(c.deleted).padStart(8)} ${String(skipped).padStart(8)}`,
      );
    }
    for (const [type, reasons] of this.skipped) for (const [reason, n] of reasons) lines.push(`  skipped ${type}: ${n} × ${reason}`);
    for (const [kind, n] of this.repairs) lines.push(`  repaired: ${n} × ${kind}`);
    return lines.join('\n');
  }
}
