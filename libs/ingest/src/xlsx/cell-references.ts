/** How a spreadsheet names its places, for error locations: `Sheet1!D7`, `'My visits'!D7`, `Sheet1!1:1`. */

/** The letters of a 1-based column number: 1 is A, 27 is AA. */
export function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** A sheet's name as a reference writes it: quoted when it is not a plain name. */
export function quoteSheet(sheet: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) ? sheet : `'${sheet.replaceAll("'", "''")}'`;
}

/** One cell: `Sheet1!D7`. */
export function cellReference(sheet: string, column: number, row: number): string {
  return `${quoteSheet(sheet)}!${columnLetters(column)}${row}`;
}

/** A whole row: `Sheet1!7:7`. */
export function rowReference(sheet: string, row: number): string {
  return `${quoteSheet(sheet)}!${row}:${row}`;
}
