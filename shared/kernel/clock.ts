/**
 * Time is a dependency: reminders happen days apart, so domain code never calls Date.now().
 * AWS uses the system clock; the local stack injects a fast or virtual clock.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
