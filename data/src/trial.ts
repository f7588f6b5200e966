/**
 * A data set shaped like the trial the product is built around:
 *
 *   Moraska AF, Schmiege SJ, Mann JD, Butryn N, Krutsch JP. Responsiveness of myofascial trigger
 *   points to single and multiple trigger point release massages: a randomized, placebo controlled
 *   trial. Am J Phys Med Rehabil 2017;96(9):639-645. doi:10.1097/PHM.0000000000000728
 *
 * 62 adults with tension-type headache randomised to trigger-point release massage, sham
 * (detuned) ultrasound or wait-list; 12 twice-weekly sessions over 6 weeks; pressure-pain threshold
 * (PPT) at four trigger points (left and right upper trapezius and suboccipital) before and after
 * sessions 1 and 12; headache diary. The published result: PPT rose within session 1, accumulated
 * over the 6 weeks and rose again within session 12 for massage, but not for sham or wait-list.
 *
 * Choices this generator makes (the paper does not give every number):
 * - Arm sizes: 62 split 21 / 21 / 20 (massage / sham / wait-list); `perArm` makes N per arm.
 *   Clients are numbered in enrolment order and arms are allocated by a shuffled list, so ids say
 *   nothing about the arm.
 * - PPT model, in kPa: person level ~ N(300, 70) (baseline 250-350 kPa, between-person SD ~70);
 *   upper trapezius 25 kPa above and suboccipital 25 kPa below it; person-by-site deviation SD 25;
 *   reading error SD 20 (algometer test-retest). Within-session rise: massage ~20 kPa (person SD 12),
 *   sham ~4 kPa; across sessions by session 12: massage ~35 kPa (person SD 20), sham ~8 kPa,
 *   wait-list ~0. These sit with the meta-analytic 28.4 kPa (95% CI 10.8 to 46.0) gain in upper
 *   trapezius PPT after manual therapy (Geri et al., J Clin Med 2022;11:7243) and above the
 *   ~21 kPa MCID (Somphithak et al., PeerJ 2025).
 * - Wait-list clients get no treatment, so they have only `pre` readings, taken at the visits that
 *   correspond to sessions 1 and 12.
 * - Headache days per 4 weeks: baseline ~ N(14, 5) in 4..28, recorded at session 1 (the 4-week
 *   baseline diary) and at session 12 (the diary of the last 4 weeks), both as phase `pre`; change
 *   massage -4.5, sham -3.5, wait-list -1 (both active arms improved in the parent trial, Moraska
 *   et al., Clin J Pain 2015;31(2):159-168).
 * - Dropouts: each client leaves before session 12 with probability 0.1 (the parent trial analysed
 *   56 of 62); a dropout has session 1 data only.
 * - Follow-up (contract 1.1; the trial itself stopped at session 12): of the clients who reached
 *   session 12, 80% come back once, 4 to 6 weeks later (session 13, phase `followup`), for PPT at
 *   the four sites. A client keeps a share of their gain ~ N(0.7, 0.3) (effects of manual therapy
 *   fade over weeks). These draws come from a stream of their own, so every other row is as it
 *   was before follow-ups were added.
 */
import { createRng } from './rng.js';
import { participantKey } from './ids.js';
import { dayNumber, isoDate } from './calendar.js';
import { clamp } from './numeric.js';
import { pptReading, type PptUnit } from './units.js';
import type { ColumnName, GeneratedDataSet, MeasurementRow, Phase } from './rows.js';
import { rowsOf } from './rows.js';

export const TRIAL_ARMS = ['trigger_point_release', 'sham_ultrasound', 'waitlist'] as const;
export type TrialArm = (typeof TRIAL_ARMS)[number];

export const TRIAL_SITES = [
  'upper_trapezius_left',
  'upper_trapezius_right',
  'suboccipital_left',
  'suboccipital_right',
] as const;

/** Share of the clients who reached session 12 that come back for the follow-up visit. */
export const TRIAL_FOLLOWUP_RATE = 0.8;

/** The trial measured PPT at the first and the last of its 12 sessions. */
export const TRIAL_MEASURED_SESSIONS = [1, 12] as const;
export const TRIAL_SESSION_COUNT = 12;

