import { createHash } from 'node:crypto';

/**
 * Deterministic Step Functions execution name for an invoice's workflow revision, so that a repeated
 * start is recognised as the same execution. Names allow 80 characters of [A-Za-z0-9-_]: a readable
 * prefix, then a hash of the exact tenant and number so two invoices never share a name.
 */
export function executionName(tenantId: string, invoiceNumber: string, revision: number): string {
  const readable = `${tenantId}-${invoiceNumber}`.replace(/[^A-Za-z0-9-_]/g, '_').slice(0, 48);
  const hash = createHash('sha256').update(`${tenantId}\u0000${invoiceNumber}`).digest('hex').slice(0, 16);
  return `${readable}-${hash}-r${revision}`;
}
