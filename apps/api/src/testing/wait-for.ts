/**
 * Waits for something a test watches from outside (a batch's progress, a server process's state):
 * polls `probe` until it answers a value. The default wait is sized for a loaded 2-core machine
 * (issue 21: tests must not depend on an idle one); a probe that never answers fails by name.
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
