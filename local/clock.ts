import type { Clock } from '../shared/kernel/index.js';
import { TimerHeap, type VirtualTimer } from './timer-heap.js';

export type ClockMode = 'real' | 'fast' | 'virtual';

/** Node clamps longer timers to 1 ms, which would fire a 30-day Wait at once: longer waits are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;


export type TimerHandle = { readonly id: number };

/**
 * The local stack's clock. Handlers read it through the Clock port; the Step Functions emulator
 * gets its `Date`, `setTimeout` and `clearTimeout`, so Wait states, task timeouts and retry back-off
 * all run on it.
 * - real: wall-clock time.
 * - virtual: time stands still until `advanceTo` moves it; every timer due by then fires in order,
 *   and `advanceTo` resolves once the work they caused has finished. Timers due at the same instant
 *   fire together and their work runs concurrently (as Step Functions runs simultaneous executions);
 *   the clock moves on to the next due time once that work is done.
 * - fast: a virtual clock that a ticker advances `speed` times faster than the wall clock. Like the
 *   virtual clock it moves only between units of work, so a Lambda task never "takes" simulated
 *   hours and trips its 60-second timeout.
 */
export class LocalClock implements Clock {
  private virtualNow: number;
  private readonly realStart = Date.now();
  private readonly timers = new Map<number, VirtualTimer | ReturnType<typeof setTimeout>>();
  private nextId = 1;
  private inFlight = 0;
  private readonly heap = new TimerHeap();
  /** Waiters for `inFlight` to reach 0 (settle), woken by the last tracked work to finish. */
  private idleWaiters: (() => void)[] = [];
  private dueSoonScheduled = false;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private advancing: Promise<Date> | undefined;
  private readonly pendingSources: (() => Promise<void>)[] = [];

  constructor(
    readonly mode: ClockMode,
    start: Date = new Date(),
    /** Simulated milliseconds per real millisecond in `fast` mode (default: one day per second). */
    readonly speed = 86_400,
  ) {
    this.virtualNow = start.getTime();
    if (mode === 'fast') this.startTicker();
  }

  /** Whether time is simulated (timers kept here) rather than the wall clock's. */
  get simulated(): boolean {
    return this.mode !== 'real';
  }

