/**
 * Quotes text from the input for an error message, shortened so that a runaway field cannot flood
 * a report. JSON quoting makes stray spaces and invisible characters visible.
 * Never use it on a key column's value (see IngestError).
 */
export function quoteInput(text: string): string {
  const shown = text.length > 40 ? `${text.slice(0, 40)}...` : text;
  return JSON.stringify(shown);
}
