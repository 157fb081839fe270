/**
 * Business events leave through the table's stream (a transactional outbox): the facts they report
 * are items that committed with the change itself, so nothing is published for a write that failed
 * and nothing is lost when a publish fails (the stream retries). The CDK app filters its event source
 * mapping with these; the local stack's stream poller applies the same filter.
 */
export const eventRelayFunctionName = 'publish-events';

/**
 * New items whose sort key starts with one of these: timeline events, unapplied-cash entries, and an
 * invoice's own item (its insert is the invoice's creation: `invoice.created`, issue 19).
 */
export const relayedSortKeyPrefixes = ['EVENT#', 'PAY#', '#INVOICE'] as const;

/** The stream records the relay gets: inserts of relayed items (the same rule as the CDK filter). */
export function isRelayed(record: { eventName?: string; dynamodb?: { NewImage?: Record<string, { S?: string } | undefined> } }): boolean {
  const sk = record.dynamodb?.NewImage?.['sk']?.S;
  return record.eventName === 'INSERT' && sk !== undefined && relayedSortKeyPrefixes.some((prefix) => sk.startsWith(prefix));
}
