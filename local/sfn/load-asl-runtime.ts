import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type * as AslRuntime from 'aws-local-stepfunctions';
import type { LocalClock } from '../clock.js';

const require = createRequire(import.meta.url);

/** aws-local-stepfunctions needs Promise.withResolvers (Node 22); Node 20 lacks it. */
function polyfillPromiseWithResolvers(): void {
  const promiseConstructor = Promise as unknown as { withResolvers?: unknown };
  if (typeof promiseConstructor.withResolvers === 'function') return;
  promiseConstructor.withResolvers = function withResolvers<T>() {
    let resolve!: (value: T | PromiseLike<T>) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

/**
 * Loads aws-local-stepfunctions with the local clock's `Date`, `setTimeout` and `clearTimeout` in
 * place of the globals, so Wait states, task timeouts and retry back-off follow the arflow clock
 * (a 14-day Wait passes in one `POST /_local/clock`). The library's own code runs unchanged: its
 * CommonJS build is evaluated like Node's module loader does, with three globals shadowed.
 */
export function loadAslRuntime(clock: LocalClock): typeof AslRuntime {
  polyfillPromiseWithResolvers();
  // require.resolve picks the package's "require" export: its CommonJS build.
  const file = require.resolve('aws-local-stepfunctions');
  const source = readFileSync(file, 'utf8');
  const moduleRequire = createRequire(file);
  const module = { exports: {} as Record<string, unknown> };
  const evaluate = new Function('exports', 'require', 'module', '__filename', '__dirname', 'Date', 'setTimeout', 'clearTimeout', source);
  evaluate(module.exports, moduleRequire, module, file, dirname(file), clock.Date, clock.setTimeout, clock.clearTimeout);
  return module.exports as unknown as typeof AslRuntime;
}
