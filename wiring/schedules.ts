/**
 * Functions run on a schedule rather than by a route, a workflow task or a stream. The CDK app gives
 * each an EventBridge rule; the local stack runs the same handler through `POST /_local/digest`.
 */
export const weeklyDigestFunctionName = 'weekly-digest';
/** Hourly: counts the open invoice workflows for the open executions alarm (infra/constructs/quota-alarms.ts). */
export const openWorkflowsGaugeFunctionName = 'count-open-workflows';
