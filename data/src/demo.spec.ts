import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_FILES, writeDemo } from './demo.js';

const committedDemo = fileURLToPath(new URL('../demo/', import.meta.url));

describe('demo data set', () => {
  let directory: string;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'threshold-demo-'));
    await writeDemo(directory);
  });

  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  // The files in data/demo are exactly what `npm run -s data -- demo` makes: regenerate them with
  // that command whenever a generator changes on purpose.
  it.each(Object.values(DEMO_FILES))('matches the committed data/demo/%s byte for byte', (file) => {
    expect(readFileSync(join(directory, file)).equals(readFileSync(join(committedDemo, file)))).toBe(true);
  });

  it('is commit-sized: a few MB at most', () => {
    const bytes = Object.values(DEMO_FILES).reduce(
      (total, file) => total + readFileSync(join(directory, file)).length,
      0,
    );
    expect(bytes).toBeLessThan(5 * 1024 * 1024);
  });
});
