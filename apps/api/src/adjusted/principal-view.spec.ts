/**
 * principalView's rules on real fits (adjustedComparison) of seeded synthetic networks, for the
 * cases the practice demo data do not reach: a clinic too small to show, whose withheld effect the
 * others' would give away (the conditional modes sum to zero, checked here on the fit itself), and
 * a network whose clients outside the caller's clinics are too few for any comparison.
 */
import { adjustedComparison, type ModelClient } from '@threshold/stats';
import type { Principal } from '../auth/principal.js';
import { clinicClientsOf, principalView, unitClinicsOf } from './principal-view.js';

const MINIMUM = 11;

/** A deterministic generator (Park-Miller), so that the fits are the same on every run. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

/** `sizes[c]` clients in clinic `c` (names k0, k1, ...), each clinic with one therapist (t0, t1, ...) and an effect of its own. */
function network(sizes: number[], seed = 7): ModelClient[] {
  const random = generator(seed);
  const clients: ModelClient[] = [];
  sizes.forEach((size, c) => {
    const clinicEffect = 10 * (random() - 0.5);
    for (let i = 0; i < size; i++) {
      const baseline = 250 + 100 * random();
      clients.push({
        clientId: `c${c}-${i}`,
        therapist: `t${c}`,
        clinic: `k${c}`,
        condition: random() < 0.5 ? 'neck_pain' : 'low_back_pain',
        baseline,
        lastSession: 2 + Math.floor(6 * random()),
        change: 20 + clinicEffect - 0.05 * (baseline - 300) + 15 * (random() - 0.5),
      });
    }
  });
  return clients;
}

const owner = (clinics: string[]): Principal => ({
  name: 'owner@test',
  role: 'owner',
  clinicKeys: clinics,
  therapistKey: null,
});

describe('principalView', () => {
  it('withholds a small clinic and, since the effects sum to zero, the smallest other one with it', () => {
    const clients = network([30, 25, 22, 5]);
    const fit = adjustedComparison(clients, 'clinic');
    if (fit === null) throw new Error('no fit');
    expect(fit.singular).toBe(false);
    // The premise of rule 3: the conditional modes sum to zero (GLS intercept equation).
    const sum = fit.clinics.reduce((total, entry) => total + entry.effect, 0);
    const scale = Math.max(...fit.clinics.map((entry) => Math.abs(entry.effect)));
    expect(Math.abs(sum)).toBeLessThan(1e-8 * scale);

    const view = principalView(
      fit,
      'clinic',
      unitClinicsOf(clients, 'clinic'),
      clinicClientsOf(clients),
      owner(['k0']),
      MINIMUM,
    );
    expect(view.available).toBe(true);
    // k3 (5 clients) alone would be minus the sum of the others' effects: k2, the smallest shown, goes too.
    expect(view.entries.map((entry) => [entry.clinic, entry.anonymous, entry.nClients])).toEqual([
      ['k0', false, 30],
      [null, true, 25],
    ]);
    expect(view.withheld).toEqual({ entries: 2, clients: 27 });
  });

  it('shows an admin every entry by key, with its means', () => {
    const clients = network([30, 25, 22, 5]);
    const fit = adjustedComparison(clients, 'therapist');
    if (fit === null) throw new Error('no fit');
    const admin: Principal = { name: 'admin', role: 'admin', clinicKeys: [], therapistKey: null };
    const view = principalView(
      fit,
      'therapist',
      unitClinicsOf(clients, 'therapist'),
      clinicClientsOf(clients),
      admin,
      MINIMUM,
    );
    expect(view.entries.map((entry) => entry.therapist)).toEqual(['t0', 't1', 't2', 't3']);
    expect(view.entries.map((entry) => entry.observedMeanChange)).toEqual(
      fit.therapists.map((entry) => entry.observedMeanChange),
    );
    expect(view.withheld).toEqual({ entries: 0, clients: 0 });
  });

  it('gives no comparison to a caller whose clinics hold all but a few of the clients', () => {
    const clients = network([30, 25, 4]);
    const fit = adjustedComparison(clients, 'therapist');
    if (fit === null) throw new Error('no fit');
    const view = principalView(
      fit,
      'therapist',
      unitClinicsOf(clients, 'therapist'),
      clinicClientsOf(clients),
      owner(['k0', 'k1']),
      MINIMUM,
    );
    expect(view.available).toBe(false);
    expect(view.entries).toEqual([]);
  });
});
