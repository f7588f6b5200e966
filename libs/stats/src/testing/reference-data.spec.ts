import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_REFERENCE_DIR, VENDORED_REFERENCE_DIR } from './reference-data.js';

/** SHA-256 of the shared reference files as they were published (../shared/reference). */
const PUBLISHED = new Map([
  ['README.md', 'ae01eab4095d0645278bfb766eff4f571d62b3e82f2e38f8ae2bc58b21779830'],
  ['orthodont.csv', 'd687d58b24eb9d07f9411a65b4e62625c484b2734190305ef4586b44a3edebf2'],
  ['orthodont.expected.json', '6f9f89c9fd4400eda9718acb26586c4a908b89b192a2d5fe3ead2361d394fc77'],
  ['student_sleep.csv', '25f3ae253a80f4387a28741ec5f09df6b94665c116e71c2ac5b14f86f750f114'],
  ['student_sleep.expected.json', 'cf735763da3b0d28d831f089a01444cfa3918dc44c22bc291f8afa1f6cc047fd'],
]);

function checksums(directory: string): Map<string, string> {
  return new Map(
    readdirSync(directory)
      .sort()
      .map((name) => [name, createHash('sha256').update(readFileSync(join(directory, name))).digest('hex')]),
  );
}

describe('the reference fixtures', () => {
  it('vendored in test/shared-reference are the published files, unedited', () => {
    expect(checksums(VENDORED_REFERENCE_DIR)).toEqual(PUBLISHED);
  });

  it('in ../shared/reference, where the checkout has them, are the same files', () => {
    // A clone without ../shared (CI elsewhere) checks only the copy, above.
    const shared = existsSync(SHARED_REFERENCE_DIR) ? checksums(SHARED_REFERENCE_DIR) : PUBLISHED;
    expect(shared).toEqual(PUBLISHED);
  });
});
