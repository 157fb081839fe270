export const matchOutcomes = ['by-reference', 'by-number', 'suggested', 'unapplied'] as const;
export type MatchOutcome = (typeof matchOutcomes)[number];

/** Why a match is only suggested. */
export const suggestionReasons = ['fuzzy-number', 'amount-mismatch', 'unconfirmed-payer', 'known-payer-same-amount', 'open-invoices-sum', 'invoice-not-open', 'other-customer'] as const;

/** A match a person may confirm with POST /payments/{id}/allocate. */
export interface Suggestion {
  invoiceNumbers: string[];
  customerId: string;
  /** What the invoices owe together. */
  balance: number;
  why: (typeof suggestionReasons)[number];
}

