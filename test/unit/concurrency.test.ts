import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mapWithConcurrency } from '../../shared/kernel/index.js';

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every pending promise callback run (one macrotask turn; no wall-clock wait). */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A mapper whose calls the test finishes by hand, recording what is in flight. */
function controlled(count: number) {
  const gates = Array.from({ length: count }, () => deferred<string>());
  const started: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fn = async (item: string, index: number) => {
    started.push(index);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      return `${item}:${await gates[index]!.promise}`;
    } finally {
      inFlight--;
    }
  };
  return { gates, started, fn, inFlight: () => inFlight, maxInFlight: () => maxInFlight };
}

describe('mapWithConcurrency', () => {
  it('keeps the input order in the results when later items finish first', async () => {
    const items = ['a', 'b', 'c', 'd'];
    const run = controlled(items.length);
    const result = mapWithConcurrency(items, 4, run.fn);
    await flush();
    for (const index of [3, 1, 2, 0]) {
      run.gates[index]!.resolve(`done${index}`);
      await flush();
    }
    assert.deepEqual(await result, ['a:done0', 'b:done1', 'c:done2', 'd:done3']);
  });

  it('never has more than `limit` calls in flight and starts the next item as soon as one finishes', async () => {
    const items = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const run = controlled(items.length);
    const result = mapWithConcurrency(items, 3, run.fn);
    await flush();
    assert.deepEqual(run.started, [0, 1, 2]);
    assert.equal(run.inFlight(), 3);

    run.gates[1]!.resolve('x');
    await flush();
    assert.deepEqual(run.started, [0, 1, 2, 3]);
    assert.equal(run.inFlight(), 3);

    run.gates[0]!.resolve('x');
    run.gates[2]!.resolve('x');
    await flush();
    assert.deepEqual(run.started, [0, 1, 2, 3, 4, 5]);
    assert.equal(run.inFlight(), 3);

    for (const index of [3, 4, 5, 6]) {
      run.gates[index]!.resolve('x');
      await flush();
    }
    assert.deepEqual(await result, items.map((item) => `${item}:x`));
    assert.equal(run.maxInFlight(), 3);
    assert.equal(run.inFlight(), 0);
  });

  it('runs one at a time with limit 1', async () => {
    const run = controlled(3);
    const result = mapWithConcurrency(['a', 'b', 'c'], 1, run.fn);
    for (const index of [0, 1, 2]) {
      await flush();
      assert.deepEqual(run.started, [0, 1, 2].slice(0, index + 1));
      run.gates[index]!.resolve('x');
    }
    assert.deepEqual(await result, ['a:x', 'b:x', 'c:x']);
    assert.equal(run.maxInFlight(), 1);
  });

  it('starts every item at once when the limit exceeds the number of items', async () => {
    const run = controlled(2);
    const result = mapWithConcurrency(['a', 'b'], 10, run.fn);
    await flush();
    assert.deepEqual(run.started, [0, 1]);
    run.gates[0]!.resolve('x');
    run.gates[1]!.resolve('y');
    assert.deepEqual(await result, ['a:x', 'b:y']);
  });

  it('returns an empty array for no items without calling the mapper', async () => {
    let calls = 0;
    assert.deepEqual(
      await mapWithConcurrency([], 3, async () => {
        calls++;
      }),
      [],
    );
    assert.equal(calls, 0);
  });

  it('passes each item with its index', async () => {
    assert.deepEqual(await mapWithConcurrency(['a', 'b', 'c'], 2, async (item, index) => `${index}${item}`), ['0a', '1b', '2c']);
  });

  it('rejects with the error of a failing call', async () => {
    await assert.rejects(
      mapWithConcurrency([1, 2, 3], 2, async (item) => {
        if (item === 2) throw new Error('row 2 failed');
        return item;
      }),
      /row 2 failed/,
    );
  });

  it(
    'does not resolve with unmapped holes when the limit is below 1 (0 or NaN)',
    async () => {
      for (const limit of [0, Number.NaN]) {
        let outcome: unknown[] | Error;
        try {
          outcome = await mapWithConcurrency([1, 2], limit, async (item) => item * 2);
        } catch (error) {
          outcome = error as Error;
        }
        // Either it refuses the limit or it maps every item; silently mapping nothing is wrong.
        if (Array.isArray(outcome)) assert.deepEqual(outcome, [2, 4], `limit ${limit}`);
        else assert.ok(outcome instanceof Error);
      }
    },
  );
});
