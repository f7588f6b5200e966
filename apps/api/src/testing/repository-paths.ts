/** Files of the repository that tests send through the real ingest path. */
import { fileURLToPath } from 'node:url';

export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const INGEST_FIXTURES = `${REPOSITORY_ROOT}libs/ingest/test-fixtures/`;
export const DEMO_DATA = `${REPOSITORY_ROOT}data/demo/`;
