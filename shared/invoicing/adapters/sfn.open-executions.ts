import { paginateListExecutions, type SFNClient } from '@aws-sdk/client-sfn';

/** The gauge's metric (namespace `arflow`, dimension `service`); infra/constructs/quota-alarms.ts alarms on it. */
export const openWorkflowsMetricName = 'OpenWorkflows';

/**
 * How many executions of the state machine are open (RUNNING): each open invoice holds one for its
 * whole life, and the account may hold 1,000,000 Standard executions open per region (a soft quota).
 * CloudWatch has no metric for it, so it is counted: ListExecutions, 1,000 per page. At the quota
 * that is 1,000 calls, about 8 minutes at ListExecutions' default refill of 2 calls per second (the
 * SDK retries its throttling), inside a scheduled function's 15 minutes. ListExecutions is free.
 */
export class SfnOpenExecutions {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
    /** ListExecutions' largest page; smaller only to test the paging. */
    private readonly pageSize = 1000,
  ) {}

  async count(): Promise<number> {
    let open = 0;
    const pages = paginateListExecutions({ client: this.client, pageSize: this.pageSize }, { stateMachineArn: this.stateMachineArn, statusFilter: 'RUNNING' });
    for await (const page of pages) open += page.executions?.length ?? 0;
    return open;
  }
}