  /** Stops the fast clock's ticker (the stack calls this on shutdown). */
  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    switch (this.mode) {
      case 'real':
        return Date.now();
      case 'fast':
      case 'virtual':
        return this.virtualNow;
    }
  }

  setTimeout = (fire: () => void, ms = 0): TimerHandle => {
    const id = this.nextId++;
    const delay = Math.max(0, Number(ms) || 0);
    if (this.simulated) {
      const timer = { at: this.virtualNow + delay, seq: id, fire };
      this.timers.set(id, timer);
      this.heap.push({ at: timer.at, seq: id, id });
      if (delay === 0) this.runDueSoon();
    } else {
      this.schedule(id, this.nowMs() + delay, fire);
    }
    return { id };
  };

  clearTimeout = (handle: TimerHandle | undefined): void => {
    if (!handle) return;
    const timer = this.timers.get(handle.id);
    if (timer && !isVirtual(timer)) clearTimeout(timer);
    this.timers.delete(handle.id);
  };

  /** A `Date` class whose `Date.now()` and `new Date()` read this clock. */
  readonly Date: DateConstructor = makeClockDate(() => this.nowMs());

  /**
   * Counts work (a Lambda invocation) that `advanceTo` must wait for. Such work must not itself await
   * a simulated timer: `advanceTo` would wait for the work, and the work for a timer only it fires.
   */
  async track<T>(work: () => Promise<T>): Promise<T> {
    this.inFlight++;
    try {
      return await work();
    } finally {
      this.inFlight--;
      if (this.inFlight === 0 && this.idleWaiters.length > 0) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const wake of waiters) wake();
      }
    }
  }

  /**
   * Background work that must be done before time may move (the stream's workflow starts): each
   * advance waits for every source, so a workflow stored before an advance is running when it fires.
   */
  waitBeforeAdvancing(source: () => Promise<void>): void {
    this.pendingSources.push(source);
  }

  /** Simulated time: move forward, firing every timer due by `target` in order, then wait for quiet. */
  async advanceTo(target: Date): Promise<Date> {
    if (!this.simulated) throw new Error(`The clock is 'real'; start with ARFLOW_CLOCK=virtual (or fast) to move it`);
    // One advance at a time: the fast ticker and a POST /_local/clock must not interleave.
    while (this.advancing) await this.advancing.catch(() => undefined);
    this.advancing = this.advanceUnlocked(target);
    try {
      return await this.advancing;
    } finally {
      this.advancing = undefined;
    }
  }

  private async advanceUnlocked(target: Date): Promise<Date> {
    const targetMs = target.getTime();
    if (Number.isNaN(targetMs)) throw new Error('The target time is not a valid date');
    if (targetMs < this.virtualNow) throw new Error(`Time only moves forward: it is already ${this.now().toISOString()}`);
    for (const source of this.pendingSources) await source();
    for (;;) {
      await this.settle();
      const next = this.earliestTimer();
      if (!next || next.timer.at > targetMs) break;
      this.virtualNow = Math.max(this.virtualNow, next.timer.at);
      // Everything due at this instant fires together (in the order set), then its work settles.
      this.fireDue();
    }
    this.virtualNow = targetMs;
    await this.settle();
    return this.now();
  }

  /** Waits until no tracked work runs and no timer is due now (virtual), i.e. the system is quiet. */
  async settle(): Promise<void> {
    let quietTurns = 0;
    // Two quiet event-loop turns in a row: work that just finished may schedule more in between.
    while (quietTurns < 2) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.inFlight > 0) {
        quietTurns = 0;
        await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
        continue;
      }
      const due = this.simulated ? this.earliestTimer() : undefined;
      if (due && due.timer.at <= this.virtualNow) {
        quietTurns = 0;
        this.fireDue();
        continue;
      }
      quietTurns++;
    }
  }

  /** Virtual timers due now (a Wait for a past timestamp, a retry with no delay) run without an advance. */
  private runDueSoon(): void {
    if (this.dueSoonScheduled) return;
    this.dueSoonScheduled = true;
    setImmediate(() => {
      this.dueSoonScheduled = false;
      this.fireDue();
    });
  }

  /**
   * Fires every virtual timer due by now, in (due time, order set) order. They are taken off the heap
   * first, so a timer that clears another due at the same instant still prevents it from firing.
   */
  private fireDue(): void {
    const due: number[] = [];
    for (;;) {
      const next = this.earliestTimer();
      if (!next || next.timer.at > this.virtualNow) break;
      this.heap.pop();
      due.push(next.id);
    }
    for (const id of due) {
      const timer = this.timers.get(id);
      if (!timer || !isVirtual(timer)) continue;
      this.timers.delete(id);
      timer.fire();
    }
  }

  /** The earliest pending virtual timer; cleared timers met on top of the heap are dropped. */
  private earliestTimer(): { id: number; timer: VirtualTimer } | undefined {
    for (;;) {
      const top = this.heap.peek();
      if (!top) return undefined;
      const timer = this.timers.get(top.id);
      if (timer && isVirtual(timer)) return { id: top.id, timer };
      this.heap.pop();
    }
  }

  /** Fast mode: every 100 ms of wall time, advance `speed` × 100 ms of simulated time (after the work in flight). */
  private startTicker(): void {
    let lastTick = this.realStart;
    this.ticker = setInterval(() => {
      if (this.advancing) return;
      const realNow = Date.now();
      const target = new Date(this.virtualNow + (realNow - lastTick) * this.speed);
      lastTick = realNow;
      this.advanceTo(target).catch(() => undefined);
    }, 100);
    this.ticker.unref();
  }

  /** Real mode: a real timer, chained for waits longer than Node allows. */
  private schedule(id: number, atMs: number, fire: () => void): void {
    const realDelay = atMs - this.nowMs();
    const step = Math.min(Math.max(0, realDelay), MAX_TIMER_MS);
    const timer = setTimeout(() => {
      if (!this.timers.has(id)) return;
      if (this.nowMs() >= atMs) {
        this.timers.delete(id);
        fire();
      } else {
        this.schedule(id, atMs, fire);
      }
    }, Math.ceil(step));
    timer.unref?.();
    this.timers.set(id, timer);
  }
}

function isVirtual(timer: VirtualTimer | ReturnType<typeof setTimeout>): timer is VirtualTimer {
  return typeof (timer as VirtualTimer).fire === 'function';
}

function makeClockDate(nowMs: () => number): DateConstructor {
  class ClockDate extends Date {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(nowMs());
      else super(...(args as [string | number | Date]));
    }
    static override now(): number {
      return nowMs();
    }
  }
  return ClockDate as unknown as DateConstructor;
}
