import { adjustedComparison, signalOf } from './adjusted-comparison.js';
import { type ModelClient, ModelClientsBuilder, type ProviderObservation } from './model-clients.js';

function observation(
  partial: Partial<ProviderObservation> & { clientId: string; session: number; value: number },
): ProviderObservation {
  return { phase: 'pre', site: null, therapist: 'T1', clinic: 'K1', condition: null, ...partial };
}

/** n clients spread round-robin over the therapists, with changes that are not a perfect fit. */
function clients(n: number, therapists: number): ModelClient[] {
  return Array.from({ length: n }, (_, i) => ({
    clientId: `c${i}`,
    therapist: `T${i % therapists}`,
    clinic: `K${i % 2}`,
    condition: i % 3 === 0 ? 'neck_pain' : 'unspecified',
    baseline: 300 + ((i * 37) % 50),
    lastSession: 2 + (i % 5),
    change: 10 + ((i * 53) % 17) - (i % therapists),
  }));
}

describe('ModelClientsBuilder', () => {
  it('keeps clients with a session-1 and a later pre value, site-averaged, with their session-1 columns', () => {
    const builder = new ModelClientsBuilder('all');
    const rows: ProviderObservation[] = [
      observation({
        clientId: 'a',
        session: 1,
        value: 100,
        site: 'left',
        therapist: 'T2',
        condition: 'neck_pain',
      }),
      observation({ clientId: 'a', session: 1, value: 110, site: 'right', therapist: 'T1' }),
      observation({ clientId: 'a', session: 1, value: 500, phase: 'post', site: 'left' }),
      observation({ clientId: 'a', session: 3, value: 120, site: 'left', therapist: 'T9' }),
      observation({ clientId: 'a', session: 6, value: 140, site: 'left', therapist: 'T9' }),
      observation({ clientId: 'a', session: 6, value: 150, site: 'right', therapist: 'T9' }),
      // Only session 1: out. Session 1 without therapist: in, with therapist null.
      observation({ clientId: 'b', session: 1, value: 100 }),
      observation({ clientId: 'c', session: 1, value: 100, therapist: null, clinic: 'K2' }),
      observation({ clientId: 'c', session: 2, value: 90 }),
      // No session-1 pre value: out.
      observation({ clientId: 'd', session: 2, value: 100 }),
      observation({ clientId: 'd', session: 3, value: 100 }),
    ];
    rows.forEach((row) => builder.add(row));
    expect(builder.build()).toEqual([
      {
        clientId: 'a',
        therapist: 'T1',
        clinic: 'K1',
        condition: 'neck_pain',
        baseline: 105,
        lastSession: 6,
        change: 40,
      },
      {
        clientId: 'c',
        therapist: null,
        clinic: 'K2',
        condition: 'unspecified',
        baseline: 100,
        lastSession: 2,
        change: -10,
      },
    ]);
  });

  it('uses only the named site when one is given', () => {
    const builder = new ModelClientsBuilder('left');
    builder.add(observation({ clientId: 'a', session: 1, value: 100, site: 'left' }));
    builder.add(observation({ clientId: 'a', session: 1, value: 200, site: 'right' }));
    builder.add(observation({ clientId: 'a', session: 2, value: 130, site: 'left' }));
    builder.add(observation({ clientId: 'a', session: 4, value: 999, site: 'right' }));
    expect(builder.build()).toMatchObject([{ baseline: 100, lastSession: 2, change: 30 }]);
  });
});

describe('adjustedComparison', () => {
  it('is null with fewer than 3 therapists or fewer than 10 clients', () => {
    expect(adjustedComparison(clients(40, 2), 'therapist')).toBeNull();
    expect(adjustedComparison(clients(9, 3), 'therapist')).toBeNull();
    expect(adjustedComparison(clients(40, 3), 'clinic')).toBeNull();
    expect(adjustedComparison(clients(10, 3), 'therapist')).not.toBeNull();
  });

  it('leaves out clients whose session-1 reading names no therapist', () => {
    const all = clients(30, 3);
    const withoutTherapist = all.map((client, i) => (i < 5 ? { ...client, therapist: null } : client));
    expect(adjustedComparison(withoutTherapist, 'therapist')?.nClients).toBe(25);
  });

  it('reports a term the data cannot estimate with nulls, as lme4 drops it (every client ends at session 6)', () => {
    const sameLength = clients(30, 3).map((client) => ({ ...client, lastSession: 6 }));
    const comparison = adjustedComparison(sameLength, 'therapist');
    expect(comparison?.fixedEffects.find((term) => term.term === 'sessions_c')).toEqual({
      term: 'sessions_c',
      estimate: null,
      se: null,
      df: null,
      t: null,
      p: null,
    });
    expect(comparison?.fixedEffects.find((term) => term.term === 'baseline_c')?.estimate).toEqual(
      expect.any(Number),
    );
  });

  it('names the signal from the interval', () => {
    expect(signalOf(0.1, 2)).toBe('above');
    expect(signalOf(-2, -0.1)).toBe('below');
    expect(signalOf(-1, 1)).toBe('within');
    expect(signalOf(0, 1)).toBe('within');
  });
});
