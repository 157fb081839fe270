import type { APIGatewayProxyEventV2WithLambdaAuthorizer, Context } from 'aws-lambda';
import * as z from 'zod';
import { allocationRequestSchema } from '../../shared/payments/index.js';
import { allocationRequestId, unappliedTotals } from '../../shared/payments/index.js';
import { allocatePayment, unappliedPayments } from '../../shared/payments/index.js';
import type { CollectionDeps } from '../../shared/app/index.js';
import { collectionDeps } from '../_shared/deps.js';
import { HttpError, idempotencyKeyOf, json, jsonBody, parseWith, tenantOf } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';
import { routeTable } from '../_shared/router.js';
import { creditNoteResource, invoiceResource, paymentResource } from '../_shared/resources.js';
import { unappliedCreditNotes } from '../../shared/credit-notes/index.js';
import { bankStatementRouteDeps, type StatementDeps } from '../_shared/cash-deps.js';
import { getBankStatement, postBankStatement, withBankDetails } from './bank-statements.js';

type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<{ tenantId: string }>;

const paymentIdSchema = z.string().regex(/^pay_[0-9a-f]{24}$/, 'must be a payment id as POST /payments returned it (pay_…)');

/**
 * GET /payments/unapplied: unmatched cash and customer credit, with totals per currency (and, for cash
 * from a bank statement, the payer's bank details and suggested matches); customer credit left by
 * credit notes is listed under `creditNotes` (each `kind: "credit-note"`) and counted in `credit`.
 * POST /bank-statements, GET /bank-statements/{statementId}: a camt.053/054 statement applied, and its report.
 * POST /payments/{paymentId}/allocate: a person applies (part of) what is unapplied to invoices; a
 * retried request (same Idempotency-Key, or same body without one) answers the first result, 200 `duplicate`.
 */
export const createHandler = (deps: Pick<CollectionDeps, 'invoices' | 'payments' | 'creditNotes' | 'workflows' | 'clock'>, cash: StatementDeps) => {
  const route = routeTable<'payment-allocations', Event, { tenantId: string; remainingMs: () => number }>('payment-allocations', {
    'GET /payments/unapplied': async (_event, { tenantId }) => {
      const [payments, creditNotes] = await Promise.all([unappliedPayments(deps, tenantId), unappliedCreditNotes(deps, tenantId)]);
      const credits = creditNotes.map((note) => ({ currency: note.currency, unappliedAmount: note.unappliedAmount, state: 'credit' }));
      return json(200, { payments: await withBankDetails(cash, tenantId, payments.map(paymentResource)), creditNotes: creditNotes.map(creditNoteResource), totals: unappliedTotals([...payments, ...credits]) });
    },
    'POST /bank-statements': (event, { tenantId, remainingMs }) => postBankStatement(cash, tenantId, event, remainingMs()),
    'GET /bank-statements/{statementId}': (event, { tenantId }) => getBankStatement(cash, tenantId, event.pathParameters?.['statementId']),
    'POST /payments/{paymentId}/allocate': async (event, { tenantId }) => {
      const paymentId = paymentIdSchema.safeParse(event.pathParameters?.['paymentId']);
      if (!paymentId.success) throw new HttpError(404, 'not_found', 'No such payment');
      const request = parseWith(allocationRequestSchema, jsonBody(event), 'allocation');
      const { outcome, payment, invoices } = await allocatePayment(deps, tenantId, paymentId.data, request, allocationRequestId(paymentId.data, idempotencyKeyOf(event), request));
      return json(200, { outcome: outcome === 'applied' ? 'allocated' : 'duplicate', payment: paymentResource(payment), invoices: invoices.map(invoiceResource) });
    },
  });
  return apiHandler<Event>().handler(async (event, context: Context) => route(event, { tenantId: tenantOf(event), remainingMs: () => context.getRemainingTimeInMillis() }));
};

const collection = collectionDeps();
export const handler = createHandler(collection, bankStatementRouteDeps(collection));
