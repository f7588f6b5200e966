/**
 * A one-line progress bar on standard error, drawn only when standard error is a terminal (so logs
 * and CI output stay clean) and redrawn at most ten times a second.
 */
import type { WriteStream } from 'node:tty';

const WIDTH = 30;

function formatCount(n: number): string {
  return n.toLocaleString('en-GB');
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export class ProgressBar {
  private done = 0;
  private lastDrawn = 0;
  private readonly started = Date.now();
  private readonly enabled: boolean;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: NodeJS.WritableStream & Partial<Pick<WriteStream, 'isTTY'>> = process.stderr,
  ) {
    this.enabled = stream.isTTY === true && total > 0;
  }

  tick(count = 1): void {
    this.done += count;
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.lastDrawn >= 100 || this.done >= this.total) {
      this.lastDrawn = now;
      this.draw(now);
    }
  }

  private draw(now: number): void {
    const fraction = Math.min(1, this.done / this.total);
    const filled = Math.round(fraction * WIDTH);
    const bar = '#'.repeat(filled) + '-'.repeat(WIDTH - filled);
    const percent = String(Math.floor(fraction * 100)).padStart(3);
    this.stream.write(
      `\r${this.label} [${bar}] ${percent}%  ${formatCount(this.done)}/${formatCount(this.total)} clients  ${formatSeconds(now - this.started)}\x1b[K`,
    );
  }

  /** Replaces the bar with a summary line. */
  finish(summary: string): void {
    if (!this.enabled) return;
    this.stream.write(`\r${summary} in ${formatSeconds(Date.now() - this.started)}\x1b[K\n`);
  }
}
