import { createReadStream } from 'node:fs';
import type { InvoiceInput } from '../invoicing/index.js';
import type { PaymentInput } from '../payments/index.js';
import { builtInProfile } from './import-profile.js';
import { readRecords } from './record-reader.js';
import { RowMapper } from './row-mapper.js';
import type { ReportInvoice } from '../reports/index.js';

/** One row of a paid-invoice history: the invoice as the import reads it, its settlement, and whether it was disputed. */
export interface HistoryRow {
  line: number;
  invoice: InvoiceInput;
  payment?: PaymentInput;
  disputed: boolean;
}

/**
 * Reads a history file in the layout of the IBM accounts-receivable sample (data/README.md)
 * with the built-in `ibm-ar-sample` and `ibm-ar-sample-payments` import profiles, so dates and amounts
 * are read exactly as a file drop reads them. The `Disputed` column (Yes/No) has no profile field: it
 * is read here. Rows the import would reject throw, naming the line.
 */
export async function readHistoryFile(path: string, options: { limit?: number } = {}): Promise<HistoryRow[]> {
  const invoices = new RowMapper(profile('ibm-ar-sample'));
  const payments = new RowMapper(profile('ibm-ar-sample-payments'));
  const rows: HistoryRow[] = [];
  for await (const event of readRecords(createReadStream(path), { format: 'csv', delimiter: ',', position: { offset: 0, line: 1 } })) {
    if (event.type !== 'row') continue;
    if (options.limit !== undefined && rows.length >= options.limit) break;
    if (event.problem) throw new Error(`${path} line ${event.line}: ${event.problem}`);
    const invoice = invoices.invoice(event.record);
    if (!invoice.ok) throw new Error(`${path} line ${event.line}: ${invoice.reason}`);
    const settled = typeof event.record['SettledDate'] === 'string' && event.record['SettledDate'].trim() !== '';
    const payment = settled ? payments.payment(event.record) : undefined;
    if (payment && !payment.ok) throw new Error(`${path} line ${event.line}: ${payment.reason}`);
    const disputed = String(event.record['Disputed'] ?? '').trim().toLowerCase() === 'yes';
    rows.push({ line: event.line, invoice: invoice.value, ...(payment?.ok ? { payment: payment.value } : {}), disputed });
  }
  return rows;
}

/**
 * The history as report input. The file says only that an invoice was disputed "at some point", not
 * when: the dispute is dated on the issue date, so any period that contains the issue counts it.
 */
export function historyReportInvoices(rows: readonly HistoryRow[]): ReportInvoice[] {
  return rows.map(({ invoice, payment, disputed }) => ({
    invoiceNumber: invoice.invoiceNumber,
    customerId: invoice.customer.id,
    currency: invoice.currency,
    amount: invoice.amount,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    payments: payment ? [{ date: payment.paidAt, amount: payment.amount }] : [],
    ...(disputed ? { disputedAt: invoice.issueDate } : {}),
  }));
}

function profile(name: string) {
  const found = builtInProfile(name);
  if (!found) throw new Error(`The built-in import profile ${name} is missing`);
  return found;
}
