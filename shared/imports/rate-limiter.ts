/**
 * A token bucket: at most `perSecond` acquisitions a second on average, bursts up to one second's worth.
 * The import starts one workflow per invoice; Step Functions throttles StartExecution per account and
 * region, so an import paces itself instead of being throttled (and starving the API's own starts).
 * Measures real elapsed time, not arflow's business clock, which a test may freeze.
 */
export class RateLimiter {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly perSecond: number,
    private readonly timer: { now(): number; sleep(ms: number): Promise<void> },
  ) {
    if (!(perSecond > 0)) throw new RangeError(`perSecond must be positive, not ${perSecond}`);
    this.tokens = perSecond;
    this.last = timer.now();
  }

  acquire(): Promise<void> {
    // Serialised, so concurrent callers are admitted in order and the rate holds across them.
    const turn = this.queue.then(() => this.take());
    this.queue = turn;
    return turn;
  }

  private async take(): Promise<void> {
    for (;;) {
      const now = this.timer.now();
      this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.last) / 1000) * this.perSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.timer.sleep(Math.ceil(((1 - this.tokens) / this.perSecond) * 1000));
    }
  }
}
