/**
 * What a test must notice on a page besides what it asserts: console errors, uncaught exceptions
 * and failed requests. A page that draws its charts but logs an error is not done.
 */
import type { Page } from 'playwright-core';

export interface PageProblems {
  list(): string[];
  clear(): void;
}

export function watchPage(page: Page, allow: RegExp[] = []): PageProblems {
  const problems: string[] = [];
  const note = (text: string): void => {
    if (!allow.some((pattern) => pattern.test(text))) problems.push(text);
  };
  page.on('console', (message) => {
    if (message.type() === 'error') note(`console error: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => note(`uncaught: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400)
      note(`HTTP ${response.status()} ${response.request().method()} ${response.url()}`);
  });
  return { list: () => [...problems], clear: () => void problems.splice(0) };
}
