/**
 * CPU time spent during a timed request, by whom: the API server (all its threads: JavaScript,
 * the garbage collector's helpers, libuv's pool), PostgreSQL (all its processes on this machine:
 * the connection's backend, the WAL writer, the checkpointer), and the bench process that sends
 * the file. On a machine of few cores their sum bounds the wall time from below: work of
 * 9 CPU-seconds on 2 cores cannot end in less than 4.5 s however well the two sides overlap. So
 * the figures say whether a slow ingest waits (cores idle) or works (cores full), and which side
 * works.
 *
 * Read from Linux's /proc (utime + stime of each process); null elsewhere, and null for
 * PostgreSQL when its server runs on another machine (no process of that name here). A process
 * that ends within the window is missed, so the figures err low, never high.
 */
import { readdir, readFile } from 'node:fs/promises';
import { runProcess } from './run-process.js';

export interface CpuSeconds {
  /** The API server's process, all threads. */
  server: number;
  /** PostgreSQL's processes on this machine, all of them; null when there are none. */
  postgres: number | null;
  /** This process (the bench, which streams the file to the server). */
  sender: number;
}

/** A reading of the counters at one moment; `since` gives the CPU time spent from then to now. */
export interface CpuMark {
  since(): Promise<CpuSeconds | null>;
}

let clockTicks: number | null = null;

/** Linux's clock ticks per second, the unit of /proc/PID/stat's times (100 on every usual kernel). */
async function ticksPerSecond(): Promise<number> {
  if (clockTicks === null) {
    const result = await runProcess('getconf', ['CLK_TCK']);
    const value = Number(result.stdout.trim());
    clockTicks = result.status === 0 && value > 0 ? value : 100;
  }
  return clockTicks;
}

/** The name and the utime + stime ticks of one process, or null when it is gone or /proc is not there. */
async function processTicks(pid: string): Promise<{ name: string; ticks: number } | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // "pid (name) state ppid …": the name may hold spaces or parentheses, so split after the last ')'.
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    // utime and stime are the 14th and 15th fields of the line, the 12th and 13th after the name.
    return { name: stat.slice(stat.indexOf('(') + 1, close), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

/** Ticks of every process named `postgres` on this machine, by pid. */
async function postgresTicks(): Promise<Map<string, number>> {
  const byPid = new Map<string, number>();
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return byPid;
  }
  for (const pid of entries) {
    if (!/^\d+$/.test(pid)) continue;
    const entry = await processTicks(pid);
    if (entry?.name === 'postgres') byPid.set(pid, entry.ticks);
  }
  return byPid;
}

/** Marks the counters now, for the server of process `serverPid`; null where /proc cannot be read. */
export async function markCpu(serverPid: number | undefined): Promise<CpuMark | null> {
  if (serverPid === undefined) return null;
  const server = await processTicks(String(serverPid));
  if (server === null) return null;
  const postgres = await postgresTicks();
  const ticks = await ticksPerSecond();
  const sender = process.cpuUsage();
  return {
    async since() {
      // The bench's own first, before reading /proc costs it anything.
      const senderNow = process.cpuUsage(sender);
      const serverNow = await processTicks(String(serverPid));
      if (serverNow === null) return null;
      const postgresNow = await postgresTicks();
      let postgresTicksSpent = 0;
      // A backend that started within the window counts from zero.
      for (const [pid, now] of postgresNow) postgresTicksSpent += now - (postgres.get(pid) ?? 0);
      return {
        server: (serverNow.ticks - server.ticks) / ticks,
        postgres: postgresNow.size === 0 ? null : postgresTicksSpent / ticks,
        sender: (senderNow.user + senderNow.system) / 1e6,
      };
    },
  };
}
