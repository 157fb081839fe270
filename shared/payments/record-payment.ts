import { ConflictError, NotFoundError } from '../kernel/index.js';
import type { Invoice } from '../invoicing/index.js';
import { contradicts, MAX_ALLOCATIONS, paymentRequestId, paymentState, type AllocationRequest, type AllocationSource, type Payment, type PaymentInput, type PaymentRequest } from './payment.js';
import { allocate, checkManualAllocation, invoiceNumberCandidates, oldestFirst, payerOf, type AllocationTarget, type InvoiceChange } from './allocation.js';
import { watchCreditLimits } from '../customers/index.js';
import type { PaymentsDeps } from './deps.js';

/** With `customers`, customers with a credit limit are re-assessed after their balance changed. */
type PaymentDeps = Pick<PaymentsDeps, 'invoices' | 'payments' | 'workflows' | 'clock'> & Partial<Pick<PaymentsDeps, 'customers'>>;

export type PaymentOutcome = { outcome: 'applied' | 'duplicate'; payment: Payment; invoice: Invoice };
export type ReceivedPayment = { outcome: 'applied' | 'duplicate'; payment: Payment; invoices: Invoice[] };

const MAX_ATTEMPTS = 5;

/**
 * `matchedBy`: how the caller found the invoices it names (a bank statement's matcher), for the audit
 * trail; `autoMatch: false`: a payment naming no invoice stays unapplied instead of being matched by
 * its reference text or its customer (the matcher already decided that nothing certain matches).
 */
export type ReceiveOptions = { occurrence?: number; matchedBy?: AllocationSource; autoMatch?: boolean };

/**
 * The single-invoice contract (`{invoiceNumber, amount, currency, paidAt, reference}`): the whole
 * amount goes to that invoice; what exceeds its balance becomes the customer's credit.
 */
export async function recordPayment(deps: PaymentDeps, tenantId: string, input: PaymentInput): Promise<PaymentOutcome> {
  const received = await receivePayment(deps, tenantId, input);
  const invoice = received.invoices.find((candidate) => candidate.invoiceNumber === input.invoiceNumber) ?? (await deps.invoices.get(tenantId, input.invoiceNumber));
  if (!invoice) throw new NotFoundError(`Invoice ${input.invoiceNumber} does not exist`);
  return { outcome: received.outcome, payment: received.payment, invoice };
}

/**
 * Records a payment exactly once and applies it: to the invoices it names; else to the open invoices
 * its reference names; else to its customer's open invoices, oldest first. What is left is the
 * customer's credit when the payer is known, else unmatched cash for a person to allocate. All of it
 * commits in one transaction; an invoice that changed meanwhile makes it read again and re-plan.
 * A payment that clears an invoice marks it paid and stops its workflow; a smaller one lowers the
 * balance and the workflow continues (the reminder task claims against the balance it read).
 */
export async function receivePayment(deps: PaymentDeps, tenantId: string, request: PaymentRequest, options: ReceiveOptions = {}): Promise<ReceivedPayment> {
  const id = paymentRequestId(tenantId, request, options.occurrence);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const existing = await deps.payments.getPayment(tenantId, id);
    if (existing && request.externalId !== undefined && contradicts(existing, request)) {
      throw new ConflictError('payment_id_reused', `Payment ${request.externalId} was recorded with amount ${existing.amount} ${existing.currency} paid ${existing.paidAt}; an external id names one payment`);
    }
    if (existing) {
      const invoices = await invoicesOf(deps, existing, request);
      // A repeat re-checks too, so a retry after a failed check still sees a crossing (alerts are once per crossing).
      await watchPayers(deps, tenantId, invoices.map((after) => ({ after })));
      return { outcome: 'duplicate', payment: existing, invoices };
    }

    const now = deps.clock.now();
    const targets = await targetsFor(deps, tenantId, request, options);
    const base = { paymentId: id, amount: request.amount, currency: request.currency, paidAt: request.paidAt, reference: request.reference, method: request.method };
    const { changes, allocations, remaining } = allocate(base, request.amount, targets, now);
    const customerId = payerOf(request.customerId, allocations) ?? payerOf(undefined, targets.map((target) => ({ customerId: target.invoice.customer.id })));
    const payment: Payment = {
      tenantId,
      paymentId: id,
      amount: request.amount,
      currency: request.currency,
      paidAt: request.paidAt,
      ...definedOnly({ reference: request.reference, method: request.method, customerId, invoiceNumber: request.invoiceNumber, externalId: request.externalId }),
      allocations,
      excessAmount: remaining,
      unappliedAmount: remaining,
      recordedAt: now.toISOString(),
    };
    const result = await deps.payments.applyPayment(payment, changes);
    if (result === 'duplicate') continue; // the same payment committed meanwhile: the next round returns it
    if (result === 'applied') {
      await stopPaidWorkflows(deps, changes);
      await watchPayers(deps, tenantId, changes);
      return { outcome: 'applied', payment, invoices: changes.map((change) => change.after) };
    }
    // 'stale': an invoice changed between our read and our write; read again.
  }
  throw new ConflictError('concurrent_update', `An invoice changed repeatedly while payment ${id} was applied; retry the request`);
}

/**
 * A person applies (part of) a payment's unapplied amount to invoices: unmatched cash, or a customer's
 * credit to another invoice. Idempotent per `requestId` (the client's Idempotency-Key, else the
 * request's content): the allocations it made carry it, so a retry finds them and answers them again
 * as a duplicate instead of applying anything twice (two concurrent copies: the payment's conditional
 * write lets one through; the other reads again and finds it).
 */
