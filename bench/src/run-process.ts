/** Running a program of the bench to its end, timed by the wall clock, its output collected. */
import { spawn } from 'node:child_process';

export interface Finished {
  status: number | null;
  wallSeconds: number;
  stdout: string;
  stderr: string;
}

export function runProcess(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (status) =>
      resolve({
        status,
        wallSeconds: (performance.now() - started) / 1000,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      }),
    );
  });
}

/** runProcess, throwing with the program's standard error when it exits with another status than 0. */
export async function runOrThrow(command: string, args: readonly string[]): Promise<Finished> {
  const finished = await runProcess(command, args);
  if (finished.status !== 0) throw new Error(`${command} ${args.slice(1, 4).join(' ')} failed: ${finished.stderr.trim()}`);
  return finished;
}
