import { NotFoundError } from '../kernel/index.js';
import type { Invoice } from './invoice.js';
import type { NoticeRecord } from './invoice-state.js';
import type { TimelineEvent } from '../kernel/index.js';
import type { InvoicingDeps } from './deps.js';

export interface InvoiceView {
  invoice: Invoice;
  notices: NoticeRecord[];
  timeline: TimelineEvent[];
}

export async function getInvoice(deps: Pick<InvoicingDeps, 'invoices' | 'noticeLedger'>, tenantId: string, invoiceNumber: string): Promise<InvoiceView> {
  const [invoice, notices, timeline] = await Promise.all([
    deps.invoices.get(tenantId, invoiceNumber),
    deps.noticeLedger.notices(tenantId, invoiceNumber),
    deps.invoices.timeline(tenantId, invoiceNumber),
  ]);
  if (!invoice) throw new NotFoundError(`Invoice ${invoiceNumber} does not exist`);
  return { invoice, notices, timeline };
}
