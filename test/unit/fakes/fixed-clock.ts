import type { Clock } from '../../../shared/kernel/index.js';

/** A clock that shows what the test sets, and nothing else. */
export class FixedClock implements Clock {
  constructor(private current: Date) {}

  now(): Date {
    return new Date(this.current.getTime());
  }

  set(instant: Date | string): void {
    this.current = new Date(instant);
  }
}
