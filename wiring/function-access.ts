/**
 * What each function may touch: the stack turns this into IAM grants and environment variables, and
 * nothing gets more. A new function (a new route in wiring/api-routes.ts, a new workflow task) needs an
 * entry here before it deploys, which makes its permissions a reviewed decision.
 */
export interface FunctionAccess {
  /** The invoices table: read (GetItem/Query), or read and write. */
  table: 'none' | 'read' | 'readWrite';
  /**
   * The invoice lifecycle state machine: `start` executions (StartExecution on the state machine), or
   * `stop` them (StopExecution/DescribeExecution on its executions), both setting STATE_MACHINE_ARN;
   * or `respond` to its waiting tasks (SendTaskSuccess/Failure/Heartbeat with a task token); or `list`
   * its executions (ListExecutions on the state machine, setting STATE_MACHINE_ARN).
   */
  workflow?: 'start' | 'stop' | 'startAndStop' | 'respond' | 'list';
  /** Sends notices through SES: sets SENDER_EMAIL, SENDER_NAME and SES_CONFIGURATION_SET. */
  sendsMail?: boolean;
  /** Reads the deployment's tenant sender identities without sending: sets TENANT_SENDER_IDENTITIES (sendsMail sets it too). */
  tenantSenders?: boolean;
  /** Puts links to the API in emails: sets PUBLIC_API_URL. */
  linksToApi?: boolean;
  /** Puts business events on the event bus (events:PutEvents on it): sets EVENT_BUS_NAME. */
  publishesEvents?: boolean;
  /** Plans when notices go out (the workflow's planner, the policy dry run): sets NOTICE_SPREAD_MINUTES. */
  plansNotices?: boolean;
  /**
   * The people's user pool: `verify` its tokens (sets USER_POOL_ISSUER and USER_POOL_CLIENT_ID), or
   * `signIn` through its app client (sets USER_POOL_CLIENT_ID and USER_POOL_ISSUER; InitiateAuth of a
   * public client needs no IAM permission).
   */
  userPool?: 'verify' | 'signIn';
}

export const functionAccess: Readonly<Record<string, FunctionAccess>> = {
  // health reads nothing, but gets TABLE_NAME like every function (shared/kernel/adapters/config.ts requires it).
  health: { table: 'none' },
  // Resolves API keys (and records their last use) and verifies people's Cognito tokens.
  authorizer: { table: 'readWrite', userPool: 'verify' },
  // New invoices' workflows start from the table's stream (start-workflows); a batch in upsert mode
  // re-plans corrected open invoices (stops the old revision's workflow, starts the new one).
  'create-invoices': { table: 'readWrite', workflow: 'startAndStop' },
  'get-invoice': { table: 'read' },
  // A correction of an open invoice re-plans it (stops the old revision's workflow, starts the new one); a void stops it.
  'update-invoices': { table: 'readWrite', workflow: 'startAndStop' },
  'record-payment': { table: 'readWrite', workflow: 'stop' },
  'payment-allocations': { table: 'readWrite', workflow: 'stop' },
  // Credit notes lower invoice balances; a fully credited invoice's workflow is stopped.
  'credit-notes': { table: 'readWrite', workflow: 'stop' },
  'plan-next-step': { table: 'readWrite', plansNotices: true },
  // Every notice carries the debtor's self-service link (PUBLIC_API_URL).
  'send-reminder': { table: 'readWrite', sendsMail: true, linksToApi: true },
  'request-approval': { table: 'readWrite', sendsMail: true, linksToApi: true, workflow: 'respond' },
  'escalation-timeout': { table: 'readWrite' },
  'apply-final-action': { table: 'readWrite' },
  // Saving a policy re-plans the invoices in flight: it restarts their workflows.
  policies: { table: 'readWrite', workflow: 'startAndStop', plansNotices: true },
  // Reassigning a customer's policy or segments re-plans its invoices: it restarts their workflows.
  customers: { table: 'readWrite', workflow: 'startAndStop' },
  'decision-link': { table: 'readWrite', workflow: 'respond' },
  // A dispute or a promise re-plans the invoice (a new workflow revision); the account owner is told by email.
  'customer-link': { table: 'readWrite', workflow: 'startAndStop', sendsMail: true },
  // Recording a dispute (and resolving one) re-plans the invoice on a new workflow revision.
  disputes: { table: 'readWrite', workflow: 'startAndStop' },
  // Agreeing a payment plan re-plans the invoice on a new workflow revision.
  'payment-plans': { table: 'readWrite', workflow: 'startAndStop' },
  'mark-workflow-failed': { table: 'readWrite' },
  // Profiles; and confirming an open-items snapshot's held closes, which stops the closed invoices' workflows.
  'import-profiles': { table: 'readWrite', workflow: 'stop' },
  // The table's stream → the event bus; the stream's event source mapping grants it the stream reads.
  'publish-events': { table: 'none', publishesEvents: true },
  // Reports only read: the tenant's report rows and customers' credit limits.
  reports: { table: 'read' },
  // The table's stream (invoice items, timeline events) → report rows: reads each changed invoice, writes its row.
  'project-reports': { table: 'readWrite' },
  // The weekly digest's recipients (and the list of tenants that get one).
  'digest-settings': { table: 'readWrite' },
  // The scheduled weekly run: stores customers' risk tiers and credit-limit alerts, claims the week, emails finance.
  'weekly-digest': { table: 'readWrite', sendsMail: true },
  // Serves the dashboard's static files (bundled next to the handler); the page reads the API with the tenant's key.
  dashboard: { table: 'none' },
  // Branding, templates, suppressions, tasks: validates a tenant's sender against TENANT_SENDER_IDENTITIES.
  'notice-settings': { table: 'readWrite', sendsMail: false, tenantSenders: true },
  // Emails a statement with a self-service link per invoice.
  statements: { table: 'readWrite', sendsMail: true, linksToApi: true },
  // SES events (an EventBridge rule) → timelines, suppressions, owner tasks (and an email to the owner);
  // a hard-bounced notice is sent again to the next contact, with its self-service links (PUBLIC_API_URL).
  'ses-events': { table: 'readWrite', sendsMail: true, linksToApi: true },
  // Stops workflows through recordPayment (stored invoices' workflows start from the stream); its bucket
  // access is granted by infra/constructs/ingest.ts (drops and control objects in, reports and rejects out).
  // A file in upsert mode re-plans the open invoices it corrects (stops the old revision's workflow, starts the new one).
  'import-file': { table: 'readWrite', workflow: 'startAndStop' },
  // The table's stream (inserts of open invoices) → StartExecution, paced (wiring/workflow-starter.ts).
  'start-workflows': { table: 'readWrite', workflow: 'start' },
  // The hourly open-workflows gauge (its schedule and alarm: infra/constructs/quota-alarms.ts): states:ListExecutions on the state machine.
  'count-open-workflows': { table: 'none', workflow: 'list' },
  // The workspace's lists (read) and a collector's actions: pausing, resuming or a promise re-plans the invoice (a new workflow revision).
  workspace: { table: 'readWrite', workflow: 'startAndStop' },
  // API keys' lifecycle (POST/GET/DELETE /api-keys): the tenant's key items.
  'api-keys': { table: 'readWrite' },
  // POST /session signs a person in (Cognito InitiateAuth); GET /me answers from the authorizer's context.
  session: { table: 'none', userPool: 'signIn' },
};

export function accessOf(functionName: string): FunctionAccess {
  const access = functionAccess[functionName];
  if (access === undefined) {
    throw new Error(`Function '${functionName}' has no entry in wiring/function-access.ts: declare what it may access before it can deploy`);
  }
  return access;
}
