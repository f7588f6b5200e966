/**
 * Where a server on the embedded database listens, kept in its data folder while it runs: the
 * embedded database serves one process (the one holding pgdata.lock), so a command that needs it
 * then (`outcomes backup`) asks that server instead, at this address.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const FILE = 'server-address.json';

export interface ServerAddress {
  pid: number;
  url: string;
}

export async function recordServerAddress(dataDir: string, url: string): Promise<void> {
  await writeFile(join(dataDir, FILE), `${JSON.stringify({ pid: process.pid, url } satisfies ServerAddress)}\n`, { mode: 0o600 });
}

export async function forgetServerAddress(dataDir: string): Promise<void> {
  await rm(join(dataDir, FILE), { force: true });
}

/** The address recorded by process `pid`, or undefined (none, or another process's, left by one killed). */
export async function readServerAddress(dataDir: string, pid: number): Promise<ServerAddress | undefined> {
  try {
    const address = JSON.parse(await readFile(join(dataDir, FILE), 'utf8')) as ServerAddress;
    return address.pid === pid && typeof address.url === 'string' ? address : undefined;
  } catch {
    return undefined;
  }
}
