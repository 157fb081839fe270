/**
 * The states an invoice carries besides its amounts: an open or resolved dispute, a promise to pay,
 * an agreed payment plan, and its notice ledger's records. They belong to the invoice aggregate, so
 * the features that change them (self-service, disputes, payment plans, reminders) depend on the
 * invoice and never the other way round.
 */

export interface DisputeState {
  id: string;
  status: 'open' | 'resolved';
  reason: string;
  openedAt: string;
  resolution?: DisputeResolution;
  resolvedAt?: string;
}

/** How finance settles a dispute: a credit note for part or all of the balance, cancelling the invoice, or rejecting the dispute. */
export type DisputeResolution = { kind: 'credit-note'; amount: number; note?: string } | { kind: 'cancel'; note?: string } | { kind: 'reject'; note?: string };

export interface PromiseState {
  /** YYYY-MM-DD: paid by the end of this day, in the customer's zone. */
  date: string;
  madeAt: string;
}

/**
 * A payment plan: the invoice's balance split into installments with their own due dates. Its
 * progress is never stored: what has been paid towards it is the plan's total minus the invoice's
 * balance, applied to the installments in order. So a payment (or a credit note) anywhere moves the
 * plan, and a re-started workflow derives the same state from the invoice alone.
 */
export interface PaymentPlan {
  id: string;
  /** active: being collected installment by installment; broken: an installment was missed, collection of the whole balance resumed. */
  status: 'active' | 'broken';
  installments: Installment[];
  /** The balance the plan split: the sum of its installments. */
  total: number;
  agreedAt: string;
  agreedBy: string;
  /** Set when the plan answers the customer's request from a notice link. */
  requestedAt?: string;
  brokenAt?: string;
  /** The installment (1-based) whose miss broke the plan. */
  missedInstallment?: number;
}

export interface Installment {
  /** YYYY-MM-DD. */
  dueDate: string;
  /** Minor units. */
  amount: number;
}

/** One entry of an invoice's notice ledger: a stage that is claimed, sent or skipped. */
export interface NoticeRecord {
  stage: string;
  status: 'claimed' | 'sent' | 'skipped';
  at: string;
  messageId?: string;
  reason?: string;
}
