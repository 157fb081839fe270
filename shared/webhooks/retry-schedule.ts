/**
 * When a failed delivery is tried again, counted from its first attempt: quick retries for a blip, then
 * hours apart for an outage, the last one just past 24 hours. After that the delivery is dead-lettered
 * (and can be replayed). A little jitter keeps one receiver's backlog from arriving in one burst.
 */
const delaysSeconds = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600] as const;

/** How long the schedule keeps trying (the sum of its delays): just over 27 hours. */
export const retryHorizonSeconds = delaysSeconds.reduce((sum, delay) => sum + delay, 0);

/** Attempts in all (the first and one per delay). */
export const maxAttempts = delaysSeconds.length + 1;

/**
 * The time of the next attempt after attempt number `attempt` (1 = the first) failed at `failedAt`, or
 * undefined when the schedule is over. `jitter` in [0, 1) adds up to a tenth of the delay.
 */
export function nextAttemptAt(attempt: number, failedAt: Date, jitter = 0): Date | undefined {
  const delay = delaysSeconds[attempt - 1];
  if (delay === undefined) return undefined;
  return new Date(failedAt.getTime() + Math.round(delay * (1 + jitter / 10)) * 1000);
}
