/** What the benchmarks read from /proc about processes: who listens on a port, and CPU time. */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { Client } from 'pg';

/** A process's children, from /proc (empty where /proc cannot tell). */
export function childPids(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/** The inodes of the sockets listening on a TCP port, from /proc/net (empty where it cannot tell). */
export function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    try {
      for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
        const fields = line.trim().split(/\s+/);
        // local_address is "<hex address>:<hex port>"; state 0A is LISTEN; the inode is the tenth field.
        if (fields.length > 9 && fields[3] === '0A' && parseInt(fields[1].split(':')[1], 16) === port) inodes.add(fields[9]);
      }
    } catch {
      // No such table (no IPv6), or no /proc: nothing to add.
    }
  }
  return inodes;
}

export function holdsSocket(pid: number, inodes: Set<string>): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        return match !== null && inodes.has(match[1]);
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

/** The process listening on a TCP port of this machine, or null when /proc cannot tell. */
export function listeningPid(port: number): number | null {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return null;
  for (const entry of readdirSync('/proc')) {
    if (/^\d+$/.test(entry) && holdsSocket(Number(entry), inodes)) return Number(entry);
  }
  return null;
}

/** Clock ticks per second of the CPU times in /proc (USER_HZ), 100 on Linux. */
export const TICKS_PER_SECOND = 100;

/** User plus system CPU time of a process so far, in ticks; null when /proc cannot tell. */
export function cpuTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command, in parentheses, may hold spaces; utime and stime are the 12th and 13th fields after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks : null;
  } catch {
    return null;
  }
}

export interface CpuMark {
  server: number | null;
  database: Map<number, number>;
}

/**
 * CPU time per answer of the server process and of the PostgreSQL backends serving it (those
 * whose application_name starts with "ratsinfo"). Throughput on a shared machine moves with
 * whatever else runs; the CPU each answer costs moves much less, and it tells whether the
 * time goes to Node or to the database. The backends are read through /proc, so only for a
 * database on this machine; backends opened during the measurement count from zero.
 */
export class CpuMeter {
  private constructor(
    private readonly serverPid: number | null,
    private readonly db: Client | null,
  ) {}

  static async open(serverPid: number | null, databaseUrl: string): Promise<CpuMeter> {
    const db = new Client({ connectionString: databaseUrl, application_name: 'ratsinfo-bench-cpu' });
    try {
      await db.connect();
      return new CpuMeter(serverPid, db);
    } catch {
      return new CpuMeter(serverPid, null);
    }
  }

  private async backends(): Promise<number[]> {
    if (!this.db) return [];
    const rows = await this.db.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE application_name LIKE 'ratsinfo%' AND application_name <> 'ratsinfo-bench-cpu'",
    );
    return rows.rows.map((r) => r.pid);
  }

  async mark(): Promise<CpuMark> {
    const database = new Map<number, number>();
    for (const pid of await this.backends()) {
      const ticks = cpuTicks(pid);
      if (ticks !== null) database.set(pid, ticks);
    }
    return { server: this.serverPid === null ? null : cpuTicks(this.serverPid), database };
  }

  async perAnswer(start: CpuMark, answers: number): Promise<{ serverCpuMs: number | null; databaseCpuMs: number | null }> {
    const end = await this.mark();
    const perAnswer = (ticks: number) => (answers > 0 ? ((ticks / TICKS_PER_SECOND) * 1000) / answers : null);
    const server = start.server !== null && end.server !== null ? perAnswer(end.server - start.server) : null;
    let database = 0;
    for (const [pid, ticks] of end.database) database += ticks - (start.database.get(pid) ?? 0);
    return { serverCpuMs: server, databaseCpuMs: end.database.size > 0 ? perAnswer(database) : null };
  }

  async close(): Promise<void> {
    await this.db?.end().catch(() => undefined);
  }
}
