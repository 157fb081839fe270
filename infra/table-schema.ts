/**
 * The table's key schema: the CDK data construct and the local stack both build the table from it.
 * The layout of items inside is shared/adapters/dynamo-keys.ts.
 */
export const tableKeySchema = {
  partitionKey: 'pk',
  sortKey: 'sk',
  attributes: [
    { name: 'pk', type: 'S' },
    { name: 'sk', type: 'S' },
    { name: 'customerPk', type: 'S' },
    { name: 'customerSk', type: 'S' },
    { name: 'reportCustomerPk', type: 'S' },
  ],
  /**
   * Secondary indexes. `byCustomer` finds a customer's open invoices for payment matching (sparse:
   * only invoice items carry its keys; shared/adapters/dynamo-keys.ts writes them). `reportsByCustomer`
   * reads one customer's report rows (sparse: only report rows carry `reportCustomerPk`).
   */
  globalSecondaryIndexes: [
    { name: 'byCustomer', partitionKey: 'customerPk', sortKey: 'customerSk', nonKeyAttributes: ['invoiceNumber', 'status', 'currency', 'balance'] },
    { name: 'reportsByCustomer', partitionKey: 'reportCustomerPk', sortKey: 'sk', nonKeyAttributes: ['row'] },
  ],
  timeToLiveAttribute: 'expiresAt',
} as const;
