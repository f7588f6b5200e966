/**
 * A progress bar on standard error for long reads. It draws only when standard error is a
 * terminal (so that logs and pipes stay clean) and the work is large enough to be worth watching,
 * and it redraws at most ten times a second.
 */
export interface ProgressBar {
  update(done: number): void;
  finish(): void;
}

const WIDTH = 30;
const REDRAW_INTERVAL_MS = 100;
/** Below this, a file reads in well under a second: no bar. */
export const PROGRESS_MIN_BYTES = 8 * 1024 * 1024;

export function createProgressBar(
  label: string,
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
): ProgressBar {
  if (!stream.isTTY || total < PROGRESS_MIN_BYTES) return { update: () => undefined, finish: () => undefined };
  const started = Date.now();
  let lastDraw = 0;
  const draw = (done: number): void => {
    const fraction = Math.min(1, done / total);
    const filled = Math.round(fraction * WIDTH);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const bar = '█'.repeat(filled) + '░'.repeat(WIDTH - filled);
    stream.write(`\r${label} ${bar} ${(fraction * 100).toFixed(0).padStart(3)}% ${formatBytes(done)} ${seconds}s`);
  };
  return {
    update(done: number): void {
      const now = Date.now();
      if (now - lastDraw < REDRAW_INTERVAL_MS) return;
      lastDraw = now;
      draw(done);
    },
    finish(): void {
      draw(total);
      stream.write('\n');
    },
  };
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
