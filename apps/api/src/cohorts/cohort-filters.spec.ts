import { BadRequestException, ForbiddenException } from '@nestjs/common';
import type { Principal } from '../auth/principal.js';
import { Pseudonymizer } from '../pseudonyms/pseudonymizer.js';
import { COHORT_FILTER_PARAMETERS, parseCohortFilters, scopeToPrincipal } from './cohort-filters.js';
import { QueryParameters, type RawQuery } from './query-parameters.js';

const pseudonymizer = new Pseudonymizer('a-deployment-secret-of-some-length');
const parse = (query: RawQuery, defaultMeasure?: string) =>
  parseCohortFilters(new QueryParameters(query, COHORT_FILTER_PARAMETERS), pseudonymizer, { defaultMeasure });

describe('parseCohortFilters', () => {
  it('reads lists comma-separated or repeated, in one order whatever the order given', () => {
    const a = parse({
      technique: 'swedish, deep_tissue',
      condition: ['neck_pain', 'low_back_pain,neck_pain'],
    });
    const b = parse({ technique: ['deep_tissue', 'swedish'], condition: 'low_back_pain,neck_pain,' });
    expect(a).toEqual(b);
    expect(a).toMatchObject({
      techniques: ['deep_tissue', 'swedish'],
      conditions: ['low_back_pain', 'neck_pain'],
    });
  });

  it('hashes clinic and therapist ids, and keeps stored keys as they are', () => {
    const stored = pseudonymizer.key('clinic', 'k02');
    expect(parse({ clinic: `k02,${stored}` }).clinics).toEqual([stored]);
    expect(parse({ therapist: 't008' }).therapists).toEqual([pseudonymizer.key('therapist', 't008')]);
  });

  it('takes text in any script, surrogate pairs included', () => {
    expect(parse({ technique: 'shiatsu 指圧 🤲' }).techniques).toEqual(['shiatsu 指圧 🤲']);
  });

  it('takes site=all and empty values as no filter, and applies the default measure', () => {
    expect(parse({ site: 'all', technique: '', from: '' }, 'ppt')).toEqual({
      measure: 'ppt',
      conditions: [],
      techniques: [],
      clinics: [],
      therapists: [],
    });
    expect(parse({})).toEqual({ conditions: [], techniques: [], clinics: [], therapists: [] });
  });

  it.each<[RawQuery, RegExp]>([
    [{ measure: 'weight' }, /unknown measure "weight"/],
    [{ from: '2024-13-01' }, /from must be a date written yyyy-mm-dd/],
    [{ to: '2024-1-1' }, /to must be a date/],
    [{ from: '2024-02-02', to: '2024-02-01' }, /is after to/],
    [{ site: ['a', 'b'] }, /give site once/],
    [{ sites: 'a' }, /unknown query parameter "sites"/],
    [{ technique: { a: 'b' } }, /technique must be plain text/],
    [{ technique: 'swedish\u0000' }, /^technique must not contain a NUL character/],
    [{ site: 'a\u0000b' }, /^site must not contain a NUL character/],
    [{ clinic: ['k01', '\u0000'] }, /^clinic must not contain a NUL character/],
    [{ therapist: '\ud800' }, /^therapist must not contain an unpaired UTF-16 surrogate/],
    [{ condition: 'neck_pain,\udc00x' }, /^condition must not contain an unpaired UTF-16 surrogate/],
  ])('refuses %j', (query, message) => {
    expect(() => parse(query)).toThrow(BadRequestException);
    expect(() => parse(query)).toThrow(message);
  });
});

describe('scopeToPrincipal', () => {
  const filters = parse({});
  const owner = (clinics: string[]): Principal => ({
    name: 'o@example.org',
    role: 'owner',
    clinicKeys: clinics,
    therapistKey: null,
  });

  it('leaves the filters of a user without clinics (admin) as they are', () => {
    expect(scopeToPrincipal(filters, owner([]))).toBe(filters);
  });

  it("restricts a user's cohort to their clinics", () => {
    expect(scopeToPrincipal(filters, owner(['b', 'a'])).clinics).toEqual(['a', 'b']);
    expect(scopeToPrincipal({ ...filters, clinics: ['a'] }, owner(['a', 'b'])).clinics).toEqual(['a']);
  });

  it('refuses a clinic that is not theirs', () => {
    expect(() => scopeToPrincipal({ ...filters, clinics: ['a', 'c'] }, owner(['a']))).toThrow(
      ForbiddenException,
    );
  });
});
