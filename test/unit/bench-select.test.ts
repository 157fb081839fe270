import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { benchmarks, selectedBenchmarks } from '../../bench/select.js';

describe('choosing benchmarks (npm run bench -- NAME, BENCH=NAME,…)', () => {
  const every = Object.keys(benchmarks);

  it('runs every benchmark when none is named, or with all', () => {
    assert.deepEqual(selectedBenchmarks([], undefined), every);
    assert.deepEqual(selectedBenchmarks([], ''), every);
    assert.deepEqual(selectedBenchmarks(['all'], undefined), every);
  });

  it('takes names from argv and BENCH together, in the registry order', () => {
    assert.deepEqual(selectedBenchmarks(['cost'], undefined), ['cost']);
    assert.deepEqual(selectedBenchmarks([], 'simulator, cost'), ['cost', 'simulator']);
    assert.deepEqual(selectedBenchmarks(['lifecycle'], 'bundles'), ['bundles', 'lifecycle']);
  });

  it('refuses an unknown name instead of skipping it, naming the known ones', () => {
    assert.throws(() => selectedBenchmarks(['costs'], undefined), /unknown benchmark costs: pick from bundles, latency, cost, create, ingest, simulator, lifecycle/);
    assert.throws(() => selectedBenchmarks([], 'cost,nope'), /unknown benchmark nope/);
  });
});
