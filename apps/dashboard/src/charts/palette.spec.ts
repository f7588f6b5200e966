import { GROUP_COLOURS, groupScale, OKABE_ITO } from './palette.js';

describe('group colours keyed by name', () => {
  it('gives a technique the same colour whatever else is in the list', () => {
    // The admin sees six techniques, an owner two of them: Swedish must not change colour.
    const admin = groupScale(['deep_tissue', 'myofascial_release', 'sham_ultrasound', 'swedish', 'trigger_point_release', 'waitlist']);
    const owner = groupScale(['swedish', 'trigger_point_release']);
    for (const technique of ['swedish', 'trigger_point_release']) {
      expect(owner.colourOf(technique)).toBe(admin.colourOf(technique));
      expect(owner.symbolOf(technique)).toBe(admin.symbolOf(technique));
    }
  });

  it('gives the known techniques distinct colours', () => {
    const known = ['trigger_point_release', 'deep_tissue', 'swedish', 'myofascial_release', 'sham_ultrasound', 'waitlist'];
    const colours = groupScale(known).range;
    expect(new Set(colours).size).toBe(known.length);
    expect(groupScale(['trigger_point_release']).colourOf('trigger_point_release')).toBe(OKABE_ITO.blue);
  });

  it('keys any other name by its characters, never by its position', () => {
    const a = groupScale(['k01', 'zzz', 'neck_pain']);
    const b = groupScale(['neck_pain']);
    expect(b.colourOf('neck_pain')).toBe(a.colourOf('neck_pain'));
    expect(GROUP_COLOURS).toContain(a.colourOf('zzz'));
    // Unknown names never take the black kept for "all clients" nor the faint yellow.
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'therapist 7', 'k99'])
      expect([OKABE_ITO.black, OKABE_ITO.yellow]).not.toContain(a.colourOf(name));
  });
});
