// CPU time of other processes, for benchmarks that tell the app's CPU from the database's: /proc/<pid>/stat
// (Linux), utime + stime in clock ticks (100 per second here, so sum over hundreds of requests).
import { readFileSync } from 'node:fs';
import pg from 'pg';

const TICK_MS = 10;

/** CPU milliseconds used so far by each process (0 for one that has gone). */
export function processCpuMs(pids: number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    try {
      // the command name (field 2) may contain spaces: count fields after its closing parenthesis
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, (Number(fields[11]) + Number(fields[12])) * TICK_MS);
    } catch {
      out.set(pid, 0);
    }
  }
  return out;
}

/**
 * A meter over a set of processes: `lap()` returns the CPU milliseconds they used since the last lap. `pids` is
 * called at every lap, so processes that appear later (new PostgreSQL backends) are counted from their start.
 */
export function cpuMeter(pids: () => Promise<number[]>) {
  let last = new Map<number, number>();
  return {
    async lap(): Promise<number> {
      const now = processCpuMs(await pids());
      let used = 0;
      for (const [pid, ms] of now) used += ms - (last.get(pid) ?? 0);
      last = now;
      return used;
    },
  };
}

/** The PostgreSQL backends serving database `name` (the local server: their /proc entries are readable). */
export function postgresBackends(adminUrl: string, name: string): () => Promise<number[]> {
  return async () => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      const r = await c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      return r.rows.map((row) => row.pid);
    } finally {
      await c.end();
    }
  };
}