/** Published allocation of the 62 participants (evenly as possible; the paper reports n = 62). */
export const TRIAL_DEFAULT_ARM_SIZES: Readonly<Record<TrialArm, number>> = {
  trigger_point_release: 21,
  sham_ultrasound: 21,
  waitlist: 20,
};

export interface TrialOptions {
  seed?: number;
  /** Clients per arm; omitted: the published 62 (21 / 21 / 20). */
  perArm?: number;
  /** Unit the algometer reads: kPa (default) or kg/cm2. */
  unit?: Extract<PptUnit, 'kPa' | 'kg/cm2'>;
  /** Probability of leaving before session 12. */
  dropoutRate?: number;
  /** First day of enrolment, ISO date. */
  enrolmentStart?: string;
}

export const TRIAL_COLUMNS: readonly ColumnName[] = [
  'client_id',
  'condition',
  'technique',
  'session',
  'session_date',
  'phase',
  'measure',
  'site',
  'value',
  'unit',
];

interface ArmEffects {
  /** Mean and between-person SD of the rise from pre to post within a treated session, kPa. */
  immediateMean: number;
  immediateSd: number;
  /** Mean and between-person SD of the gain in pre values from session 1 to session 12, kPa. */
  cumulativeMean: number;
  cumulativeSd: number;
  /** Mean change in headache days per 4 weeks from baseline to the end. */
  headacheDaysChange: number;
  treated: boolean;
}

const ARM_EFFECTS: Readonly<Record<TrialArm, ArmEffects>> = {
  trigger_point_release: {
    immediateMean: 20,
    immediateSd: 12,
    cumulativeMean: 35,
    cumulativeSd: 20,
    headacheDaysChange: -4.5,
    treated: true,
  },
  sham_ultrasound: {
    immediateMean: 4,
    immediateSd: 8,
    cumulativeMean: 8,
    cumulativeSd: 18,
    headacheDaysChange: -3.5,
    treated: true,
  },
  waitlist: {
    immediateMean: 0,
    immediateSd: 0,
    cumulativeMean: 0,
    cumulativeSd: 15,
    headacheDaysChange: -1,
    treated: false,
  },
};

const PERSON_MEAN_KPA = 300;
const PERSON_SD_KPA = 70;
const SITE_OFFSET_KPA: Readonly<Record<(typeof TRIAL_SITES)[number], number>> = {
  upper_trapezius_left: 25,
  upper_trapezius_right: 25,
  suboccipital_left: -25,
  suboccipital_right: -25,
};
const PERSON_SITE_SD_KPA = 25;
const READING_SD_KPA = 20;
/** Lowest true threshold the model allows; trigger points are tender, not anaesthetic-free. */
const FLOOR_KPA = 60;

/** Day offset of session k (1-based) from session 1: two sessions a week, e.g. Monday and Thursday. */
export function trialSessionDay(session: number): number {
  const index = session - 1;
  return Math.floor(index / 2) * 7 + (index % 2) * 3;
}

function armAllocation(options: TrialOptions, seed: number): TrialArm[] {
  const sizes =
    options.perArm === undefined
      ? TRIAL_DEFAULT_ARM_SIZES
      : { trigger_point_release: options.perArm, sham_ultrasound: options.perArm, waitlist: options.perArm };
  const list: TrialArm[] = [];
  for (const arm of TRIAL_ARMS) for (let i = 0; i < sizes[arm]; i++) list.push(arm);
  return createRng(seed, 'trial/allocation').shuffled(list);
}

function validate(options: TrialOptions): void {
  if (options.perArm !== undefined && (!Number.isInteger(options.perArm) || options.perArm < 1)) {
    throw new RangeError(`perArm must be a positive integer, got ${options.perArm}`);
  }
  if (options.dropoutRate !== undefined && !(options.dropoutRate >= 0 && options.dropoutRate <= 1)) {
    throw new RangeError(`dropoutRate must be between 0 and 1, got ${options.dropoutRate}`);
  }
  if (options.unit !== undefined && options.unit !== 'kPa' && options.unit !== 'kg/cm2') {
    throw new RangeError(`unit must be kPa or kg/cm2, got ${String(options.unit)}`);
  }
}

