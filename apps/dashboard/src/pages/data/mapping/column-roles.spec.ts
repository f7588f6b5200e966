import { guessRole, mappingFrom, rolesOf, siteCode } from './column-roles.js';

describe('the roles of a clinic sheet’s columns', () => {
  const headers = ['Client', 'Phone', 'Visit', 'Date', 'UT L pre', 'UT L post', 'Neck R post 2'];

  it('guesses the contract’s fields and a wide layout’s readings from the headers; a column it does not know is not read', () => {
    expect(headers.map(guessRole)).toEqual([
      { kind: 'field', field: 'client_id' },
      { kind: 'skip' },
      { kind: 'field', field: 'session' },
      { kind: 'field', field: 'session_date' },
      { kind: 'reading', site: 'upper_trapezius_left', phase: 'pre', trial: '' },
      { kind: 'reading', site: 'upper_trapezius_left', phase: 'post', trial: '' },
      { kind: 'reading', site: 'neck_right', phase: 'post', trial: '2' },
    ]);
    expect(siteCode('SO R')).toBe('suboccipital_right');
  });

  it('makes the mapping: columns, readings, and defaults only where no column gives the field', () => {
    const mapping = mappingFrom('Visits', headers, headers.map(guessRole), { measure: 'ppt', unit: 'kg/cm2', clinic_id: ' clinic-north ', technique: '' });
    expect(mapping).toEqual({
      sheet: 'Visits',
      columns: { client_id: 'Client', session: 'Visit', session_date: 'Date' },
      values: { measure: 'ppt', unit: 'kg/cm2', clinic_id: 'clinic-north' },
      readings: [
        { column: 'UT L pre', site: 'upper_trapezius_left', phase: 'pre' },
        { column: 'UT L post', site: 'upper_trapezius_left', phase: 'post' },
        { column: 'Neck R post 2', site: 'neck_right', phase: 'post', trial: 2 },
      ],
    });
    // A saved mapping edits as it was made.
    const again = rolesOf(mapping, headers);
    expect(mappingFrom('Visits', headers, again.roles, again.defaults)).toEqual(mapping);
  });
});
