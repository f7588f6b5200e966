/**
 * The FHIR door: the sample bundle of docs/fhir.md read into readings, every mapping of the issue
 * (measure codings, subject, extensions, encounters numbering sessions, UCUM units), bad bundles
 * each refused with the entry and path of its error, and random mutations of the sample giving
 * ordinary errors, never a thrown failure.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { KPA_PER_KG_CM2 } from '@threshold/stats';
import { formatIngestError, readOutcomes, type ReadOutcomesResult } from '../read-outcomes.js';
import type { MeasurementRow } from '../types.js';

const SAMPLE = fileURLToPath(new URL('../../test-fixtures/good/sample.fhir.json', import.meta.url));

type Bundle = { resourceType: string; type: string; entry: { resource: Record<string, unknown> }[] };

async function readBundle(bundle: unknown, maxErrors = 100): Promise<ReadOutcomesResult & { rows: MeasurementRow[] }> {
  const rows: MeasurementRow[] = [];
  const text = typeof bundle === 'string' || bundle instanceof Uint8Array ? bundle : JSON.stringify(bundle);
  const result = await readOutcomes(oneChunk(typeof text === 'string' ? Buffer.from(text) : text), 'fhir', { onBatch: (batch) => void rows.push(...batch), maxErrors });
  return { ...result, rows };
}

async function* oneChunk(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

const sample = async (): Promise<Bundle> => JSON.parse(await readFile(SAMPLE, 'utf8')) as Bundle;

/** A bare Observation of `client`, its session numbered by `encounter`. */
function byEncounter(client: string, encounter: string, value: number, date?: string): { resource: Record<string, unknown> } {
  return {
    resource: {
      resourceType: 'Observation',
      code: { coding: [{ system: 'urn:threshold:measure', code: 'ppt' }] },
      subject: { reference: `Patient/${client}` },
      encounter: { reference: `Encounter/${encounter}` },
      ...(date === undefined ? {} : { effectiveDateTime: date }),
      valueQuantity: { value, unit: 'kPa' },
    },
  };
}

