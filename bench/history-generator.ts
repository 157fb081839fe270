import type { HistoryRow } from '../shared/imports/index.js';

/**
 * `factor` times a history: each copy has its own invoice numbers and customers (suffix `X<copy>`) and
 * the same dates and amounts, so 10× the data is 10× the invoices on the same days, each customer with
 * the same number of invoices as in the original (the per-customer work per notice does not grow).
 */
export function scaleHistory(rows: readonly HistoryRow[], factor: number): HistoryRow[] {
  if (factor === 1) return [...rows];
  const out: HistoryRow[] = [];
  for (let copy = 0; copy < factor; copy++) {
    const suffix = `X${copy}`;
    for (const row of rows) {
      const invoiceNumber = `${row.invoice.invoiceNumber}${suffix}`;
      const customerId = `${row.invoice.customer.id}${suffix}`;
      out.push({
        ...row,
        invoice: { ...row.invoice, invoiceNumber, customer: { ...row.invoice.customer, id: customerId, name: `Customer ${customerId}`, email: `ar+${customerId.toLowerCase()}@example.invalid` } },
        ...(row.payment ? { payment: { ...row.payment, invoiceNumber } } : {}),
      });
    }
  }
  return out;
}
