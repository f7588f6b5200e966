// How close `outcomes report` is to R on each case of cases.json: the largest relative error in
// each class of number that expectReportMatches gives its own tolerance. Run from the repository
// root after building the command line (`npx nx build @threshold/api`):
//
//   node test/r-reference/closeness.mjs
//
// Relative error is |cli - r| / |r| (absolute when r is 0); the intercept-slope covariance is
// measured on the scale of the correlation, as expectReportMatches does.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const { cases } = JSON.parse(readFileSync(join(here, 'cases.json'), 'utf8'));

const CLASSES = ['closed form', 'estimate', 'se', 'df', 't', 'p', 'variance', 'logLik'];

function classOf(path) {
  if (!path.startsWith('trajectory')) return 'closed form';
  if (path.includes('randomEffects')) return 'variance';
  if (path.endsWith('logLikREML')) return 'logLik';
  for (const name of ['estimate', 'se', 'df', 't', 'p']) if (path.endsWith(`.${name}`)) return name;
  return 'closed form';
}

function walk(actual, expected, path, worst) {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') throw new Error(`${path}: expected ${expected}, got ${actual}`);
    let error = expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
    if (path === 'trajectory.randomEffects.interceptSlopeCov') {
      error = Math.abs(actual - expected) / Math.sqrt(worst.interceptVar * worst.slopeVar);
    }
    const name = classOf(path);
    if (error > worst[name].error) worst[name] = { error, path };
  } else if (Array.isArray(expected)) {
    expected.forEach((item, i) => walk(actual[i], item, `${path}[${i}]`, worst));
  } else if (expected !== null && typeof expected === 'object') {
    for (const [key, value] of Object.entries(expected)) walk(actual[key], value, path ? `${path}.${key}` : key, worst);
  }
}

const rows = [];
for (const { name, file, args } of cases) {
  const output = execFileSync(process.execPath, [join(root, 'apps/api/dist/cli/outcomes.js'), 'report', join(here, file), ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const expected = JSON.parse(readFileSync(join(here, 'expected', `${name}.expected.json`), 'utf8'));
  const worst = Object.fromEntries(CLASSES.map((c) => [c, { error: 0, path: '' }]));
  worst.interceptVar = expected.trajectory?.randomEffects?.interceptVar;
  worst.slopeVar = expected.trajectory?.randomEffects?.slopeVar;
  walk(JSON.parse(output), expected, '', worst);
  rows.push([name, ...CLASSES.map((c) => (expected.trajectory === null && c !== 'closed form' ? '-' : worst[c].error.toExponential(1)))]);
}
console.log(`| case | ${CLASSES.join(' | ')} |`);
console.log(`| --- | ${CLASSES.map(() => '---').join(' | ')} |`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
