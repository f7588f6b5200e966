/** Saving a Blob as a file from the browser: an object URL clicked through a temporary link. */

export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoke later: some browsers start reading the URL only after the click handler returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file name part from free text: "Overview · trajectory" → "overview-trajectory". */
export function fileStem(text: string): string {
  const stem = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return stem === '' ? 'threshold' : stem.slice(0, 80);
}

/** "2026-11-25", for file names. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