/** The trial-shaped data set (see the module comment for the model). */
export function trialDataSet(options: TrialOptions = {}): GeneratedDataSet {
  validate(options);
  const seed = options.seed ?? 1;
  const unit = options.unit ?? 'kPa';
  const dropoutRate = options.dropoutRate ?? 0.1;
  const enrolmentStart = dayNumber(options.enrolmentStart ?? '2013-01-07');
  const arms = armAllocation(options, seed);

  function* clients(): Generator<MeasurementRow[]> {
    // Enrolment spreads over about 18 months; days are drawn in one stream and sorted so that
    // client numbers follow enrolment order.
    const enrolRng = createRng(seed, 'trial/enrolment');
    const firstDays = arms.map(() => enrolmentStart + enrolRng.integer(0, 540)).sort((x, y) => x - y);

    for (let index = 0; index < arms.length; index++) {
      const arm = arms[index];
      const effects = ARM_EFFECTS[arm];
      const rng = createRng(seed, `trial/client/${index + 1}`);
      const clientId = participantKey(index + 1);
      const rows: MeasurementRow[] = [];

      const personLevel = rng.normal(PERSON_MEAN_KPA, PERSON_SD_KPA);
      const siteLevel = TRIAL_SITES.map(
        (site) => personLevel + SITE_OFFSET_KPA[site] + rng.normal(0, PERSON_SITE_SD_KPA),
      );
      const gainBySession12 = rng.normal(effects.cumulativeMean, effects.cumulativeSd);
      const immediate = [
        rng.normal(effects.immediateMean, effects.immediateSd),
        rng.normal(effects.immediateMean, effects.immediateSd),
      ];
      const droppedOut = rng.chance(dropoutRate);
      const baselineHeadacheDays = Math.round(clamp(rng.normal(14, 5), 4, 28));
      const endHeadacheDays = Math.round(
        clamp(baselineHeadacheDays + rng.normal(effects.headacheDaysChange, 3.5), 0, 28),
      );

      const add = (
        session: number,
        phase: Phase,
        measure: string,
        value: number,
        rowUnit: string,
        site?: string,
      ) => {
        const row: MeasurementRow = {
          client_id: clientId,
          condition: 'tension_type_headache',
          technique: arm,
          session,
          session_date: isoDate(firstDays[index] + trialSessionDay(session)),
          phase,
          measure,
          value,
          unit: rowUnit,
        };
        if (site !== undefined) row.site = site;
        rows.push(row);
      };

      TRIAL_MEASURED_SESSIONS.forEach((session, visit) => {
        if (session === 12 && droppedOut) return;
        const gain = session === 12 ? gainBySession12 : 0;
        add(session, 'pre', 'headache_days', session === 1 ? baselineHeadacheDays : endHeadacheDays, 'days');
        const phases: Phase[] = effects.treated ? ['pre', 'post'] : ['pre'];
        for (const phase of phases) {
          const rise = phase === 'post' ? immediate[visit] : 0;
          TRIAL_SITES.forEach((site, s) => {
            const trueKPa = Math.max(FLOOR_KPA, siteLevel[s] + gain + rise);
            add(session, phase, 'ppt', pptReading(trueKPa + rng.normal(0, READING_SD_KPA), unit), unit, site);
          });
        }
      });

      const followRng = createRng(seed, `trial/client/${index + 1}/followup`);
      if (!droppedOut && followRng.chance(TRIAL_FOLLOWUP_RATE)) {
        const retained = gainBySession12 * followRng.normal(0.7, 0.3);
        const day = firstDays[index] + trialSessionDay(TRIAL_SESSION_COUNT) + followRng.integer(28, 42);
        TRIAL_SITES.forEach((site, s) => {
          const trueKPa = Math.max(FLOOR_KPA, siteLevel[s] + retained);
          rows.push({
            client_id: clientId,
            condition: 'tension_type_headache',
            technique: arm,
            session: TRIAL_SESSION_COUNT + 1,
            session_date: isoDate(day),
            phase: 'followup',
            measure: 'ppt',
            site,
            value: pptReading(trueKPa + followRng.normal(0, READING_SD_KPA), unit),
            unit,
          });
        });
      }
      yield rows;
    }
  }

  return { name: 'trial', columns: TRIAL_COLUMNS, clientCount: arms.length, clients };
}

/** The trial-shaped rows, one plain object per measurement. */
export function generateTrial(options: TrialOptions = {}): Generator<MeasurementRow> {
  return rowsOf(trialDataSet(options));
}
