/** Screenshots and downloads kept after a run, for people to look at (gitignored). */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

export const ARTEFACTS_DIR = fileURLToPath(new URL('../../../test-results/e2e/', import.meta.url));

export function artefactPath(name: string): string {
  mkdirSync(ARTEFACTS_DIR, { recursive: true });
  return `${ARTEFACTS_DIR}${name}`;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const path = artefactPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
