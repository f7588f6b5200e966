import { findMeasure, MEASURES, toCanonical } from './measures.js';

describe('measures table', () => {
  it('converts PPT units to kPa with the contract factors', () => {
    const ppt = MEASURES.ppt;
    expect(toCanonical(ppt, 1, 'kg/cm2')).toBe(98.0665);
    expect(toCanonical(ppt, 2, 'N/cm2')).toBe(20);
    expect(toCanonical(ppt, 1, 'lbf/in2')).toBe(6.894757);
    expect(toCanonical(ppt, 250, 'kPa')).toBe(250);
  });

  it('refuses a unit the measure does not accept', () => {
    expect(toCanonical(MEASURES.pain_nrs, 3, 'kPa')).toBeUndefined();
  });

  it('does not find inherited object keys as measures', () => {
    expect(findMeasure('constructor')).toBeUndefined();
    expect(findMeasure('toString')).toBeUndefined();
    expect(findMeasure('hdi')?.defaultMcid).toBe(29);
  });

  it('has a default MCID for PPT of 0.21 kg/cm2 in kPa, rounded as the contract gives it', () => {
    expect(MEASURES.ppt.defaultMcid).toBe(20.6);
    expect(MEASURES.headache_days.defaultMcid).toBeNull();
  });
});