export async function allocatePayment(deps: PaymentDeps, tenantId: string, paymentId: string, request: AllocationRequest, requestId?: string): Promise<ReceivedPayment> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const payment = await deps.payments.getPayment(tenantId, paymentId);
    if (!payment) throw new NotFoundError(`Payment ${paymentId} does not exist`);
    const earlier = requestId === undefined ? [] : payment.allocations.filter((allocation) => allocation.requestId === requestId);
    if (earlier.length > 0) {
      const invoices = await Promise.all(earlier.map((allocation) => deps.invoices.get(tenantId, allocation.invoiceNumber)));
      return { outcome: 'duplicate', payment, invoices: invoices.filter((invoice): invoice is Invoice => invoice !== undefined) };
    }
    if (payment.unappliedAmount === 0) throw new ConflictError('payment_fully_applied', `Payment ${paymentId} is fully applied; nothing is left to allocate`);
    const requested = await Promise.all(
      request.allocations.map(async (allocation) => {
        const invoice = await deps.invoices.get(tenantId, allocation.invoiceNumber);
        if (!invoice) throw new NotFoundError(`Invoice ${allocation.invoiceNumber} does not exist`);
        return { invoice, amount: allocation.amount };
      }),
    );
    checkManualAllocation(payment, requested);
    const targets: AllocationTarget[] = requested.map(({ invoice, amount }) => ({ invoice, matchedBy: 'manual', ...(amount === undefined ? {} : { limit: amount }) }));
    const now = deps.clock.now();
    const { changes, allocations, remaining } = allocate(payment, payment.unappliedAmount, targets, now, {
      by: request.by ?? 'api',
      eventKeySuffix: `a${payment.allocations.length}`,
      ...(requestId ? { requestId } : {}),
    });
    const customerId = payment.customerId ?? payerOf(undefined, allocations);
    const after: Payment = { ...payment, ...(customerId ? { customerId } : {}), allocations: [...payment.allocations, ...allocations], unappliedAmount: remaining };
    const result = await deps.payments.applyPayment(after, changes, payment);
    if (result === 'applied') {
      await stopPaidWorkflows(deps, changes);
      await watchPayers(deps, tenantId, changes);
      return { outcome: 'applied', payment: after, invoices: changes.map((change) => change.after) };
    }
    // 'stale': another allocation or payment committed first; read again.
  }
  throw new ConflictError('concurrent_update', `Payment ${paymentId} or its invoices changed repeatedly while it was allocated; retry the request`);
}

async function watchPayers(deps: PaymentDeps, tenantId: string, changes: readonly Pick<InvoiceChange, 'after'>[]): Promise<void> {
  const customers = deps.customers;
  if (customers) await watchCreditLimits({ ...deps, customers }, tenantId, changes.map((change) => change.after.customer.id));
}

/** Unmatched cash and customer credit, for a person to allocate. */
export async function unappliedPayments(deps: Pick<PaymentsDeps, 'payments'>, tenantId: string) {
  const payments = await deps.payments.unappliedPayments(tenantId);
  return payments.map((payment) => ({ ...payment, state: paymentState(payment) }));
}

async function targetsFor(deps: PaymentDeps, tenantId: string, request: PaymentRequest, options: ReceiveOptions): Promise<AllocationTarget[]> {
  const named = request.invoiceNumber ? [{ invoiceNumber: request.invoiceNumber, amount: undefined }] : request.allocations;
  if (named) {
    return Promise.all(
      named.map(async (allocation): Promise<AllocationTarget> => {
        const invoice = await deps.invoices.get(tenantId, allocation.invoiceNumber);
        if (!invoice) throw new NotFoundError(`Invoice ${allocation.invoiceNumber} does not exist`);
        return { invoice, matchedBy: options.matchedBy ?? 'explicit', ...(allocation.amount === undefined ? {} : { limit: allocation.amount }) };
      }),
    );
  }
  if (options.autoMatch === false) return [];
  // Auto-matching only takes what clearly fits: open invoices in the payment's currency (and of its customer, when given).
  const fits = (invoice: Invoice | undefined): invoice is Invoice =>
    invoice !== undefined && invoice.status === 'open' && invoice.balance > 0 && invoice.currency === request.currency && (!request.customerId || invoice.customer.id === request.customerId);
  const referenced = (await Promise.all(invoiceNumberCandidates(request.reference).map((number) => deps.invoices.get(tenantId, number)))).filter(fits);
  if (referenced.length > 0) return referenced.slice(0, MAX_ALLOCATIONS).map((invoice) => ({ invoice, matchedBy: 'reference' }));
  if (!request.customerId) return [];
  const open = (await deps.invoices.openInvoicesOf(tenantId, request.customerId, MAX_ALLOCATIONS)).filter(fits);
  return oldestFirst(open).map((invoice) => ({ invoice, matchedBy: 'oldest-first' }));
}

async function invoicesOf(deps: PaymentDeps, payment: Payment, request: PaymentRequest): Promise<Invoice[]> {
  const numbers = [...new Set([...(request.invoiceNumber ? [request.invoiceNumber] : []), ...payment.allocations.map((allocation) => allocation.invoiceNumber)])];
  const invoices = await Promise.all(numbers.map((number) => deps.invoices.get(payment.tenantId, number)));
  return invoices.filter((invoice): invoice is Invoice => invoice !== undefined);
}

async function stopPaidWorkflows(deps: PaymentDeps, changes: InvoiceChange[]): Promise<void> {
  // Stopping is an optimisation: the reminder task re-reads the invoice and sends nothing for a paid one.
  for (const change of changes) if (change.after.status === 'paid') await deps.workflows.stop(change.after, 'invoice paid');
}

/** Optional fields are absent, not undefined (exactOptionalPropertyTypes-friendly, and DynamoDB stores no undefined). */
function definedOnly<T extends Record<string, unknown>>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
