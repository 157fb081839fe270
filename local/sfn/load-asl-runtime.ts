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
  const libraryRequire = createRequire(file);
  const moduleRequire = (id: string): unknown => (id === 'jsonpath-plus' ? withScalarResultsReturned(libraryRequire(id) as JsonPathPlus) : libraryRequire(id));
  const module = { exports: {} as Record<string, unknown> };
  const evaluate = new Function('exports', 'require', 'module', '__filename', '__dirname', 'Date', 'setTimeout', 'clearTimeout', source);
  evaluate(module.exports, moduleRequire, module, file, dirname(file), clock.Date, clock.setTimeout, clock.clearTimeout);
  return module.exports as unknown as typeof AslRuntime;
}

type JsonPathOptions = { path: string; json: unknown; wrap?: boolean; autostart?: boolean };
type JsonPathFunction = ((options: JsonPathOptions, ...rest: unknown[]) => unknown) & (new (options: JsonPathOptions) => { evaluate(options: { path: string; json: unknown }): unknown });
type JsonPathPlus = { JSONPath: JsonPathFunction } & Record<string, unknown>;

/**
 * jsonpath-plus, as the runtime calls it (`JSONPath({ path, json, wrap: false })`), hands back a
 * scalar result by throwing it inside an Error and catching that: an Error with a stack trace per
 * path evaluated, which was a few percent of the policy simulator's CPU. The same evaluation, called
 * the way the library's constructor calls it, returns the result directly; any other call form is
 * passed through unchanged.
 */
function withScalarResultsReturned(library: JsonPathPlus): JsonPathPlus {
  const { JSONPath } = library;
  const direct = (options: JsonPathOptions, ...rest: unknown[]): unknown => {
    if (rest.length > 0 || options === null || typeof options !== 'object' || options.autostart !== undefined || !('json' in options)) return JSONPath(options, ...rest);
    return new JSONPath({ ...options, autostart: false }).evaluate({ path: options.path, json: options.json });
  };
  return { ...library, JSONPath: Object.assign(direct, JSONPath) as unknown as JsonPathFunction };
}
