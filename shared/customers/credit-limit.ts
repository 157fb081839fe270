import type { StoredRisk } from './customer.js';
import type { CustomerRisk } from '../reports/index.js';

/**
 * The alert raised when a high-risk customer's open balance passes its credit limit: stored on the
 * customer (key `T#<tenant>#CUSTOMER#<id>` / `EVENT#<key>`) together with the customer's
 * `creditLimitExceeded` mark, so it is raised once per crossing; the table's stream publishes it as the
 * business event `customer.credit_limit_exceeded`. The mark is cleared when the balance is back under
 * the limit (or the customer is no longer high risk), which arms the next crossing.
 */
export interface CreditLimitAlert {
  type: 'customer.credit-limit-exceeded';
  at: string;
  key: string;
  detail: {
    customerId: string;
    currency: string;
    openBalance: number;
    creditLimit: number;
    score: number;
    tier: StoredRisk['tier'];
  };
}

/** Whether the assessment says the customer is over its limit in the way that alerts: high risk and over. */
export function exceedsCreditLimit(risk: CustomerRisk): boolean {
  return risk.tier === 'high' && risk.overCreditLimit;
}

export function creditLimitAlert(risk: CustomerRisk, at: string): CreditLimitAlert | undefined {
  if (!exceedsCreditLimit(risk) || !risk.creditLimit) return undefined;
  const openBalance = risk.openBalance.find((entry) => entry.currency === risk.creditLimit!.currency)?.amountMinor ?? 0;
  return {
    type: 'customer.credit-limit-exceeded',
    at,
    key: `customer.credit-limit-exceeded:${at}`,
    detail: { customerId: risk.customerId, currency: risk.creditLimit.currency, openBalance, creditLimit: risk.creditLimit.amountMinor, score: risk.score, tier: risk.tier },
  };
}
