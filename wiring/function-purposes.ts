import { invoiceLifecycleTasks } from '../workflows/invoice-lifecycle.js';
import { eventRelayFunctionName } from './event-relay.js';
import { openWorkflowsGaugeFunctionName, weeklyDigestFunctionName } from './schedules.js';
import { workflowStarterFunctionName } from './workflow-starter.js';
import { reportProjectorFunctionName } from './report-projection.js';

/** What runs a function; the CDK app gives each purpose its timeout (infra/constructs/functions.ts). */
export type FunctionPurpose = 'api' | 'workflow' | 'import' | 'stream' | 'scheduled';

/** The Lambda that imports dropped files (functions/import-file); the local stack routes s3rver's events to it too. */
export const importFunctionName = 'import-file';

/** The function that SES's events go to (functions/ses-events). */
export const sesEventsFunctionName = 'ses-events';

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
 * answers an API route (wiring/api-routes.ts). The CDK app and the local stack both read it here.
 */
export function purposeOf(functionName: string): FunctionPurpose {
  return nonApiPurposes.get(functionName) ?? 'api';
}
