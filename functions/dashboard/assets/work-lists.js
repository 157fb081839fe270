// @ts-check
/** The dashboard's work lists: escalations waiting for a decision, open disputes, customers by risk. */
import { el, note, table } from './dom.js';
import { date, money } from './format.js';
import { moneyList } from './panels.js';

/** @typedef {import('./panels.js').Money} Money */

/**
 * GET /escalations: invoices whose escalation waits for an approver's decision, the most urgent first.
 * @param {HTMLElement} body
 * @param {{ escalations: { invoiceNumber: string, customerId: string, currency: string, balanceMinor: number, escalatedAt: string, expiresAt: string, approvers: string[] }[] }} answer
 */
export function renderEscalations(body, answer) {
  body.replaceChildren();
  const escalations = [...answer.escalations].sort((a, b) => (a.expiresAt < b.expiresAt ? -1 : 1));
  if (escalations.length === 0) {
    body.append(note('No escalation is waiting for a decision.'));
    return;
  }
  body.append(note(`${escalations.length} waiting now (whatever the date above); the approvers decide through the links in their email.`));
  body.append(
    table({
      caption: 'Escalations waiting, the soonest to time out first',
      columns: ['Invoice', 'Customer', 'Balance', 'Escalated', 'Decide by', 'Approvers'],
      rows: escalations.map((row) => [row.invoiceNumber, row.customerId, money(row.balanceMinor, row.currency), date(row.escalatedAt), date(row.expiresAt), row.approvers.join(', ')]),
      rowHeaders: true,
      numeric: [2],
      className: 'data stack escalations-table',
    }),
  );
}

/**
 * GET /disputes: open disputes with the customer's reason.
 * @param {HTMLElement} body
 * @param {{ disputes: { disputeId: string, invoiceNumber: string, customerId: string, reason: string, openedAt: string, balance: number, currency: string }[] }} answer
 */
export function renderDisputes(body, answer) {
  body.replaceChildren();
  if (answer.disputes.length === 0) {
    body.append(note('No open disputes.'));
    return;
  }
  /** @type {Map<string, number>} */
  const totals = new Map();
  for (const dispute of answer.disputes) totals.set(dispute.currency, (totals.get(dispute.currency) ?? 0) + dispute.balance);
  body.append(note(`${answer.disputes.length} open now, ${moneyList([...totals].map(([currency, amountMinor]) => ({ currency, amountMinor })))} on hold; no reminders go out while an invoice is disputed.`));
  body.append(
    table({
      caption: 'Open disputes, oldest first',
      columns: ['Invoice', 'Customer', 'Reason', 'Opened', 'Balance'],
      rows: answer.disputes.map((row) => [row.invoiceNumber, row.customerId, row.reason, date(row.openedAt), money(row.balance, row.currency)]),
      rowHeaders: true,
      numeric: [4],
      className: 'data stack disputes-table',
    }),
  );
}

const RISK_ROWS_SHOWN = 10;

/**
 * GET /reports/risk: the riskiest customers first, with the factors of each score.
 * @param {HTMLElement} body
 * @param {{ asOf: string, customers: RiskRow[] }} risk
 * @typedef {{ customerId: string, score: number, tier: 'low' | 'medium' | 'high', factors: { factor: string, value: unknown, points: number, explanation: string }[], openBalance: Money[], creditLimit?: Money, overCreditLimit: boolean }} RiskRow
 */
export function renderRisk(body, risk) {
  body.replaceChildren();
  if (risk.customers.length === 0) {
    body.append(note('No customers with a payment history yet.'));
    return;
  }
  const tierOrder = { high: 0, medium: 1, low: 2 };
  const customers = [...risk.customers].sort((a, b) => tierOrder[a.tier] - tierOrder[b.tier] || b.score - a.score);
  const count = (/** @type {string} */ tier) => customers.filter((row) => row.tier === tier).length;
  body.append(
    el('ul', { class: 'headline tiers' }, [
      el('li', {}, [el('span', { class: 'big tier-high' }, [String(count('high'))]), ' high risk']),
      el('li', {}, [el('span', { class: 'big tier-medium' }, [String(count('medium'))]), ' medium']),
      el('li', {}, [el('span', { class: 'big tier-low' }, [String(count('low'))]), ' low']),
    ]),
  );
  const over = customers.filter((row) => row.overCreditLimit);
  if (over.length > 0) {
    body.append(el('p', { class: 'callout' }, [`Over their credit limit: ${over.map((row) => row.customerId).join(', ')}.`]));
  }
  /** @param {RiskRow} row */
  const factors = (row) =>
    row.factors.length === 0
      ? '–'
      : el('details', {}, [
          el('summary', {}, [`${row.factors.length} factor${row.factors.length === 1 ? '' : 's'}`]),
          el('ul', {}, row.factors.map((factor) => el('li', {}, [`${factor.explanation} (${factor.points >= 0 ? '+' : ''}${factor.points})`]))),
        ]);
  const shown = customers.length > RISK_ROWS_SHOWN + 2 ? customers.slice(0, RISK_ROWS_SHOWN) : customers;
  const render = (/** @type {RiskRow[]} */ rows) =>
    table({
      caption: `Customers by risk, ${date(risk.asOf)}`,
      columns: ['Customer', 'Tier', 'Score', 'Open balance', 'Credit limit', 'Why'],
      rows: rows.map((row) => [
        row.customerId,
        el('span', { class: `tier tier-${row.tier}` }, [row.tier]),
        String(row.score),
        moneyList(row.openBalance),
        row.creditLimit ? el('span', {}, [money(row.creditLimit.amountMinor, row.creditLimit.currency), row.overCreditLimit ? el('strong', { class: 'over' }, [' over limit']) : null]) : '–',
        factors(row),
      ]),
      rowHeaders: true,
      numeric: [2],
      className: 'data stack risk-table',
    });
  const holder = el('div', {}, [render(shown)]);
  body.append(holder);
  if (shown.length < customers.length) {
    const more = el('button', { type: 'button', class: 'secondary' }, [`Show all ${customers.length} customers`]);
    more.addEventListener('click', () => {
      holder.replaceChildren(render(customers));
      more.remove();
    });
    body.append(more);
  }
}
