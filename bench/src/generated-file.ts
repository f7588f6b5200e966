/**
 * A data file made once by the seeded generator and kept in bench/out/ (the same bytes every
 * time): written beside its name and renamed when complete, so that an interrupted bench never
 * leaves a partial file that a later run would take for the whole one.
 */
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Progress } from './progress.js';
import type { Finished } from './run-process.js';

export interface GeneratorContext {
  progress: Progress;
  shown(path: string): string;
  /** Runs the data generator's command line with these arguments. */
  generate(args: readonly string[]): Promise<Finished>;
}

/** Makes `file` with the generator's `args` (without --out) unless it exists; `what` names the step. */
export async function generateOnce(file: string, args: readonly string[], what: string, context: GeneratorContext): Promise<void> {
  if (existsSync(file)) return;
  const step = context.progress.start(`${what}: generating ${context.shown(file)}`);
  const partial = `${file}.partial`;
  await rm(partial, { force: true });
  const finished = await context.generate([...args, '--out', partial]);
  if (finished.status !== 0) throw new Error(`the data generator failed: ${finished.stderr.trim()}`);
  await rename(partial, file);
  step.done(`${what}: ${context.shown(file)} in ${finished.wallSeconds.toFixed(1)} s`);
}
