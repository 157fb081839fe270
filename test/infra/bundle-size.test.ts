import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { functionAccess } from '../../wiring/function-access.js';
import { bundleFunctions, functionEntries, type FunctionBundle } from '../../bench/bundles/build-functions.js';

/**
 * A generous ceiling per function: the largest bundle measured 1,010 KiB (import-file) and most are
 * about 800 KiB (docs/benchmarks.md); 1.5 MiB leaves room to grow but catches a dependency pulled in
 * whole (zod's named `z` import alone added about 350 KiB to every function). Size, not time: init
 * time is measured by `BENCH=bundles npm run bench`, never in tests.
 */
const budgetBytes = 1.5 * 1024 * 1024;

describe('Lambda bundles, built with the CDK app’s esbuild options', () => {
  let outdir: string;
  let bundles: FunctionBundle[];
  before(async () => {
    outdir = await mkdtemp(join(tmpdir(), 'arflow-bundle-test-'));
    bundles = await bundleFunctions(outdir);
  });
  after(async () => {
    await rm(outdir, { recursive: true, force: true });
  });

  it('builds a bundle for every function the stack deploys', () => {
    assert.deepEqual(Object.keys(functionEntries()).sort(), Object.keys(functionAccess).sort());
  });

  it(`keeps every function under ${budgetBytes / 1024 / 1024} MiB minified`, () => {
    const over = bundles.filter((bundle) => bundle.bytes > budgetBytes).map((bundle) => `${bundle.name}: ${Math.round(bundle.bytes / 1024)} KiB`);
    assert.deepEqual(over, [], 'over budget; see which packages dominate with `BENCH=bundles npm run bench`');
  });

  it('imports nothing at run time but Node built-ins (nothing the nodejs22.x runtime lacks is left external)', () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
    for (const bundle of bundles) {
      const foreign = bundle.runtimeImports.filter((path) => !builtins.has(path));
      assert.deepEqual(foreign, [], `${bundle.name} imports ${foreign.join(', ')} at run time`);
    }
  });
});
