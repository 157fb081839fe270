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
  ],
  timeToLiveAttribute: 'expiresAt',
} as const;
