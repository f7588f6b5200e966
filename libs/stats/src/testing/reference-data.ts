/**
 * Where the shared reference fixtures are (public data sets with R's reports; see their README).
 * They live in `../shared/reference` beside the repository's checkout; `test/shared-reference` holds
 * a verbatim copy so that a clone elsewhere (CI) still tests against them, and a spec checks that
 * the copy equals the original whenever the original is present. THRESHOLD_REFERENCE_DIR overrides.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The repository's root, from this file's place in it (libs/stats/src/testing). */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const SHARED_REFERENCE_DIR = join(REPOSITORY_ROOT, '..', 'shared', 'reference');
export const VENDORED_REFERENCE_DIR = join(REPOSITORY_ROOT, 'test', 'shared-reference');

export function referenceDirectory(): string {
  const override = process.env.THRESHOLD_REFERENCE_DIR;
  if (override !== undefined && override !== '') return override;
  return existsSync(SHARED_REFERENCE_DIR) ? SHARED_REFERENCE_DIR : VENDORED_REFERENCE_DIR;
}

export function referenceFile(name: string): string {
  return join(referenceDirectory(), name);
}
