/**
 * One progress line per step: on a terminal it ticks the elapsed seconds in place and is replaced
 * by the step's result; elsewhere (a log, CI) it prints the step when it starts and when it ends.
 */
export interface Step {
  done(text: string): void;
}

export class Progress {
  constructor(private readonly stream: NodeJS.WriteStream) {}

  note(text: string): void {
    this.stream.write(`${text}\n`);
  }

  start(label: string): Step {
    const started = performance.now();
    const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(1)} s`;
    if (!this.stream.isTTY) {
      this.stream.write(`${label} ...\n`);
      return { done: (text) => this.stream.write(`${text}\n`) };
    }
    const draw = (): void => void this.stream.write(`\r\x1b[2K${label} ... ${elapsed()}`);
    draw();
    const timer = setInterval(draw, 200);
    return {
      done: (text) => {
        clearInterval(timer);
        this.stream.write(`\r\x1b[2K${text}\n`);
      },
    };
  }
}
