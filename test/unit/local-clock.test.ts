import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LocalClock } from '../../local/clock.js';

const start = new Date('2026-01-01T00:00:00.000Z');
const DAY = 86_400_000;
const at = (ms: number) => new Date(start.getTime() + ms);
/** One macrotask turn, so setImmediate callbacks run (no wall-clock wait). */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

// A broken clock would hang rather than fail: bound each test (a guard, not a timing assumption).
const guard = { timeout: 5_000 };

describe("LocalClock in 'virtual' mode", guard, () => {
  it('stands still: now() stays at the start time until advanced', async () => {
    const clock = new LocalClock('virtual', start);
    assert.equal(clock.now().toISOString(), start.toISOString());
    await flush();
    assert.equal(clock.now().toISOString(), start.toISOString());
    assert.equal(clock.nowMs(), start.getTime());
  });

  it('returns a new Date from now() each time, so callers cannot move the clock by mutating it', () => {
    const clock = new LocalClock('virtual', start);
    clock.now().setTime(0);
    assert.equal(clock.now().getTime(), start.getTime());
  });

  it('moves now() to the target of advanceTo and resolves with it', async () => {
    const clock = new LocalClock('virtual', start);
    const result = await clock.advanceTo(at(3 * DAY));
    assert.equal(result.toISOString(), '2026-01-04T00:00:00.000Z');
    assert.equal(clock.now().toISOString(), '2026-01-04T00:00:00.000Z');
  });

  it('fires timers in time order during advanceTo, each seeing its own due time as now()', async () => {
    const clock = new LocalClock('virtual', start);
    const fired: [string, string][] = [];
    const record = (name: string) => () => fired.push([name, clock.now().toISOString()]);
    clock.setTimeout(record('third'), 3 * DAY);
    clock.setTimeout(record('first'), 1 * DAY);
    clock.setTimeout(record('second'), 2 * DAY);
    await clock.advanceTo(at(5 * DAY));
    assert.deepEqual(fired, [
      ['first', '2026-01-02T00:00:00.000Z'],
      ['second', '2026-01-03T00:00:00.000Z'],
      ['third', '2026-01-04T00:00:00.000Z'],
    ]);
    assert.equal(clock.now().toISOString(), '2026-01-06T00:00:00.000Z');
  });

  it('fires timers due at the same instant in the order they were set', async () => {
    const clock = new LocalClock('virtual', start);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('a'), DAY);
    clock.setTimeout(() => fired.push('b'), DAY);
    clock.setTimeout(() => fired.push('c'), DAY);
    await clock.advanceTo(at(DAY));
    assert.deepEqual(fired, ['a', 'b', 'c']);
  });

  it('fires a timer due exactly at the target, and not one due a millisecond later', async () => {
    const clock = new LocalClock('virtual', start);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('at target'), DAY);
    clock.setTimeout(() => fired.push('after target'), DAY + 1);
    await clock.advanceTo(at(DAY));
    assert.deepEqual(fired, ['at target']);
    await clock.advanceTo(at(DAY + 1));
    assert.deepEqual(fired, ['at target', 'after target']);
  });

  it('does not fire a timer scheduled later than the target', async () => {
    const clock = new LocalClock('virtual', start);
    let fired = false;
    clock.setTimeout(() => (fired = true), 10 * DAY);
    await clock.advanceTo(at(9 * DAY));
    assert.equal(fired, false);
  });

  it('never fires a timer cancelled with clearTimeout', async () => {
    const clock = new LocalClock('virtual', start);
    const fired: string[] = [];
    const cancelled = clock.setTimeout(() => fired.push('cancelled'), DAY);
    clock.setTimeout(() => fired.push('kept'), DAY);
    clock.clearTimeout(cancelled);
    clock.clearTimeout(undefined); // tolerated, like the global
    await clock.advanceTo(at(2 * DAY));
    assert.deepEqual(fired, ['kept']);
  });

  it('lets a timer cancel a later one before it is due', async () => {
    const clock = new LocalClock('virtual', start);
    const fired: string[] = [];
    const timeout = clock.setTimeout(() => fired.push('timeout'), 2 * DAY);
    clock.setTimeout(() => {
      fired.push('done');
      clock.clearTimeout(timeout);
    }, DAY);
    await clock.advanceTo(at(3 * DAY));
    assert.deepEqual(fired, ['done']);
  });

  it('rejects advancing to the past and leaves the time unchanged', async () => {
    const clock = new LocalClock('virtual', at(DAY));
    await assert.rejects(clock.advanceTo(start), /Time only moves forward/);
    assert.equal(clock.now().toISOString(), at(DAY).toISOString());
  });

  it('rejects an invalid target date', async () => {
    const clock = new LocalClock('virtual', start);
    await assert.rejects(clock.advanceTo(new Date('not a date')), /not a valid date/);
  });

  it('fires a 0-ms timer on the next turn without advancing the clock', async () => {
    const clock = new LocalClock('virtual', start);
    let firedAt: string | undefined;
    clock.setTimeout(() => (firedAt = clock.now().toISOString()));
    assert.equal(firedAt, undefined, 'fires asynchronously, like the global setTimeout');
    await flush();
    assert.equal(firedAt, start.toISOString());
    assert.equal(clock.now().toISOString(), start.toISOString());
  });

  it('treats a negative delay as 0 ms', async () => {
    const clock = new LocalClock('virtual', start);
    let fired = false;
    clock.setTimeout(() => (fired = true), -500);
    await flush();
    assert.equal(fired, true);
  });

  it('does not fire a 0-ms timer that is cleared before the next turn', async () => {
    const clock = new LocalClock('virtual', start);
    let fired = false;
    const handle = clock.setTimeout(() => (fired = true), 0);
    clock.clearTimeout(handle);
    await flush();
    await clock.settle();
    assert.equal(fired, false);
  });

  it('reads the virtual time through clock.Date.now() and new clock.Date()', async () => {
    const clock = new LocalClock('virtual', start);
    assert.equal(clock.Date.now(), start.getTime());
    assert.equal(new clock.Date().toISOString(), start.toISOString());
    await clock.advanceTo(at(DAY));
    assert.equal(clock.Date.now(), at(DAY).getTime());
    assert.equal(new clock.Date().toISOString(), '2026-01-02T00:00:00.000Z');
  });

  it('builds explicit dates with clock.Date like the global Date, and they are Dates', () => {
    const clock = new LocalClock('virtual', start);
    assert.equal(new clock.Date('2030-05-06T07:08:09.000Z').toISOString(), '2030-05-06T07:08:09.000Z');
    assert.equal(new clock.Date(0).toISOString(), '1970-01-01T00:00:00.000Z');
    assert.equal(new clock.Date(Date.UTC(2030, 0, 2)).toISOString(), '2030-01-02T00:00:00.000Z');
    assert.ok(new clock.Date() instanceof Date);
    assert.equal(clock.Date.UTC(2030, 0, 1), Date.UTC(2030, 0, 1));
  });

  it('waits for tracked work during advanceTo and fires the timer it sets when that is due too (+1 day → work → +2 days)', async () => {
    const clock = new LocalClock('virtual', start);
    const events: string[] = [];
    clock.setTimeout(() => {
      events.push(`first timer ${clock.now().toISOString()}`);
      void clock.track(async () => {
        // The work takes a few turns of the event loop, like a Lambda invocation, then schedules the next step.
        await flush();
        await flush();
        events.push('work finished');
        clock.setTimeout(() => events.push(`second timer ${clock.now().toISOString()}`), DAY);
      });
    }, DAY);
    await clock.advanceTo(at(3 * DAY));
    assert.deepEqual(events, ['first timer 2026-01-02T00:00:00.000Z', 'work finished', 'second timer 2026-01-03T00:00:00.000Z']);
    assert.equal(clock.now().toISOString(), '2026-01-04T00:00:00.000Z');
  });

  it('leaves the timer that tracked work sets for later than the target pending until a further advance', async () => {
    const clock = new LocalClock('virtual', start);
    const events: string[] = [];
    clock.setTimeout(() => {
      void clock.track(async () => {
        await flush();
        clock.setTimeout(() => events.push('second'), 5 * DAY);
      });
      events.push('first');
    }, DAY);
    await clock.advanceTo(at(3 * DAY));
    assert.deepEqual(events, ['first']);
    await clock.advanceTo(at(6 * DAY));
    assert.deepEqual(events, ['first', 'second']);
  });

  it('does not resolve advanceTo before tracked work started beforehand has finished', async () => {
    const clock = new LocalClock('virtual', start);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let workDone = false;
    const work = clock.track(async () => {
      await gate;
      workDone = true;
      return 42;
    });
    let advanced = false;
    const advancing = clock.advanceTo(at(DAY)).then(() => (advanced = true));
    await flush();
    await flush();
    assert.equal(advanced, false);
    release();
    await advancing;
    assert.equal(workDone, true);
    assert.equal(await work, 42);
  });

  it('runs two overlapping advances one after the other, firing every timer once and in order', async () => {
    const clock = new LocalClock('virtual', start);
    const fired: string[] = [];
    for (const day of [1, 2, 3, 4]) clock.setTimeout(() => fired.push(`day ${day} at ${clock.now().toISOString().slice(0, 10)}`), day * DAY);
    const [first, second] = await Promise.all([clock.advanceTo(at(2 * DAY)), clock.advanceTo(at(4 * DAY))]);
    assert.equal(first.toISOString(), '2026-01-03T00:00:00.000Z');
    assert.equal(second.toISOString(), '2026-01-05T00:00:00.000Z');
    assert.deepEqual(fired, ['day 1 at 2026-01-02', 'day 2 at 2026-01-03', 'day 3 at 2026-01-04', 'day 4 at 2026-01-05']);
  });

  it('returns the result of tracked work and passes its errors through', async () => {
    const clock = new LocalClock('virtual', start);
    assert.equal(await clock.track(async () => 'ok'), 'ok');
    await assert.rejects(
      clock.track(async () => {
        throw new Error('handler failed');
      }),
      /handler failed/,
    );
    // A failed invocation no longer counts as in flight: advancing still completes.
    await clock.advanceTo(at(DAY));
  });
});

describe("LocalClock in 'real' mode", guard, () => {
  it('refuses advanceTo', async () => {
    const clock = new LocalClock('real');
    const before = clock.now().getTime();
    await assert.rejects(clock.advanceTo(new Date(before + DAY)), /real/);
    assert.ok(clock.now().getTime() < before + DAY, 'the real clock did not jump');
  });
});
