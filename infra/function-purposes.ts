import { invoiceLifecycleTasks } from '../workflows/invoice-lifecycle.js';
import type { FunctionPurpose } from './constructs/functions.js';
import { importFunctionName } from './constructs/ingest.js';
import { sesEventsFunctionName } from './constructs/notices.js';
import { eventRelayFunctionName } from './event-relay.js';
import { openWorkflowsGaugeFunctionName, weeklyDigestFunctionName } from './schedules.js';
import { workflowStarterFunctionName } from './workflow-starter.js';
import { reportProjectorFunctionName } from './report-projection.js';

/** The functions that no API route runs, by what runs them instead. */
const nonApiPurposes = new Map<string, FunctionPurpose>([
  ...Object.values(invoiceLifecycleTasks).map((name): [string, FunctionPurpose] => [name, 'workflow']),
  [importFunctionName, 'import'],
  [eventRelayFunctionName, 'stream'],
  [sesEventsFunctionName, 'stream'],
  [workflowStarterFunctionName, 'stream'],
  [reportProjectorFunctionName, 'stream'],
  [weeklyDigestFunctionName, 'scheduled'],
  [openWorkflowsGaugeFunctionName, 'scheduled'],
]);

/**
 * What runs a function, which sets its timeout (functionTimeouts): every function not listed above
 * answers an API route (infra/api-routes.ts). The CDK app and the local stack both read it here.
 */
export function purposeOf(functionName: string): FunctionPurpose {
  return nonApiPurposes.get(functionName) ?? 'api';
}
