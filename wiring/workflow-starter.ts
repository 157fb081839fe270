import { keys } from '../shared/kernel/index.js';

/**
 * Workflows start from the table's stream: a stored open invoice's insert is the request to start its
 * workflow. The write that stores the invoice commits the request with it, so nothing can store an
 * invoice and lose its start; the API and imports answer once the invoice is durable, and the starter
 * paces StartExecution under the Step Functions quota. The CDK app filters its event source mapping
 * with this rule; the local stack's stream poller applies the same one.
 */
export const workflowStarterFunctionName = 'start-workflows';

/**
 * Step Functions throttles StartExecution per account and region (Standard: refilled at 300/s in
 * us-east-1, us-west-2 and eu-west-1, 150/s elsewhere). At most `reservedConcurrency` starters run at
 * once (one per stream shard in flight), each starting at most `startsPerSecond`: 2 x 40 = 80 starts/s,
 * about half the smaller refill, leaving re-plans, the imports' payment stops and other work their share.
 */
export const workflowStarterPacing = { startsPerSecond: 40, reservedConcurrency: 2 } as const;

/**
 * The stream records the starter gets: inserts of invoice items (their sort key, the same for every
 * invoice) that are open. isWorkflowStartRequest and the CDK filter (infra/constructs/workflow-starter.ts)
 * are both built from this.
 */
export const workflowStartRule = { eventName: 'INSERT', sortKey: keys.invoice('', '').sk, status: 'open' } as const;

/** Whether a stream record is a workflow start request (workflowStartRule). */
export function isWorkflowStartRequest(record: { eventName?: string; dynamodb?: { NewImage?: Record<string, { S?: string } | undefined> } }): boolean {
  const image = record.dynamodb?.NewImage;
  return record.eventName === workflowStartRule.eventName && image?.['sk']?.S === workflowStartRule.sortKey && image['status']?.S === workflowStartRule.status;
}
