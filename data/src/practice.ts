/**
 * Multi-clinic practice data at any size: what clinic records look like once the trial's rigour is
 * removed (design.md). Clinics own therapists; therapists favour some techniques; each clinic's
 * algometer reads in its own unit, with its own small calibration error; clients come for uneven
 * courses, skip weeks, drop out, and are measured fully at the first session but only sometimes
 * afterwards.
 *
 * Model of a client's true pressure-pain threshold at site s, session k (kPa):
 *
 *   muscle baseline(s) + clinic offset + client intercept + client-by-site deviation
 *     + (technique slope + therapist slope effect + client slope deviation) * (k - 1)
 *     + day-to-day variation
 *
 * with client intercept ~ N(0, 70) and client slope deviation ~ N(0, 1.5) per session (random
 * intercepts and slopes, as the report's mixed model assumes), clinic offset ~ N(0, 20), therapist
 * slope effect ~ N(0, 0.6), client-by-site ~ N(0, 20), day-to-day ~ N(0, 12). A `post` value adds
 * the within-session rise (technique + therapist ~ N(0, 4) + client ~ N(0, 8) + session ~ N(0, 6)).
 * Each reading adds algometer error ~ N(0, 18) and the clinic's calibration factor ~ N(1, 0.03),
 * and is shown in the clinic's unit at the device's resolution.
 *
 * Follow-up (contract 1.1): 35% of the clients who finish their planned course, and 10% of those
 * who leave early, come back once 4 to 16 weeks after their last session, without treatment
 * (phase `followup`, session = last session + 1): PPT at the same sites and pain NRS. They keep a
 * share ~ N(0.7, 0.3) of the change their course brought. These draws come from a stream of the
 * client's own (`practice/client/<n>/followup`), so all other rows are as they were without them.
 *
 * Every client draws from its own random stream (`practice/client/<n>`) and the clinic structure
 * from `practice/structure/<clinics>`, so a client's data does not depend on how many clients
 * follow it, and rows are made one client at a time: memory does not grow with the client count.
 */
import { createRng, type Rng } from './rng.js';
import { clientKey, clinicKey, therapistKey } from './ids.js';
import { dayNumber, isoDate } from './calendar.js';
import { clamp } from './numeric.js';
import { PPT_UNITS, pptReading, plausibleRange, type PptUnit } from './units.js';
import {
  CONDITIONS,
  CONDITION_PROFILES,
  COURSE_LENGTHS,
  COURSE_LENGTH_WEIGHTS,
  TECHNIQUES,
  TECHNIQUE_EFFECTS,
  siteBaselineKPa,
  type Condition,
  type Technique,
} from './practice-catalogue.js';
import {
  COLUMN_ORDER,
  rowsOf,
  type ColumnName,
  type GeneratedDataSet,
  type MeasurementRow,
  type Phase,
} from './rows.js';

export interface PracticeOptions {
  seed?: number;
  clients?: number;
  /** Number of clinics; omitted: grows with the square root of the client count (3 to 250). */
  clinics?: number;
  /**
   * Number of therapists in all, shared out among the clinics (at least one each); omitted: each
   * clinic has 2 to 8 (about 5 per clinic). The clinics' other properties do not depend on the total.
   */
  therapists?: number;
  /** Earliest date a clinic's records start, ISO date. */
  startDate?: string;
}

export const PRACTICE_COLUMNS: readonly ColumnName[] = COLUMN_ORDER;

export interface PracticeTherapist {
  readonly id: string;
  readonly techniques: readonly Technique[];
  /** Preference for each of `techniques`. */
  readonly techniqueWeights: readonly number[];
  readonly slopeEffectKPa: number;
  readonly immediateEffectKPa: number;
}

export interface PracticeClinic {
  readonly id: string;
  /** Unit the clinic's algometer reads in. */
  readonly unit: PptUnit;
  /** Calibration factor of the clinic's algometer (1 = exact). */
  readonly calibration: number;
  readonly offsetKPa: number;
  /** Readings taken at each site (1 to 3), each recorded with its `trial` number. */
  readonly readingsPerSite: number;
  /** Sites measured per session: the bilateral pair (2) or all four for the condition. */
  readonly sitesMeasured: 2 | 4;
  /** Probability that a session after the first is measured at all. */
  readonly followUpRate: number;
  /** Probability that a measured session is also measured after treatment. */
  readonly postRate: number;
  /** Whether headache clients fill in the Headache Disability Inventory. */
  readonly usesHdi: boolean;
  readonly firstDay: number;
  readonly sizeWeight: number;
  readonly conditionWeights: readonly number[];
  readonly therapists: readonly PracticeTherapist[];
  readonly therapistWeights: readonly number[];
}

