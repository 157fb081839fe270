import { functionTimeouts, type FunctionPurpose } from '../infra/constructs/functions.js';
import { importFunctionName } from '../infra/constructs/ingest.js';
import { eventRelayFunctionName } from '../infra/event-relay.js';
import { openWorkflowsGaugeFunctionName, weeklyDigestFunctionName } from '../infra/schedules.js';
import { sesEventsFunctionName } from '../infra/constructs/notices.js';
import { workflowStarterFunctionName } from '../infra/workflow-starter.js';
import { invoiceLifecycleTasks } from '../workflows/invoice-lifecycle.js';

const workflowTasks = new Set<string>(Object.values(invoiceLifecycleTasks));

/** A function's timeout as the CDK app deploys it: the import's 15 minutes locally too, so it hands itself on as it would on AWS. */
export function timeoutMsOf(functionName: string): number {
  let ms = timeouts.get(functionName);
  if (ms === undefined) {
    ms = purposeTimeoutMs(functionName);
    timeouts.set(functionName, ms);
  }
  return ms;
}

/** Per function name, once: every local invocation asks, and the CDK Duration arithmetic showed in the simulator's profile. */
const timeouts = new Map<string, number>();

function purposeTimeoutMs(functionName: string): number {
  const purpose: FunctionPurpose = workflowTasks.has(functionName)
    ? 'workflow'
    : functionName === importFunctionName
      ? 'import'
      : functionName === eventRelayFunctionName || functionName === sesEventsFunctionName || functionName === workflowStarterFunctionName
        ? 'stream'
        : functionName === weeklyDigestFunctionName || functionName === openWorkflowsGaugeFunctionName
          ? 'scheduled'
          : 'api';
  return functionTimeouts[purpose].toMilliseconds();
}
