import { mapWithConcurrency } from '../shared/kernel/index.js';

/**
 * Invoices per POST /invoices (the API's maximum) and requests in flight, like a client pushing a
 * backlog. One at a time: on a loaded two-core machine a 500-invoice request can take 10-20 s, and
 * more in flight only queue at DynamoDB Local and risk the API's 29 s limit.
 */
export const API_BATCH = 500;
export const API_IN_FLIGHT = 1;
/** A 5xx (the local API's 29 s limit on a loaded machine) is retried, as the API's error tells a client to: ingest is idempotent. */
const ATTEMPTS = 4;

/** Generated invoices in the API's own contract, due after the virtual clock's start (each workflow plans its first reminder and waits). */
export function apiInvoices(count: number, prefix: string): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => {
    const customer = `C-${i % 997}`;
    const day = String(1 + (i % 28)).padStart(2, '0');
    return {
      invoiceNumber: `${prefix}-${String(i).padStart(7, '0')}`,
      customer: { id: customer, name: `Customer ${customer}`, email: `ap+${customer.toLowerCase()}@example.invalid` },
      issueDate: `2027-01-${day}`,
      dueDate: `2027-03-${day}`,
      currency: 'EUR',
      amount: 10000 + i,
    };
  });
}

/**
 * POSTs the invoices to the local API in batches of 500 and checks every one is stored (created, or
 * unchanged after a retried 5xx); returns the wall time in ms from the first request to the last
 * answer, and how many requests were retried.
 */
export async function postInBatches(apiUrl: string, apiKey: string, invoices: Record<string, unknown>[]): Promise<{ ms: number; retries: number }> {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < invoices.length; i += API_BATCH) batches.push(invoices.slice(i, i + API_BATCH));
  let retries = 0;
  const started = performance.now();
  await mapWithConcurrency(batches, API_IN_FLIGHT, async (batch, index) => {
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(`${apiUrl}/invoices`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ invoices: batch }) });
      const body = (await response.json()) as { summary?: Record<string, number> };
      const stored = (body.summary?.['created'] ?? 0) + (body.summary?.['unchanged'] ?? 0);
      if (response.status === 200 && stored === batch.length) return;
      if (response.status < 500 || attempt >= ATTEMPTS) throw new Error(`batch ${index}: HTTP ${response.status} ${JSON.stringify(body.summary ?? body)}`);
      retries++;
    }
  });
  return { ms: performance.now() - started, retries };
}
