/**
 * The demo data set the product loads on its first start: a realistic practice set of about 2,000
 * clients and the trial-shaped set, as CSV files small enough to commit (a few MB).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { practiceDataSet } from './practice.js';
import { trialDataSet } from './trial.js';
import { rowsOf, type GeneratedDataSet } from './rows.js';
import { writeCsv } from './writers/csv.js';

export const DEMO_PRACTICE_CLIENTS = 2000;
export const DEMO_FILES = { practice: 'practice.csv', trial: 'trial.csv' } as const;

export interface DemoOptions {
  seed?: number;
  practiceClients?: number;
}

/** Writes a data set as CSV to `path`, through a temporary file so a failed run leaves no half file. */
export async function writeCsvFile(dataSet: GeneratedDataSet, path: string): Promise<void> {
  const partial = `${path}.partial`;
  const out = createWriteStream(partial, { highWaterMark: 1 << 20 });
  try {
    await writeCsv(rowsOf(dataSet), dataSet.columns, out);
    out.end();
    await finished(out);
    await rename(partial, path);
  } catch (error) {
    out.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}

/** Writes the demo files into `directory`; returns their paths. */
export async function writeDemo(directory: string, options: DemoOptions = {}): Promise<string[]> {
  const seed = options.seed ?? 1;
  await mkdir(directory, { recursive: true });
  const practicePath = join(directory, DEMO_FILES.practice);
  const trialPath = join(directory, DEMO_FILES.trial);
  await writeCsvFile(
    practiceDataSet({ seed, clients: options.practiceClients ?? DEMO_PRACTICE_CLIENTS }),
    practicePath,
  );
  await writeCsvFile(trialDataSet({ seed }), trialPath);
  return [practicePath, trialPath];
}
