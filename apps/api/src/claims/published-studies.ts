/**
 * The published studies a claim may stand beside (issue 17): a small, versioned library kept in
 * the repository, each study with what a reader needs to judge it (population, design, n, arms,
 * outcome, finding, DOI) and the one sentence marketing may quote about it. A practice's own
 * results may be shown *beside* a study ("our clients' change: …; in the trial: …"), never merged
 * into it ("as proven in …"): the study's finding is about its participants, not the practice's.
 *
 * To add a study: append it with a new `key`, bump LIBRARY_VERSION, and check its DOI at the
 * publisher's page (the `doiVerified` note says how it was checked).
 */

export interface PublishedStudy {
  /** Stable identifier, used in the API and on cards. */
  key: string;
  citation: string;
  /** "Moraska et al. 2017", for the sentence that sets a practice's result beside the study's. */
  shortCitation: string;
  doi: string;
  /** How the DOI and the citation were checked. */
  doiVerified: string;
  population: string;
  design: string;
  n: number;
  arms: string[];
  outcome: string;
  finding: string;
  /** The study's result in a clause, for "in the trial: …" beside a practice's own figure. */
  trialResult: string;
  /** The measure of the practice's data the study speaks to (a code of libs/stats MEASURES). */
  measure: string;
  /** The techniques of the practice's data the study's active arm corresponds to. */
  techniques: string[];
  /** The sentence marketing may quote, as written, with the citation. */
  quotable: string;
}

/** Bumped whenever a study is added, changed or removed; evidence packs record it. */
export const LIBRARY_VERSION = 1;

export const PUBLISHED_STUDIES: readonly PublishedStudy[] = [
  {
    key: 'moraska-2017',
    citation:
      'Moraska AF, Schmiege SJ, Mann JD, Butryn N, Krutsch JP. Responsiveness of myofascial trigger points to single and multiple trigger point release massages: a randomized, placebo controlled trial. Am J Phys Med Rehabil 2017;96(9):639-645.',
    shortCitation: 'Moraska et al. 2017',
    doi: '10.1097/PHM.0000000000000728',
    doiVerified:
      "DOI, volume, issue and pages as printed on the journal's abstract page (journals.lww.com/ajpmr, September 2017) and in PubMed (PMID 28248690, PMCID PMC5561477).",
    population: 'Adults with episodic or chronic tension-type headache (myofascial pain syndrome) and active trigger points in the upper trapezius and suboccipital muscles.',
    design: 'Randomised, placebo-controlled trial; 12 twice-weekly 45-minute sessions over 6 weeks.',
    n: 62,
    arms: ['trigger-point release massage (ischaemic compression)', 'sham (detuned) ultrasound', 'wait-list'],
    outcome: 'Pressure-pain threshold at four trigger points (left and right upper trapezius, left and right suboccipital), by pressure algometer before and after the first and the 12th session.',
    finding:
      'Pressure-pain threshold rose across the study in all four muscle sites with massage, but not with sham ultrasound or wait-list (P < 0.0001 suboccipital, P < 0.004 upper trapezius); within the massage group it rose immediately after the first session, accumulated over baseline across the 12 sessions, and rose again within the 12th session.',
    trialResult:
      'pressure-pain threshold at trigger points rose over 12 sessions of trigger-point release massage, and not with sham ultrasound or a wait-list (62 adults with tension-type headache)',
    measure: 'ppt',
    techniques: ['trigger_point_release'],
    quotable:
      'In a randomised, placebo-controlled trial of 62 adults with tension-type headache, pressure-pain threshold at trigger points rose over 12 sessions of trigger-point release massage, and not with sham ultrasound or a wait-list (Moraska et al., Am J Phys Med Rehabil 2017;96(9):639-645).',
  },
];

/** The studies that speak to a measure, and, when a technique is given, to that technique. */
export function studiesFor(measure: string, technique?: string): PublishedStudy[] {
  return PUBLISHED_STUDIES.filter(
    (study) => study.measure === measure && (technique === undefined || technique === 'all' || study.techniques.includes(technique)),
  );
}
