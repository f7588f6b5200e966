/**
 * What the practice generator draws from: techniques and their effects, conditions and the trigger
 * points measured for them, and baseline thresholds by muscle.
 *
 * Anchors from the literature (see data/README.md):
 * - Trigger-point release: ~20 kPa immediate rise and ~35 kPa gain over 12 sessions in
 *   Moraska et al., Am J Phys Med Rehabil 2017;96(9):639-645; manual therapy raised upper-trapezius
 *   PPT by 28.4 kPa (95% CI 10.8 to 46.0) in the meta-analysis of Geri et al., J Clin Med
 *   2022;11:7243; the MCID is ~21 kPa (Somphithak et al., PeerJ 2025).
 * - The other techniques are ranked below trigger-point release by assumption, so that technique
 *   comparisons in the product have something to find; their sizes are illustrative, not published.
 * - Baseline thresholds: upper trapezius and suboccipital trigger points ~250-350 kPa as in the
 *   trial; larger, deeper muscles (infraspinatus, lumbar paraspinals, gluteus medius) are given
 *   higher thresholds, as algometry studies generally find.
 */

export const TECHNIQUES = ['trigger_point_release', 'myofascial_release', 'deep_tissue', 'swedish'] as const;
export type Technique = (typeof TECHNIQUES)[number];

export interface TechniqueEffect {
  /** Mean gain in pre-session PPT per session, kPa (linear in session number). */
  pptSlopePerSession: number;
  /** Mean rise in PPT from pre to post within a session, kPa. */
  pptImmediate: number;
  /** Mean fall in pain NRS per session (points). */
  painSlopePerSession: number;
  /** Mean fall in pain NRS from pre to post within a session (points). */
  painImmediate: number;
  /** Mean proportional fall in headache days per 4 weeks by the end of a course. */
  headacheDaysReduction: number;
  /** Mean change in HDI score (0-100) by the end of a course. */
  hdiChange: number;
}

export const TECHNIQUE_EFFECTS: Readonly<Record<Technique, TechniqueEffect>> = {
  trigger_point_release: {
    pptSlopePerSession: 3,
    pptImmediate: 20,
    painSlopePerSession: 0.25,
    painImmediate: 1,
    headacheDaysReduction: 0.3,
    hdiChange: -12,
  },
  myofascial_release: {
    pptSlopePerSession: 2.5,
    pptImmediate: 15,
    painSlopePerSession: 0.22,
    painImmediate: 0.9,
    headacheDaysReduction: 0.25,
    hdiChange: -10,
  },
  deep_tissue: {
    pptSlopePerSession: 2,
    pptImmediate: 12,
    painSlopePerSession: 0.2,
    painImmediate: 0.8,
    headacheDaysReduction: 0.2,
    hdiChange: -8,
  },
  swedish: {
    pptSlopePerSession: 1,
    pptImmediate: 6,
    painSlopePerSession: 0.15,
    painImmediate: 0.7,
    headacheDaysReduction: 0.15,
    hdiChange: -6,
  },
};

export const CONDITIONS = ['tension_type_headache', 'neck_pain', 'low_back_pain', 'shoulder_pain'] as const;
export type Condition = (typeof CONDITIONS)[number];

export interface ConditionProfile {
  /** Trigger points measured, in the order clinics add them: a bilateral pair first. */
  sites: readonly [string, string, string, string];
  /** Share of a typical clinic's caseload. */
  caseloadWeight: number;
  /** Mean baseline pain NRS. */
  painMean: number;
  /** How often a therapist picks each technique for this condition (relative). */
  techniqueSuitability: Readonly<Record<Technique, number>>;
  /** Headache diary and HDI are kept for headache clients only. */
  headache: boolean;
}

export const CONDITION_PROFILES: Readonly<Record<Condition, ConditionProfile>> = {
  tension_type_headache: {
    sites: ['upper_trapezius_left', 'upper_trapezius_right', 'suboccipital_left', 'suboccipital_right'],
    caseloadWeight: 0.3,
    painMean: 5.5,
    techniqueSuitability: { trigger_point_release: 3, myofascial_release: 2, deep_tissue: 1, swedish: 1.5 },
    headache: true,
  },
  neck_pain: {
    sites: [
      'upper_trapezius_left',
      'upper_trapezius_right',
      'levator_scapulae_left',
      'levator_scapulae_right',
    ],
    caseloadWeight: 0.3,
    painMean: 5.8,
    techniqueSuitability: { trigger_point_release: 2, myofascial_release: 2, deep_tissue: 2, swedish: 1 },
    headache: false,
  },
  low_back_pain: {
    sites: [
      'lumbar_paraspinal_left',
      'lumbar_paraspinal_right',
      'gluteus_medius_left',
      'gluteus_medius_right',
    ],
    caseloadWeight: 0.28,
    painMean: 6,
    techniqueSuitability: { trigger_point_release: 1, myofascial_release: 2, deep_tissue: 3, swedish: 1 },
    headache: false,
  },
  shoulder_pain: {
    sites: ['infraspinatus_left', 'infraspinatus_right', 'upper_trapezius_left', 'upper_trapezius_right'],
    caseloadWeight: 0.12,
    painMean: 5.2,
    techniqueSuitability: { trigger_point_release: 2, myofascial_release: 2, deep_tissue: 1.5, swedish: 1 },
    headache: false,
  },
};

/** Population mean PPT at trigger points of each muscle, kPa. */
const MUSCLE_BASELINE_KPA: Readonly<Record<string, number>> = {
  upper_trapezius: 290,
  suboccipital: 240,
  levator_scapulae: 300,
  infraspinatus: 380,
  lumbar_paraspinal: 480,
  gluteus_medius: 450,
};

export function siteBaselineKPa(site: string): number {
  const muscle = site.replace(/_(left|right)$/, '');
  const baseline = MUSCLE_BASELINE_KPA[muscle];
  if (baseline === undefined) throw new Error(`no baseline for site ${site}`);
  return baseline;
}

/**
 * Length of a planned course of treatment (sessions 1 to 12) and how often it is planned: many
 * clients come a handful of times, a block of 6 and the 12-session course of the trial are common.
 */
export const COURSE_LENGTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;
export const COURSE_LENGTH_WEIGHTS = [5, 7, 9, 11, 9, 15, 6, 10, 4, 6, 3, 15] as const;
