/**
 * The table's key schema: the CDK data construct and the local stack both build the table from it.
 * The layout of items inside is shared/kernel/adapters/dynamo-keys.ts.
 */
export const tableKeySchema = {
  partitionKey: 'pk',
  sortKey: 'sk',
  attributes: [
    { name: 'pk', type: 'S' },
    { name: 'sk', type: 'S' },
    { name: 'customerPk', type: 'S' },
    { name: 'customerSk', type: 'S' },
    { name: 'policyPk', type: 'S' },
    { name: 'policySk', type: 'S' },
    { name: 'reportCustomerPk', type: 'S' },
    { name: 'paymentRefKey', type: 'S' },
    { name: 'listPk', type: 'S' },
    { name: 'listSk', type: 'S' },
  ],
  /**
   * Secondary indexes, sparse: only invoice items carry their keys (shared/kernel/adapters/dynamo-keys.ts
   * writes them). `byCustomer` lists a customer's invoices (payment matching, its timeline, its risk);
   * `byPolicy` lists the invoices a policy collects, in shards (a policy change re-plans them), KEYS_ONLY:
   * its sort key is the invoice number, all a reader needs, so each write to it stays one unit.
   * `reportsByCustomer` reads one customer's report rows (sparse: only report rows carry `reportCustomerPk`).
   * `byPaymentReference` finds the invoice a payment reference names (bank statements, payments): invoice
   * items carry `paymentRefKey` = `T#<tenant>#REF#<normalized reference>`, one partition per reference.
   * CloudFormation adds at most one GSI per table update: a stack deployed before `byPolicy` and
   * `reportsByCustomer` existed gets them in two deploys, one index each (README, "Upgrading").
   */
  globalSecondaryIndexes: [
    { name: 'byCustomer', partitionKey: 'customerPk', sortKey: 'customerSk', projection: 'INCLUDE', nonKeyAttributes: ['invoiceNumber', 'status', 'currency', 'balance'] },
    { name: 'byPolicy', partitionKey: 'policyPk', sortKey: 'policySk', projection: 'KEYS_ONLY', nonKeyAttributes: [] },
    { name: 'reportsByCustomer', partitionKey: 'reportCustomerPk', sortKey: 'sk', projection: 'INCLUDE', nonKeyAttributes: ['row'] },
    { name: 'byPaymentReference', partitionKey: 'paymentRefKey', sortKey: 'sk', projection: 'INCLUDE', nonKeyAttributes: ['invoiceNumber'] },
    // GET /invoices: a tenant's invoices by due date in 8 shards (dynamo-keys.ts `invoiceListIndex`), with what a list row shows and filters on.
    { name: 'invoiceList', partitionKey: 'listPk', sortKey: 'listSk', projection: 'INCLUDE', nonKeyAttributes: ['invoiceNumber', 'status', 'balance', 'amount', 'currency', 'dueDate', 'extendedDueDate', 'customer', 'pausedUntil', 'promise', 'dispute', 'listSearch'] },
  ],
  timeToLiveAttribute: 'expiresAt',
} as const;
