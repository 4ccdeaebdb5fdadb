const FIRST_DELAY_MS = 25;
const MAX_DELAY_MS = 250;

/** Retries `attempt` with growing, jittered delays, so waiters neither spin nor retry in step. */
export async function waitForClaim<T>(
  attempt: () => Promise<T | null | undefined>,
  waitMs: number,
): Promise<T | undefined> {
  const deadline = Date.now() + waitMs;
  for (let delay = FIRST_DELAY_MS; ; delay = Math.min(delay * 2, MAX_DELAY_MS)) {
    const value = await attempt();
    if (value !== null && value !== undefined) return value;
    const left = deadline - Date.now();
    if (left <= 0) return undefined;
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(delay * (0.5 + Math.random()), left)),
    );
  }
}
