import { functionTimeouts } from '../infra/constructs/functions.js';
import { purposeOf } from '../wiring/function-purposes.js';

/** A function's timeout as the CDK app deploys it: the import's 15 minutes locally too, so it hands itself on as it would on AWS. */
export function timeoutMsOf(functionName: string): number {
  let ms = timeouts.get(functionName);
  if (ms === undefined) {
    ms = functionTimeouts[purposeOf(functionName)].toMilliseconds();
    timeouts.set(functionName, ms);
  }
  return ms;
}

/** Per function name, once: every local invocation asks, and the CDK Duration arithmetic showed in the simulator's profile. */
const timeouts = new Map<string, number>();