describe('readOutcomes on a FHIR R4 bundle', () => {
  it('reads the sample of docs/fhir.md: every field, every unit converted to kPa', async () => {
    const result = await readBundle(await readFile(SAMPLE));
    expect(result.errors).toEqual([]);
    expect(result.rowCount).toBe(6);
    expect(result.rows[0]).toEqual({
      line: 1,
      clientId: 'C-1001',
      session: 1,
      phase: 'pre',
      measure: 'ppt',
      value: 2.9 * KPA_PER_KG_CM2,
      rawValue: 2.9,
      rawUnit: 'kg/cm2',
      site: 'upper_trapezius_left',
      technique: 'ischemic_compression',
      condition: 'tension_type_headache',
      clinicId: 'clinic-north',
      therapistId: 't-07',
      sessionDate: '2025-03-04',
      trial: null,
    });
    expect(result.rows.map((row) => [row.phase, row.site, row.value])).toEqual([
      ['pre', 'upper_trapezius_left', 2.9 * 98.0665],
      ['post', 'upper_trapezius_left', 3.4 * 98.0665],
      ['pre', 'upper_trapezius_right', 310],
      ['post', 'upper_trapezius_right', 352],
      ['pre', null, 6],
      ['pre', 'upper_trapezius_left', 3.1 * 98.0665],
    ]);
    // LOINC 72514-3 is pain_nrs, {score} its unit.
    expect(result.rows[4]).toMatchObject({ measure: 'pain_nrs', rawUnit: 'score', sessionDate: '2025-03-04' });
  });

  it('numbers sessions by the order of the client’s encounters by date, and takes pre when no phase is given', async () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        byEncounter('a', 'e-late', 300),
        byEncounter('a', 'e-early', 280),
        byEncounter('a', 'e-middle', 290, '2025-02-01T10:00:00Z'),
        byEncounter('b', 'e-b', 250, '2025-05-01'),
        { resource: { resourceType: 'Encounter', id: 'e-late', period: { start: '2025-03-01T09:00:00+01:00' } } },
        { resource: { resourceType: 'Encounter', id: 'e-early', period: { start: '2025-01-15' } } },
        { resource: { resourceType: 'Patient', id: 'a', name: [{ family: 'never read' }] } },
      ],
    };
    const result = await readBundle(bundle);
    expect(result.errors).toEqual([]);
    expect(result.rows.map((row) => [row.clientId, row.session, row.phase, row.value])).toEqual([
      ['a', 3, 'pre', 300],
      ['a', 1, 'pre', 280],
      ['a', 2, 'pre', 290],
      ['b', 1, 'pre', 250],
    ]);
  });

  it('names the entry and the path of each error, as the command line prints them', async () => {
    const bundle = await sample();
    (bundle.entry[0].resource.valueQuantity as Record<string, unknown>).code = 'mmHg';
    (bundle.entry[1].resource.subject as Record<string, unknown>).reference = 'Group/7';
    (bundle.entry[2].resource.extension as Record<string, unknown>[])[1].valueString = 'during';
    bundle.entry[3].resource.effectiveDateTime = '2025-02-30';
    (bundle.entry[4].resource.code as { coding: unknown[] }).coding = [{ system: 'http://snomed.info/sct', code: '22253000' }];
    (bundle.entry[5].resource.valueQuantity as Record<string, unknown>).value = 99_999;
    const result = await readBundle(bundle);
    expect(result.rows).toEqual([]);
    expect(result.errors.map(formatIngestError)).toEqual([
      expect.stringMatching(/^entry\[0\]\.resource\.valueQuantity\.code, column unit: not a unit read here: use the UCUM unit kg\/cm2, kPa/),
      expect.stringMatching(/^entry\[1\]\.resource\.subject\.reference, column client_id: the subject is not a reference Patient\/ID/),
      expect.stringMatching(/^entry\[2\]\.resource\.extension\[1\]\.valueString, column phase: /),
      expect.stringMatching(/^entry\[3\]\.resource\.effectiveDateTime, column session_date: /),
      expect.stringMatching(/^entry\[4\]\.resource\.code\.coding, column measure: no coding names the measure/),
      expect.stringMatching(/^entry\[5\]\.resource\.valueQuantity\.value, column value: .*plausible/),
    ]);
    expect(result.errors.map((error) => error.line)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('names the unit element the bundle used: unit when there is no code', async () => {
    const bundle = await sample();
    bundle.entry[3].resource.valueQuantity = { value: 3, unit: 'psi' };
    const result = await readBundle(bundle);
    expect(result.errors).toEqual([expect.objectContaining({ line: 4, column: 'unit', location: 'entry[3].resource.valueQuantity.unit' })]);
  });

  it('refuses what is not a bundle of Observations, naming where', async () => {
    const cases: [unknown, string, string][] = [
      [{ resourceType: 'Observation' }, 'resourceType', 'not a FHIR Bundle'],
      [{ resourceType: 'Bundle', entry: {} }, 'entry', 'entry is not an array'],
      [{ resourceType: 'Bundle', entry: [] }, 'input', 'the input has no rows'],
      [{ resourceType: 'Bundle', entry: [{ resource: { resourceType: 'MedicationRequest' } }] }, 'entry[0].resource.resourceType', 'only Observation'],
      [{ resourceType: 'Bundle', entry: [byEncounter('a', 'e1', 300)] }, 'entry[0].resource.encounter.reference', 'the encounter has no date'],
      [{ resourceType: 'Bundle', entry: [{ resource: { ...byEncounter('a', 'e1', 300).resource, encounter: undefined } }] }, 'entry[0].resource.extension', 'no session'],
      ['{"resourceType": "Bundle"\n "entry": []}', 'line 2, character 2', 'not valid JSON: Expected \',\' or \'}\' after property value$'],
      ['{"resourceType": "Bundle",\n "entry": [}', 'input', 'not valid JSON: Unexpected token \'}\'$'],
      ['{"resourceType": "Bundle",\n "entry": [', 'input', 'not valid JSON: the input ends before the JSON does$'],
      [Buffer.from([0x7b, 0xff, 0x7d]), 'input', 'not UTF-8'],
    ];
    for (const [bundle, where, fragment] of cases) {
      const result = await readBundle(bundle);
      expect(result.errors.map(formatIngestError)).toEqual([expect.stringMatching(new RegExp(`^${where.replace(/[[\].]/g, '\\$&')}(, column [a-z_]+)?: .*${fragment}`))]);
      expect(result.rows).toEqual([]);
    }
  });

  it('refuses a bundle larger than it reads whole, without parsing it', async () => {
    const { parseBundleJson } = await import('./bundle-json.js');
    await expect(parseBundleJson(oneChunk(Buffer.from('{"resourceType":"Bundle","entry":[]}')), 16)).rejects.toThrow(/larger than .* MiB.*split it/);
  });

  it('gives ordinary errors, never a thrown failure, for random mutations of the sample (fuzz, seeded)', async () => {
    const original = await readFile(SAMPLE);
    const random = mulberry32(20);
    const structural = ['{', '}', '[', ']', '"', ',', ':', 'null', '0', '-1e309', '"x"', '{}', '[]', '\u00e9', '\\u0000'];
    for (let round = 0; round < 300; round++) {
      const bytes = Buffer.from(original);
      let text = bytes.toString('latin1');
      const mutations = 1 + Math.floor(random() * 4);
      for (let m = 0; m < mutations; m++) {
        const at = Math.floor(random() * text.length);
        const kind = random();
        if (kind < 0.3) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 20));
        else if (kind < 0.6) text = text.slice(0, at) + structural[Math.floor(random() * structural.length)] + text.slice(at);
        else if (kind < 0.8) text = text.slice(0, at) + String.fromCharCode(Math.floor(random() * 256)) + text.slice(at + 1);
        else text = text.slice(0, at);
      }
      const result = await readBundle(Buffer.from(text, 'latin1'));
      expect(result.errorCount > 0 || result.rows.length === result.rowCount).toBe(true);
      for (const error of result.errors) expect(typeof formatIngestError(error)).toBe('string');
    }
    // Mutations of the parsed bundle: values of other types in every element the reader looks at.
    const bundle = await sample();
    const oddValues: unknown[] = [null, 0, -1, 1.5, '', 'x', true, [], {}, [null], { coding: 'x' }, '2025-13-01', 1e309];
    for (let round = 0; round < 300; round++) {
      const mutated = structuredClone(bundle) as unknown as Record<string, unknown>;
      mutateSomewhere(mutated, random, oddValues);
      const result = await readBundle(JSON.stringify(mutated));
      for (const error of result.errors) expect(formatIngestError(error)).toMatch(/^(entry\[\d+\]|input|resourceType|entry)/);
    }
  });
});

/** Replaces one value, chosen at random, anywhere in the tree by a value of another type. */
function mutateSomewhere(tree: Record<string, unknown>, random: () => number, oddValues: readonly unknown[]): void {
  let node: Record<string, unknown> | unknown[] = tree;
  for (;;) {
    const keys: (string | number)[] = Array.isArray(node) ? node.map((_, k) => k) : Object.keys(node);
    if (keys.length === 0) return;
    const key = keys[Math.floor(random() * keys.length)];
    const child = (node as Record<string | number, unknown>)[key];
    if (typeof child === 'object' && child !== null && random() < 0.75) {
      node = child as Record<string, unknown>;
      continue;
    }
    (node as Record<string | number, unknown>)[key] = oddValues[Math.floor(random() * oddValues.length)];
    return;
  }
}

/** A small seeded generator, so that a failing round can be found again. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
