import {
  EMPTY_FILTERS,
  filtersToApiQuery,
  narrowsCohort,
  parseViewState,
  serializeViewState,
  withFilters,
  withOption,
} from './url-state.js';

describe('URL state', () => {
  it('reads filters and page options from a query string', () => {
    const view = parseViewState(
      '?measure=pain_nrs&site=upper_trapezius_left&technique=swedish,deep_tissue&clinic=k04&from=2024-01-01&to=2024-06-30&mcid=25&session=8',
    );
    expect(view.filters).toEqual({
      measure: 'pain_nrs',
      site: 'upper_trapezius_left',
      condition: [],
      technique: ['deep_tissue', 'swedish'],
      clinic: ['k04'],
      therapist: [],
      from: '2024-01-01',
      to: '2024-06-30',
    });
    expect(view.options).toEqual({ mcid: '25', session: '8' });
  });

  it('accepts repeated parameters and removes duplicates', () => {
    expect(parseViewState('technique=swedish&technique=deep_tissue,swedish').filters.technique).toEqual([
      'deep_tissue',
      'swedish',
    ]);
  });

  it('drops values that cannot be valid instead of sending them to the API', () => {
    const view = parseViewState(
      '?measure=ppt%20or%201=1&from=2024-02-31&to=yesterday&technique=<script>,swedish&session=1;drop&site=all',
    );
    expect(view.filters.measure).toBeUndefined();
    expect(view.filters.from).toBeUndefined();
    expect(view.filters.to).toBeUndefined();
    expect(view.filters.technique).toEqual(['swedish']);
    expect(view.filters.site).toBeUndefined();
    expect(view.options).toEqual({});
  });

  it('writes a short, stable, readable query string that reads back to the same view', () => {
    const view = withOption(
      withFilters(parseViewState(''), {
        measure: 'ppt',
        technique: ['swedish', 'deep_tissue'],
        therapist: ['0123456789abcdef0123456789abcdef'],
        to: '2025-01-31',
      }),
      'session',
      '12',
    );
    const query = serializeViewState(view);
    expect(query).toBe(
      'measure=ppt&technique=deep_tissue,swedish&therapist=0123456789abcdef0123456789abcdef&to=2025-01-31&session=12',
    );
    const read = parseViewState(query);
    expect(serializeViewState(read)).toBe(query);
    expect(read.filters.technique).toEqual(['deep_tissue', 'swedish']);
    expect(read.options).toEqual({ session: '12' });
    expect(serializeViewState(parseViewState(''))).toBe('');
  });

  it('turns filters into the API’s query parameters, comma-separating lists', () => {
    const view = parseViewState('measure=ppt&technique=swedish,deep_tissue&therapist=t001&from=2024-01-01');
    expect(filtersToApiQuery(view.filters).toString()).toBe(
      'measure=ppt&technique=deep_tissue%2Cswedish&therapist=t001&from=2024-01-01',
    );
    expect(filtersToApiQuery(view.filters, ['therapist']).has('therapist')).toBe(false);
  });

  it('tells whether a view narrows the cohort (measure and site do not)', () => {
    expect(narrowsCohort({ ...EMPTY_FILTERS, measure: 'ppt', site: 'suboccipital_left' })).toBe(false);
    expect(narrowsCohort({ ...EMPTY_FILTERS, condition: ['neck_pain'] })).toBe(true);
    expect(narrowsCohort({ ...EMPTY_FILTERS, from: '2024-01-01' })).toBe(true);
  });

  it('removes an option set to nothing', () => {
    const view = withOption(parseViewState('mcid=30'), 'mcid', undefined);
    expect(view.options).toEqual({});
  });
});
