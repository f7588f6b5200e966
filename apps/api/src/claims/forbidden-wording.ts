/**
 * Words a health claim about a practice's results may not use (issue 17), checked in any text
 * marketing writes or edits: whole words and phrases, case-insensitive, each with the advertising
 * rule it stands for (UK CAP Code, the rules marketing works to; docs/claims.md explains each):
 *
 * - 3.1  marketing must not materially mislead (absolutes such as "guaranteed", "permanent",
 *        "100%", "miracle" promise what outcome data cannot);
 * - 3.7  objective claims need documentary evidence held beforehand ("proven" asserts proof that
 *        observational or published evidence does not give a practice's service);
 * - 3.1 and 3.7 together for superiority ("best", "better than", "superior"): a comparison the
 *        practice's data do not contain, so it can be neither substantiated nor left unsaid;
 * - 12.1 health claims need robust evidence, normally trials on people; treating a condition may
 *        not be implied to cure it ("cure", "heals", "no side effects", "safe").
 *
 * A word found is refused by name; the checker never rewrites a text.
 */

export interface ForbiddenTerm {
  /** The term as the refusal names it. */
  term: string;
  /** The forms that count as this term (regular-expression source, matched as whole words). */
  forms: string;
  rules: string;
  why: string;
}

const MISLEAD = 'CAP Code 3.1';
const EVIDENCE = 'CAP Code 3.7, 12.1';
const COMPARE = 'CAP Code 3.1, 3.7';
const HEALTH = 'CAP Code 12.1';

/** Longer phrases first, so that "clinically proven" is named rather than only "proven". */
export const FORBIDDEN_TERMS: readonly ForbiddenTerm[] = [
  { term: 'clinically proven', forms: 'clinically[\\s-]+proven', rules: EVIDENCE, why: 'asserts proof from clinical trials of this service' },
  { term: 'scientifically proven', forms: 'scientifically[\\s-]+proven', rules: EVIDENCE, why: 'asserts proof of this service' },
  { term: 'proven', forms: 'prove[ns]?|proof', rules: EVIDENCE, why: 'asserts proof that outcome data do not give' },
  { term: 'no side effects', forms: 'no[\\s-]+side[\\s-]+effects?|side[\\s-]+effect[\\s-]+free', rules: HEALTH, why: 'a safety claim no outcome data support' },
  { term: 'risk-free', forms: 'risk[\\s-]*free|no[\\s-]+risks?', rules: HEALTH, why: 'a safety claim no outcome data support' },
  { term: 'safe', forms: 'safe(?:ly|st)?|100%[\\s-]+safe', rules: HEALTH, why: 'a safety claim no outcome data support' },
  { term: 'cure', forms: 'cur(?:e|es|ed|ing|ative)', rules: HEALTH, why: 'implies a condition is cured' },
  { term: 'heal', forms: 'heal(?:s|ed|ing)?', rules: HEALTH, why: 'implies a condition is cured' },
  { term: 'pain-free', forms: 'pain[\\s-]+free', rules: HEALTH, why: 'promises an end to pain' },
  { term: 'eliminates pain', forms: 'eliminat(?:e|es|ed|ing)[\\s-]+(?:your[\\s-]+)?pain', rules: HEALTH, why: 'promises an end to pain' },
  { term: 'guaranteed', forms: 'guarantee[ds]?', rules: MISLEAD, why: 'promises an individual result' },
  { term: 'miracle', forms: 'miracles?|miraculous(?:ly)?', rules: `${MISLEAD}, 12.1`, why: 'implies an extraordinary effect' },
  { term: 'permanent', forms: 'permanent(?:ly)?|forever', rules: MISLEAD, why: 'promises a lasting result the data do not follow' },
  { term: 'instant', forms: 'instant(?:ly)?', rules: MISLEAD, why: 'promises an immediate result for everyone' },
  { term: '100%', forms: '100\\s?%|100[\\s-]+per[\\s-]?cent', rules: MISLEAD, why: 'an absolute no outcome data support' },
  { term: 'better than', forms: 'better[\\s-]+than', rules: COMPARE, why: 'implies a comparison the data do not contain' },
  { term: 'best', forms: 'best', rules: COMPARE, why: 'implies a comparison the data do not contain' },
  { term: 'superior', forms: 'superior(?:ity)?', rules: COMPARE, why: 'implies a comparison the data do not contain' },
  { term: 'most effective', forms: 'most[\\s-]+effective', rules: COMPARE, why: 'implies a comparison the data do not contain' },
  { term: 'number one', forms: 'number[\\s-]+one|no\\.\\s?1|#1', rules: COMPARE, why: 'implies a comparison the data do not contain' },
  { term: 'revolutionary', forms: 'revolutionary|breakthrough', rules: MISLEAD, why: 'implies a novelty and effect the data do not show' },
];

export interface ForbiddenWord {
  term: string;
  /** The words as they appear in the text. */
  found: string;
  rules: string;
  why: string;
}

/*
 * "Whole words": a term must not touch a letter or digit on either side, so "secure" is not
 * "cure", "safety-net" is not "safe" only when it is a word of its own, and "bestow" is not "best".
 * Terms that start or end with a symbol (#1, 100%) are bounded by the same rule.
 */
const PATTERNS = FORBIDDEN_TERMS.map((term) => ({
  term,
  pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:${term.forms})(?![\\p{L}\\p{N}])`, 'giu'),
}));

/** Every forbidden term in the text, in the order of the list, each once (a phrase hides the word inside it). */
export function forbiddenWords(text: string): ForbiddenWord[] {
  const found: ForbiddenWord[] = [];
  const taken: [number, number][] = [];
  for (const { term, pattern } of PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index ?? 0;
      const end = start + match[0].length;
      if (taken.some(([from, to]) => start < to && end > from)) continue;
      taken.push([start, end]);
      if (!found.some((word) => word.term === term.term)) found.push({ term: term.term, found: match[0], rules: term.rules, why: term.why });
    }
  }
  return found;
}

/** The refusal of a text, naming each forbidden word, or null when the text may be used. */
export function wordingRefusal(text: string): string | null {
  const words = forbiddenWords(text);
  if (words.length === 0) return null;
  return `the wording uses ${words.length === 1 ? 'a forbidden word' : 'forbidden words'}: ${words
    .map((word) => `"${word.found}" (${word.why}; ${word.rules})`)
    .join(', ')}`;
}
