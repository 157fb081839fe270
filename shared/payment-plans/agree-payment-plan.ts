import { randomUUID } from 'node:crypto';
import { dateInZone } from '../kernel/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../kernel/index.js';
import type { Invoice } from '../invoicing/index.js';
import { installmentIssues, paymentPlanState, type PaymentPlanRequest } from './payment-plan.js';
import type { PaymentPlan } from '../invoicing/index.js';
import type { CollectionPolicy } from '../policies/index.js';
import { customerZone } from '../invoicing/index.js';
import type { PaymentPlansDeps } from './deps.js';
import { restartWorkflow } from '../policy-assignment/index.js';
import { resolvePolicy } from '../policy-assignment/index.js';

type PlanDeps = Pick<PaymentPlansDeps, 'invoices' | 'paymentPlans' | 'policies' | 'customers' | 'workflows' | 'clock'>;

const MAX_ATTEMPTS = 3;

/**
 * Finance agrees a payment plan for an invoice (answering the customer's request, if there was one):
 * installments that add up to the balance, each reminded by the invoice's policy around its own due
 * date. The workflow is re-planned on a new revision, which plans from the next unpaid installment.
 * One plan per invoice; an invoice that is disputed or whose escalation is under way gets none.
 */
export async function agreePaymentPlan(deps: PlanDeps, tenantId: string, invoiceNumber: string, request: PaymentPlanRequest): Promise<Invoice> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const invoice = await deps.invoices.get(tenantId, invoiceNumber);
    if (!invoice) throw new NotFoundError(`Invoice ${invoiceNumber} does not exist`);
    if (invoice.status !== 'open') throw new ConflictError('invoice_not_open', `Invoice ${invoiceNumber} is ${invoice.status}; it needs no payment plan`);
    if (invoice.paymentPlan) throw new ConflictError('payment_plan_exists', `Invoice ${invoiceNumber} already has a payment plan (${invoice.paymentPlan.status}); one plan per invoice`);
    if (invoice.dispute?.status === 'open') throw new ConflictError('invoice_disputed', `Invoice ${invoiceNumber} is disputed; resolve the dispute first`);
    if (invoice.escalation && invoice.escalation.status !== 'stopped') {
      throw new ConflictError('escalation_in_progress', `Invoice ${invoiceNumber} has an escalation ${invoice.escalation.status}; a plan cannot replace it`);
    }
    const policy = await resolvePolicy(deps, tenantId, invoice);
    const now = deps.clock.now();
    const issues = installmentIssues(request.installments, invoice.balance, dateInZone(now, customerZone(invoice, policy)));
    if (issues.length > 0) throw new ValidationError('The payment plan is invalid', issues);

    const requested = (await deps.invoices.timeline(tenantId, invoiceNumber)).filter((event) => event.type === 'payment-plan.requested').at(-1);
    const at = now.toISOString();
    const plan: PaymentPlan = {
      id: randomUUID(),
      status: 'active',
      installments: request.installments.map(({ dueDate, amount }) => ({ dueDate, amount })),
      total: invoice.balance,
      agreedAt: at,
      agreedBy: request.by ?? 'api',
      ...(requested ? { requestedAt: requested.at } : {}),
    };
    const event = {
      type: 'payment-plan.agreed' as const,
      at,
      key: `payment-plan.agreed:${plan.id}`,
      detail: { planId: plan.id, installments: plan.installments, total: plan.total, currency: invoice.currency, customerId: invoice.customer.id, agreedBy: plan.agreedBy, ...(requested ? { requestedAt: requested.at } : {}) },
    };
    const stored = await deps.paymentPlans.agreePaymentPlan(invoice, plan, [event]);
    if (stored === 'changed') continue; // a payment or a customer request landed first: validate against the invoice as it is now
    const after = { ...invoice, paymentPlan: plan, updatedAt: at };
    await restartWorkflow(deps, after, 'payment plan agreed');
    return after;
  }
  throw new ConflictError('concurrent_update', `Invoice ${invoiceNumber} changed repeatedly while the payment plan was agreed; retry the request`);
}

/**
 * Records that an installment was missed (the plan is broken) when the plan says so and it is not
 * recorded yet; returns the invoice as it is now. The plan's state is derived anyway; this makes it
 * visible (GET /invoices, the timeline, the payment_plan.broken business event), once.
 */
export async function recordBrokenPlan(deps: Pick<PaymentPlansDeps, 'paymentPlans'>, invoice: Invoice, policy: CollectionPolicy, now: Date): Promise<Invoice> {
  const plan = invoice.paymentPlan;
  if (!plan || plan.status !== 'active' || invoice.status !== 'open') return invoice;
  const state = paymentPlanState({ ...invoice, paymentPlan: plan }, policy, now);
  if (state.kind !== 'broken') return invoice;
  const missed = plan.installments[state.missed - 1];
  const broken: PaymentPlan = { ...plan, status: 'broken', brokenAt: now.toISOString(), missedInstallment: state.missed };
  await deps.paymentPlans.breakPaymentPlan(invoice, broken, [
    {
      type: 'payment-plan.broken',
      at: now.toISOString(),
      key: `payment-plan.broken:${plan.id}`,
      detail: { planId: plan.id, missedInstallment: state.missed, dueDate: missed?.dueDate, balance: invoice.balance, currency: invoice.currency, customerId: invoice.customer.id, graceDays: policy.grace.days },
    },
  ]);
  // Whoever wrote first, the plan is broken now.
  return { ...invoice, paymentPlan: broken };
}
