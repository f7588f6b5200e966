/**
 * Text that is not well-formed Unicode: half of a UTF-16 surrogate pair on its own. A JSON \u
 * escape can write one ("\ud800"); UTF-8 cannot encode it, so the database, the API's answers and
 * every file written from them would hold U+FFFD in its place: two keys that differ only there
 * would become one, and a name would be changed without a word.
 */

/**
 * A surrogate code point. In a `u` regular expression a whole pair is one (supplementary) code
 * point, so this finds only halves that are alone: the test of String.prototype.isWellFormed
 * (ES2024, beyond the ES2023 library this code is compiled against), telling which half it is.
 */
const LONE_SURROGATE = /\p{Surrogate}/u;

/** Why the text is not well-formed Unicode, for an error message; null when it is. */
export function loneSurrogateProblem(text: string): string | null {
  const surrogate = LONE_SURROGATE.exec(text)?.[0];
  if (surrogate === undefined) return null;
  const escape = `\\u${surrogate.charCodeAt(0).toString(16)}`;
  return `not valid Unicode text: a lone surrogate ${escape} (half of a UTF-16 pair, as a JSON \\u escape can write it): write the whole character or remove it`;
}

/** The text with U+FFFD for each lone surrogate, to name it where only well-formed text can go. */
export function withLoneSurrogatesReplaced(text: string): string {
  return text.replace(/\p{Surrogate}/gu, '\uFFFD');
}
