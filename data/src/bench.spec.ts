import { benchDataSet, generateBench, BENCH_COLUMNS, BENCH_TECHNIQUES } from './bench.js';
import { measurementKey } from './testing/collect.js';

describe('bench data set', () => {
  it('has exactly clients x sessions rows', () => {
    expect([...generateBench({ clients: 1000 })]).toHaveLength(12_000);
    expect([...generateBench({ clients: 7, sessions: 3 })]).toHaveLength(21);
    expect(benchDataSet().clientCount).toBe(100_000);
  });

  it('is PPT before each session, one reading at one site, in kPa, three techniques', () => {
    const rows = [...generateBench({ clients: 600 })];
    expect(new Set(rows.map((row) => row.measure))).toEqual(new Set(['ppt']));
    expect(new Set(rows.map((row) => row.phase))).toEqual(new Set(['pre']));
    expect(new Set(rows.map((row) => row.unit))).toEqual(new Set(['kPa']));
    expect(new Set(rows.map((row) => row.site)).size).toBe(1);
    expect(new Set(rows.map((row) => row.technique))).toEqual(new Set(BENCH_TECHNIQUES));
    expect(BENCH_COLUMNS).not.toContain('trial');
    expect(rows.filter((row) => !(row.value > 0 && row.value < 2000))).toEqual([]);
    expect(new Set(rows.map(measurementKey)).size).toBe(rows.length);
  });

  it('gives every client every session (no dropouts)', () => {
    const rows = [...generateBench({ clients: 50, sessions: 12 })];
    const perClient = new Map<string, number>();
    for (const row of rows) perClient.set(row.client_id, (perClient.get(row.client_id) ?? 0) + 1);
    expect(perClient.size).toBe(50);
    for (const count of perClient.values()) expect(count).toBe(12);
  });

  it('is deterministic', () => {
    expect([...generateBench({ clients: 20, seed: 4 })]).toEqual([
      ...generateBench({ clients: 20, seed: 4 }),
    ]);
    expect([...generateBench({ clients: 20, seed: 4 })]).not.toEqual([
      ...generateBench({ clients: 20, seed: 5 }),
    ]);
  });
});
