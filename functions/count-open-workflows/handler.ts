import type { ScheduledEvent } from 'aws-lambda';
import { createSfnClient } from '../../shared/kernel/index.js';
import { readEnvironment, required } from '../../shared/kernel/index.js';
import { logger, metrics } from '../../shared/kernel/index.js';
import { openWorkflowsMetricName, SfnOpenExecutions } from '../../shared/invoicing/index.js';
import { withObservability } from '../_shared/middleware.js';

export interface OpenWorkflowsGaugeDeps {
  openExecutions: Pick<SfnOpenExecutions, 'count'>;
}

/**
 * Scheduled (hourly): counts the invoice workflows that are open and publishes the count as a
 * CloudWatch metric, so an alarm fires long before the region's open executions quota stops
 * new invoices from starting theirs.
 */
export const createHandler = (deps: OpenWorkflowsGaugeDeps) =>
  withObservability<ScheduledEvent | Record<string, unknown>, { openWorkflows: number }>({ metrics: true }).handler(async () => {
    const openWorkflows = await deps.openExecutions.count();
    metrics.addMetric(openWorkflowsMetricName, 'Count', openWorkflows);
    logger.info('Counted open invoice workflows', { openWorkflows });
    return { openWorkflows };
  });

export function gaugeDeps(env = readEnvironment()): OpenWorkflowsGaugeDeps {
  return { openExecutions: new SfnOpenExecutions(createSfnClient(), required(env, 'STATE_MACHINE_ARN')) };
}

export const handler = createHandler(gaugeDeps());