/** Default clinic count: about sqrt(clients) / 6, at least 3 and at most 250 (8 for 2,000 clients, 53 for 100,000). */
export function defaultClinicCount(clients: number): number {
  return clamp(Math.ceil(Math.sqrt(clients) / 6), 3, 250);
}

/**
 * `total` therapists shared out among `clinicCount` clinics: one each, the rest in proportion to
 * weights drawn from their own stream (largest remainders).
 */
export function therapistCounts(seed: number, clinicCount: number, total: number): number[] {
  if (!Number.isInteger(total) || total < clinicCount)
    throw new RangeError(`therapists must be an integer of at least one per clinic (${clinicCount}), got ${total}`);
  const rng = createRng(seed, `practice/therapists/${clinicCount}/${total}`);
  const weights = Array.from({ length: clinicCount }, () => rng.between(0.5, 1.5));
  const sum = weights.reduce((a, b) => a + b, 0);
  const shares = weights.map((w) => ((total - clinicCount) * w) / sum);
  const counts = shares.map((share) => 1 + Math.floor(share));
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = shares.map((share, i) => ({ i, rest: share - Math.floor(share) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    counts[i]++;
    left--;
  }
  return counts;
}

/** The clinics and their therapists for a seed; the same for any number of clients. */
export function practiceClinics(
  seed: number,
  clinicCount: number,
  startDate = '2022-01-03',
  therapists?: number,
): PracticeClinic[] {
  const counts = therapists === undefined ? null : therapistCounts(seed, clinicCount, therapists);
  const rng = createRng(seed, `practice/structure/${clinicCount}`);
  const start = dayNumber(startDate);
  // Units go round the clinics from a random starting point, so any 4 or more clinics use all four.
  const unitOffset = rng.integer(0, PPT_UNITS.length - 1);
  const clinics: PracticeClinic[] = [];
  let therapistSerial = 0;
  for (let c = 0; c < clinicCount; c++) {
    // Drawn with a total too, so that a clinic's draws are in the same order either way.
    const drawnCount = rng.integer(2, 8);
    const therapistCount = counts === null ? drawnCount : counts[c];
    // With a total, the therapists come from a stream of their own: the total then moves none of
    // the clinics' other draws.
    const therapistRng =
      counts === null ? rng : createRng(seed, `practice/therapists/${clinicCount}/${therapists}/clinic/${c + 1}`);
    const staff: PracticeTherapist[] = [];
    for (let t = 0; t < therapistCount; t++) {
      therapistSerial++;
      const techniques = therapistRng.shuffled(TECHNIQUES).slice(0, therapistRng.integer(1, 3));
      staff.push({
        id: therapistKey(therapistSerial),
        techniques,
        techniqueWeights: techniques.map((_, i) => (i === 0 ? 3 : 1)),
        slopeEffectKPa: therapistRng.normal(0, 0.6),
        immediateEffectKPa: therapistRng.normal(0, 4),
      });
    }
    clinics.push({
      id: clinicKey(c + 1),
      unit: PPT_UNITS[(c + unitOffset) % PPT_UNITS.length],
      calibration: rng.normal(1, 0.03),
      offsetKPa: rng.normal(0, 20),
      readingsPerSite: rng.weightedPick([1, 2, 3], [75, 10, 15]),
      sitesMeasured: rng.chance(0.8) ? 2 : 4,
      followUpRate: rng.between(0.2, 0.5),
      postRate: rng.between(0.1, 0.5),
      usesHdi: rng.chance(0.35),
      firstDay: start + rng.integer(0, 365),
      sizeWeight: rng.between(0.3, 2),
      conditionWeights: CONDITIONS.map(
        (condition) => CONDITION_PROFILES[condition].caseloadWeight * rng.between(0.4, 1.6),
      ),
      therapists: staff,
      therapistWeights: staff.map(() => therapistRng.between(0.5, 1.5)),
    });
  }
  return clinics;
}

/** One client's attended sessions: session number and day. */
interface Visit {
  session: number;
  day: number;
}

/** Share of the clients who come back for a follow-up visit: after finishing the course, after leaving early. */
export const PRACTICE_FOLLOWUP_RATE = { completed: 0.35, leftEarly: 0.1 } as const;

function drawVisits(rng: Rng, firstDay: number): { visits: Visit[]; completed: boolean } {
  const planned = rng.weightedPick(COURSE_LENGTHS, COURSE_LENGTH_WEIGHTS);
  const visits: Visit[] = [{ session: 1, day: firstDay }];
  let day = firstDay;
  for (let session = 2; session <= planned; session++) {
    if (rng.chance(0.05)) break; // dropout: about 5% leave at each session, before their plan ends
    // Mostly weekly-ish; sometimes weeks are skipped (holidays, cancellations).
    day += rng.chance(0.12) ? rng.integer(14, 35) : rng.integer(3, 10);
    visits.push({ session, day });
  }
  return { visits, completed: visits.length === planned };
}

function technique(rng: Rng, therapist: PracticeTherapist, condition: Condition): Technique {
  const suitability = CONDITION_PROFILES[condition].techniqueSuitability;
  const weights = therapist.techniques.map((t, i) => therapist.techniqueWeights[i] * suitability[t]);
  return rng.weightedPick(therapist.techniques, weights);
}

function wholeNumberIn(x: number, min: number, max: number): number {
  return Math.round(clamp(x, min, max));
}

/** HDI totals are sums of 25 items scored 0, 2 or 4, so they are even numbers from 0 to 100. */
function hdiScore(x: number): number {
  const { min, max } = plausibleRange('hdi');
  return 2 * Math.round(clamp(x, min, max) / 2);
}

function clientRows(
  seed: number,
  serial: number,
  clinics: readonly PracticeClinic[],
  clinicWeights: readonly number[],
): MeasurementRow[] {
  const rng = createRng(seed, `practice/client/${serial}`);
  const clinic = rng.weightedPick(clinics, clinicWeights);
  const therapist = rng.weightedPick(clinic.therapists, clinic.therapistWeights);
  const condition = rng.weightedPick(CONDITIONS, clinic.conditionWeights);
  const profile = CONDITION_PROFILES[condition];
  const chosenTechnique = technique(rng, therapist, condition);
  const effect = TECHNIQUE_EFFECTS[chosenTechnique];

  const { visits, completed } = drawVisits(rng, clinic.firstDay + rng.integer(0, 730));
  const last = visits[visits.length - 1];
  // Session 1 is always measured (the baseline); later ones sometimes, the last one more often.
  const measured = visits.filter(
    (visit) =>
      visit.session === 1 ||
      rng.chance(visit === last ? Math.min(1, clinic.followUpRate + 0.3) : clinic.followUpRate),
  );
  const sites = profile.sites.slice(0, clinic.sitesMeasured);

  const intercept = clinic.offsetKPa + rng.normal(0, 70);
  const siteLevels = sites.map((site) => siteBaselineKPa(site) + intercept + rng.normal(0, 20));
  const slope = effect.pptSlopePerSession + therapist.slopeEffectKPa + rng.normal(0, 1.5);
  const immediate = effect.pptImmediate + therapist.immediateEffectKPa + rng.normal(0, 8);

  const pain = plausibleRange('pain_nrs');
  const painBaseline = clamp(rng.normal(profile.painMean, 1.6), 1, pain.max);
  const painSlope = Math.max(0, effect.painSlopePerSession + rng.normal(0, 0.1));

  const headacheDays = plausibleRange('headache_days');
  const headacheBaseline = wholeNumberIn(rng.normal(12, 5), 2, headacheDays.max);
  const headacheEnd = wholeNumberIn(
    headacheBaseline * (1 - effect.headacheDaysReduction) + rng.normal(0, 2.5),
    headacheDays.min,
    headacheDays.max,
  );
  const hdiBaseline = hdiScore(rng.normal(42, 14));
  const hdiEnd = hdiScore(hdiBaseline + effect.hdiChange + rng.normal(0, 10));

  const clientId = clientKey(serial);
  const rows: MeasurementRow[] = [];
  const common = {
    client_id: clientId,
    clinic_id: clinic.id,
    therapist_id: therapist.id,
    condition,
    technique: chosenTechnique,
  };

  for (const visit of measured) {
    const base = { ...common, session: visit.session, session_date: isoDate(visit.day) };
    const elapsed = visit.session - 1;
    const withPost = rng.chance(clinic.postRate);
    const sessionRise = immediate + rng.normal(0, 6);
    const painPre = painBaseline - painSlope * elapsed + rng.normal(0, 0.7);

    // Diaries cover 4 weeks: an end value is recorded at the last measured session if it is at
    // least 4 weeks after the first.
    const isDiaryVisit =
      visit.session === 1 || (visit === measured[measured.length - 1] && visit.day - visits[0].day >= 28);
    if (profile.headache && isDiaryVisit) {
      const atStart = visit.session === 1;
      rows.push({
        ...base,
        phase: 'pre',
        measure: 'headache_days',
        value: atStart ? headacheBaseline : headacheEnd,
        unit: 'days',
      });
      if (clinic.usesHdi)
        rows.push({
          ...base,
          phase: 'pre',
          measure: 'hdi',
          value: atStart ? hdiBaseline : hdiEnd,
          unit: 'score',
        });
    }

    const phases: Phase[] = withPost ? ['pre', 'post'] : ['pre'];
    for (const phase of phases) {
      const painNow = phase === 'post' ? painPre - effect.painImmediate + rng.normal(0, 0.5) : painPre;
      rows.push({
        ...base,
        phase,
        measure: 'pain_nrs',
        value: wholeNumberIn(painNow, pain.min, pain.max),
        unit: 'score',
      });
      sites.forEach((site, s) => {
        const dayToDay = rng.normal(0, 12);
        const trueKPa = Math.max(
          60,
          siteLevels[s] + slope * elapsed + dayToDay + (phase === 'post' ? sessionRise : 0),
        );
        for (let reading = 1; reading <= clinic.readingsPerSite; reading++) {
          const shownKPa = (trueKPa + rng.normal(0, 18)) * clinic.calibration;
          rows.push({
            ...base,
            phase,
            measure: 'ppt',
            site,
            trial: reading,
            value: pptReading(shownKPa, clinic.unit),
            unit: clinic.unit,
          });
        }
      });
    }
  }

  const followRng = createRng(seed, `practice/client/${serial}/followup`);
  const followupRate = completed ? PRACTICE_FOLLOWUP_RATE.completed : PRACTICE_FOLLOWUP_RATE.leftEarly;
  if (followRng.chance(followupRate)) {
    const base = {
      ...common,
      session: last.session + 1,
      session_date: isoDate(last.day + followRng.integer(28, 112)),
    };
    const retained = followRng.normal(0.7, 0.3);
    const elapsed = last.session - 1;
    const painNow = painBaseline - painSlope * elapsed * retained + followRng.normal(0, 0.7);
    rows.push({
      ...base,
      phase: 'followup',
      measure: 'pain_nrs',
      value: wholeNumberIn(painNow, pain.min, pain.max),
      unit: 'score',
    });
    sites.forEach((site, s) => {
      const trueKPa = Math.max(60, siteLevels[s] + slope * elapsed * retained + followRng.normal(0, 12));
      for (let reading = 1; reading <= clinic.readingsPerSite; reading++) {
        const shownKPa = (trueKPa + followRng.normal(0, 18)) * clinic.calibration;
        rows.push({
          ...base,
          phase: 'followup',
          measure: 'ppt',
          site,
          trial: reading,
          value: pptReading(shownKPa, clinic.unit),
          unit: clinic.unit,
        });
      }
    });
  }
  return rows;
}

export function practiceDataSet(options: PracticeOptions = {}): GeneratedDataSet {
  const seed = options.seed ?? 1;
  const clientCount = options.clients ?? 1000;
  if (!Number.isInteger(clientCount) || clientCount < 1)
    throw new RangeError(`clients must be a positive integer, got ${clientCount}`);
  const clinicCount = options.clinics ?? defaultClinicCount(clientCount);
  if (!Number.isInteger(clinicCount) || clinicCount < 1)
    throw new RangeError(`clinics must be a positive integer, got ${clinicCount}`);
  const clinics = practiceClinics(seed, clinicCount, options.startDate, options.therapists);
  const clinicWeights = clinics.map((clinic) => clinic.sizeWeight);

  function* clients(): Generator<MeasurementRow[]> {
    for (let serial = 1; serial <= clientCount; serial++)
      yield clientRows(seed, serial, clinics, clinicWeights);
  }
  return { name: 'practice', columns: PRACTICE_COLUMNS, clientCount, clients };
}

export function generatePractice(options: PracticeOptions = {}): Generator<MeasurementRow> {
  return rowsOf(practiceDataSet(options));
}
