import type { ReportInvoice } from './report-invoice.js';

/** An escalation waiting for an approver's decision, as finance sees it (GET /escalations, the digest). */
export interface PendingEscalationListing {
  invoiceNumber: string;
  customerId: string;
  currency: string;
  balanceMinor: number;
  escalatedAt: string;
  expiresAt: string;
  approvers: string[];
}

/** Escalations pending now (on open invoices), the one that expires first first. */
export function pendingEscalations(invoices: readonly ReportInvoice[]): PendingEscalationListing[] {
  return invoices
    .flatMap((invoice) => {
      const pending = invoice.pendingEscalation;
      if (!pending) return [];
      return [
        {
          invoiceNumber: invoice.invoiceNumber,
          customerId: invoice.customerId,
          currency: invoice.currency,
          balanceMinor: pending.balance,
          escalatedAt: pending.escalatedAt,
          expiresAt: pending.expiresAt,
          approvers: pending.approvers,
        },
      ];
    })
    .sort((a, b) => (a.expiresAt < b.expiresAt ? -1 : a.expiresAt > b.expiresAt ? 1 : a.invoiceNumber < b.invoiceNumber ? -1 : 1));
}
