import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Opaque cursors for the lists that page (GET /invoices, /customers, /worklist): the position after
 * the last item answered and a fingerprint of the query, HMAC-signed with the tenant's link key over
 * the tenant, the list and both. A cursor changed by hand, made for another tenant or another list,
 * or replayed with other filters fails the signature and is a 422 on `cursor` — never a read of
 * something else. The position is a unique sort key (keyset paging), so items added while a client
 * pages never make another item appear twice or go missing.
 */
export interface CursorScope {
  tenantId: string;
  /** The list, e.g. `invoices`. */
  list: string;
  /** The filters and sort that the position is only meaningful under. */
  query: string;
}

export function encodeCursor(key: string, scope: CursorScope, position: string): string {
  const body = Buffer.from(position, 'utf8').toString('base64url');
  return `${body}.${signature(key, scope, body)}`;
}

/** The position a cursor carries, or undefined when it was not made by encodeCursor for this scope. */
export function decodeCursor(key: string, scope: CursorScope, cursor: string): string | undefined {
  const [body, given, ...rest] = cursor.split('.');
  if (body === undefined || given === undefined || rest.length > 0 || body === '') return undefined;
  const expected = Buffer.from(signature(key, scope, body));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
  return Buffer.from(body, 'base64url').toString('utf8');
}

function signature(key: string, scope: CursorScope, body: string): string {
  return createHmac('sha256', Buffer.from(key, 'base64url'))
    .update(`cursor\u0000${scope.tenantId}\u0000${scope.list}\u0000${scope.query}\u0000${body}`)
    .digest('base64url');
}
