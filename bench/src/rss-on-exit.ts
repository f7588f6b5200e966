/**
 * Preloaded into a benchmarked Node process (`node --import ./bench/dist/rss-on-exit.js ...`): at
 * exit, writes the process's peak resident set size and CPU time, as the kernel counts them, to the
 * file named by BENCH_RUSAGE_FILE. The process measures itself, so nothing else (npm, a shell)
 * is counted.
 */
import { writeFileSync } from 'node:fs';

const target = process.env.BENCH_RUSAGE_FILE;
if (target !== undefined && target !== '') {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(
      target,
      JSON.stringify({
        maxRssBytes: usage.maxRSS * 1024,
        userSeconds: usage.userCPUTime / 1e6,
        systemSeconds: usage.systemCPUTime / 1e6,
      }),
    );
  });
}
