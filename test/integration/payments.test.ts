import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, dateInZone } from '../../shared/kernel/index.js';
import type { Invoice } from '../../shared/invoicing/index.js';
import type { NoticeLedger } from '../../shared/invoicing/index.js';
import { sendReminder } from '../../shared/reminders/index.js';
import { collectionDeps } from '../../functions/_shared/deps.js';
import { anInvoice, useLocalStack } from './support/local-stack.js';

interface PaymentView {
  paymentId: string;
  state: string;
  customerId?: string;
  unappliedAmount: number;
  allocations: { invoiceNumber: string; amount: number; matchedBy: string; by?: string }[];
}

/** Integration: payments and reconciliation through the HTTP API on the embedded stack, with a virtual clock. */
describe('payments and reconciliation on the embedded stack', () => {
  const { api, stack } = useLocalStack('2026-11-20T12:00:00.000Z');
  const today = async () => dateInZone(await api().now(), 'UTC');
  let customers = 0;
  const customer = () => ({ id: `PAY-C-${process.pid}-${++customers}`, name: 'Payer GmbH', email: `ap${customers}@payer.example`, timezone: 'UTC' });

  it('reminds with the remaining balance after a partial payment, marks the invoice paid when the rest arrives, and sends nothing after', async () => {
    const invoice = anInvoice({ dueDate: addDays(await today(), 10), customer: customer() });
    assert.equal((await api().postInvoice(invoice)).status, 201);
    const partial = await api().postPayment({ invoiceNumber: invoice.invoiceNumber, amount: 25000, currency: 'EUR', paidAt: await today(), reference: 'part 1' });
    assert.equal(partial.status, 201);

    await api().advanceDays(12); // the due-in-3-days and overdue-1-day reminders
    const between = await api().emailsFor(invoice.invoiceNumber);
    assert.deepEqual(between.map((email) => email.headers['X-Arflow-Stage']), ['due-in-3-days', 'overdue-1-day']);
    for (const email of between) assert.match(email.text, /Amount due: €1,000\.00 \(of €1,250\.00/);

    const rest = await api().postPayment({ invoiceNumber: invoice.invoiceNumber, amount: 100000, currency: 'EUR', paidAt: await today(), reference: 'part 2' });
    assert.equal(rest.status, 201);
    assert.equal((rest.body['invoice'] as { status: string }).status, 'paid');
    await api().advanceDays(30);
    assert.equal((await api().emailsFor(invoice.invoiceNumber)).length, 2, 'nothing after the invoice is paid');
    const view = await api().getInvoice(invoice.invoiceNumber);
    assert.equal(view.body.invoice.status, 'paid');
    assert.deepEqual(
      view.body.timeline.filter((event) => event.type === 'payment.received').map((event) => [event.detail?.['amount'], event.detail?.['balance']]),
      [[25000, 100000], [100000, 0]],
    );
  });

  it('matches a payment by the invoice number in its reference and keeps the overpayment as credit that a person applies to the next invoice', async () => {
    const payer = customer();
    const first = anInvoice({ dueDate: addDays(await today(), 20), customer: payer, amount: 100000 });
    const second = anInvoice({ dueDate: addDays(await today(), 40), customer: payer, amount: 50000 });
    assert.equal((await api().postInvoice(first)).status, 201);
    assert.equal((await api().postInvoice(second)).status, 201);

    const paid = await api().postPayment({ amount: 120000, currency: 'EUR', paidAt: await today(), method: 'bank_transfer', reference: `Remittance ${first.invoiceNumber}, thank you` });
    assert.equal(paid.status, 201);
    const payment = paid.body['payment'] as PaymentView;
    assert.deepEqual(payment.allocations.map((a) => [a.invoiceNumber, a.amount, a.matchedBy]), [[first.invoiceNumber, 100000, 'reference']]);
    assert.equal(payment.state, 'credit');
    assert.equal(payment.customerId, payer.id);

    const unapplied = await api().request<{ payments: PaymentView[]; totals: Record<string, { credit: number }> }>('GET', '/payments/unapplied');
    assert.equal(unapplied.status, 200);
    assert.deepEqual(unapplied.body.payments.filter((p) => p.paymentId === payment.paymentId).map((p) => [p.state, p.unappliedAmount]), [['credit', 20000]]);

    const applied = await api().request('POST', `/payments/${payment.paymentId}/allocate`, { allocations: [{ invoiceNumber: second.invoiceNumber }], by: 'jo@finance.example' });
    assert.equal(applied.status, 200);
    assert.equal((await api().getInvoice(second.invoiceNumber)).body.invoice.balance, 30000);
    const event = (await api().getInvoice(second.invoiceNumber)).body.timeline.find((candidate) => candidate.type === 'payment.received');
    assert.equal(event?.detail?.['allocatedBy'], 'jo@finance.example');
    const after = await api().request<{ payments: PaymentView[] }>('GET', '/payments/unapplied');
    assert.equal(after.body.payments.some((p) => p.paymentId === payment.paymentId), false);
  });

  it('applies a customer payment without references to the oldest open invoices (through the byCustomer index)', async () => {
    const payer = customer();
    const newer = anInvoice({ dueDate: addDays(await today(), 30), customer: payer, amount: 40000 });
    const older = anInvoice({ dueDate: addDays(await today(), 15), customer: payer, amount: 30000 });
    assert.equal((await api().postInvoice(newer)).status, 201);
    assert.equal((await api().postInvoice(older)).status, 201);
    // The index is eventually consistent; DynamoDB Local updates it at once, AWS within about a second.
    const paid = await api().postPayment({ amount: 50000, currency: 'EUR', paidAt: await today(), customerId: payer.id, reference: 'monthly run' });
    assert.equal(paid.status, 201);
    assert.deepEqual((paid.body['payment'] as PaymentView).allocations.map((a) => [a.invoiceNumber, a.amount, a.matchedBy]), [
      [older.invoiceNumber, 30000, 'oldest-first'],
      [newer.invoiceNumber, 20000, 'oldest-first'],
    ]);
    assert.equal((await api().getInvoice(older.invoiceNumber)).body.invoice.status, 'paid');
    assert.equal((await api().getInvoice(newer.invoiceNumber)).body.invoice.balance, 20000);
  });

  it('lists a payment that matches nothing as unapplied until a person allocates it', async () => {
    const invoice = anInvoice({ dueDate: addDays(await today(), 20), customer: customer() });
    assert.equal((await api().postInvoice(invoice)).status, 201);
    const posted = await api().postPayment({ amount: 125000, currency: 'EUR', paidAt: await today(), reference: 'see attached remittance' });
    assert.equal(posted.status, 201);
    const payment = posted.body['payment'] as PaymentView;
    assert.equal(payment.state, 'unapplied');
    const listed = await api().request<{ payments: PaymentView[] }>('GET', '/payments/unapplied');
    assert.ok(listed.body.payments.some((p) => p.paymentId === payment.paymentId && p.state === 'unapplied'));

    const wrongCurrency = anInvoice({ dueDate: addDays(await today(), 20), currency: 'USD', customer: customer() });
    assert.equal((await api().postInvoice(wrongCurrency)).status, 201);
    await stack().workflowsStarted(); // workflows start from the table's stream
    const refused = await api().request('POST', `/payments/${payment.paymentId}/allocate`, { allocations: [{ invoiceNumber: wrongCurrency.invoiceNumber }] });
    assert.equal(refused.status, 422);
    assert.match((refused.body['error'] as { message: string }).message, /currency EUR does not match .* USD/);

    const allocated = await api().request('POST', `/payments/${payment.paymentId}/allocate`, { allocations: [{ invoiceNumber: invoice.invoiceNumber }] });
    assert.equal(allocated.status, 200);
    assert.equal((await api().getInvoice(invoice.invoiceNumber)).body.invoice.status, 'paid');
    const execution = stack().stateMachine.list().find((candidate) => candidate.name.includes(invoice.invoiceNumber));
    assert.equal(execution?.status, 'ABORTED', 'paying by allocation stops the workflow too');
  });

  it('answers a batch with a result per payment', async () => {
    const invoice = anInvoice({ dueDate: addDays(await today(), 20), customer: customer() });
    assert.equal((await api().postInvoice(invoice)).status, 201);
    const single = { invoiceNumber: invoice.invoiceNumber, amount: 1000, currency: 'EUR', paidAt: await today(), reference: 'b1' };
    const batch = await api().request<{ summary: Record<string, number>; results: { index: number; status: number; outcome: string }[] }>('POST', '/payments', {
      payments: [single, single, { ...single, currency: 'USD' }, { ...single, invoiceNumber: 'NO-SUCH-1' }, { amount: -1 }],
    });
    assert.equal(batch.status, 200);
    // Two identical payments in one batch are two payments (two equal lines of a bank statement).
    assert.deepEqual(batch.body.results.slice(0, 2).map((r) => r.status), [201, 201]);
    assert.deepEqual(batch.body.results.slice(2).map((r) => r.status), [422, 404, 422]);
    assert.deepEqual(batch.body.summary, { applied: 2, duplicate: 0, invalid: 2, not_found: 1, conflict: 0, error: 0 });
    assert.equal((await api().getInvoice(invoice.invoiceNumber)).body.invoice.balance, 123000);
  });

  it('records nothing twice when a batch with identical payments is retried, tells payments apart by externalId, and refuses an externalId reused for another payment', async () => {
    const invoice = anInvoice({ dueDate: addDays(await today(), 20), customer: customer() });
    assert.equal((await api().postInvoice(invoice)).status, 201);
    const line = { invoiceNumber: invoice.invoiceNumber, amount: 1000, currency: 'EUR', paidAt: await today(), reference: 'standing order' };
    type Batch = { summary: Record<string, number>; results: { status: number; outcome: string; payment?: { paymentId: string } }[] };
    const first = await api().request<Batch>('POST', '/payments', { payments: [line, line] });
    const retried = await api().request<Batch>('POST', '/payments', { payments: [line, line] });
    assert.deepEqual(first.body.results.map((r) => r.outcome), ['applied', 'applied']);
    assert.deepEqual(retried.body.results.map((r) => r.outcome), ['duplicate', 'duplicate']);
    assert.deepEqual(retried.body.results.map((r) => r.payment?.paymentId), first.body.results.map((r) => r.payment?.paymentId), 'each copy keeps its id');
    assert.equal((await api().getInvoice(invoice.invoiceNumber)).body.invoice.balance, 123000);

    const withIds = await api().request<Batch>('POST', '/payments', { payments: [{ ...line, externalId: 'TX-1' }, { ...line, externalId: 'TX-2' }, { ...line, externalId: 'TX-1' }] });
    assert.deepEqual(withIds.body.summary, { applied: 2, duplicate: 1, invalid: 0, not_found: 0, conflict: 0, error: 0 });
    assert.equal((await api().getInvoice(invoice.invoiceNumber)).body.invoice.balance, 121000);
    const reused = await api().postPayment({ ...line, amount: 5000, externalId: 'TX-2' });
    assert.deepEqual([reused.status, (reused.body['error'] as { code: string }).code], [409, 'payment_id_reused']);
  });

  it('applies a retried allocation once: the same Idempotency-Key (or the same body without one) answers the first result', async () => {
    const payer = customer();
    const target = anInvoice({ dueDate: addDays(await today(), 20), customer: payer, amount: 100000 });
    assert.equal((await api().postInvoice(target)).status, 201);
    const cash = await api().postPayment({ amount: 50000, currency: 'EUR', paidAt: await today(), reference: 'no idea who' });
    const paymentId = (cash.body['payment'] as PaymentView).paymentId;
    const allocate = (body: unknown, key?: string) => api().request<{ outcome: string; payment: PaymentView }>('POST', `/payments/${paymentId}/allocate`, body, key ? { 'idempotency-key': key } : {});
    const body = { allocations: [{ invoiceNumber: target.invoiceNumber, amount: 10000 }] };

    const firstKeyed = await allocate(body, 'alloc-1');
    const retryKeyed = await allocate(body, 'alloc-1');
    assert.deepEqual([firstKeyed.status, firstKeyed.body.outcome, retryKeyed.status, retryKeyed.body.outcome], [200, 'allocated', 200, 'duplicate']);
    const secondKeyed = await allocate(body, 'alloc-2');
    assert.equal(secondKeyed.body.outcome, 'allocated', 'another key is another allocation');
    const [unkeyed, unkeyedRetry] = await Promise.all([allocate({ ...body, by: 'jo' }), allocate({ ...body, by: 'jo' })]);
    assert.deepEqual([unkeyed.body.outcome, unkeyedRetry.body.outcome].sort(), ['allocated', 'duplicate'], 'two concurrent copies apply once');
    assert.equal((await api().getInvoice(target.invoiceNumber)).body.invoice.balance, 70000);
    assert.equal(unkeyedRetry.body.payment.unappliedAmount, 20000);
    const badKey = await allocate(body, 'not a key!');
    assert.equal(badKey.status, 422);
  });

  interface BusEvent {
    id: string;
    source: string;
    'detail-type': string;
    detail: { id: string; tenantId: string; invoiceNumber?: string; paymentId?: string; amount?: number; balance?: number; state?: string; customerId?: string; currency?: string };
  }
  const busEvents = async (): Promise<BusEvent[]> => (await (await fetch(`${api().baseUrl}/_local/events`)).json()) as BusEvent[];

  it('puts invoice.partially_paid, invoice.paid and payment.unapplied on the event bus, once each, from the committed facts', async () => {
    const payer = customer();
    const invoice = anInvoice({ dueDate: addDays(await today(), 20), customer: payer, amount: 10000 });
    assert.equal((await api().postInvoice(invoice)).status, 201);
    const part = await api().postPayment({ invoiceNumber: invoice.invoiceNumber, amount: 4000, currency: 'EUR', paidAt: await today(), reference: 'ev 1' });
    const rest = await api().postPayment({ invoiceNumber: invoice.invoiceNumber, amount: 7000, currency: 'EUR', paidAt: await today(), reference: 'ev 2' });
    assert.equal((await api().postPayment({ invoiceNumber: invoice.invoiceNumber, amount: 7000, currency: 'EUR', paidAt: await today(), reference: 'ev 2' })).status, 200, 'a retry');
    const unmatched = await api().postPayment({ amount: 999, currency: 'EUR', paidAt: await today(), reference: 'who is this' });

    const events = await busEvents();
    const mine = events.filter((event) => event.detail.invoiceNumber === invoice.invoiceNumber && event['detail-type'].includes('paid'));
    assert.deepEqual(
      mine.map((event) => [event.source, event['detail-type'], event.detail.amount, event.detail.balance, event.detail.currency, event.detail.customerId]),
      [
        ['arflow', 'invoice.partially_paid', 4000, 6000, 'EUR', payer.id],
        ['arflow', 'invoice.paid', 6000, 0, 'EUR', payer.id],
      ],
    );
    assert.deepEqual(mine.map((event) => event.detail.paymentId), [(part.body['payment'] as PaymentView).paymentId, (rest.body['payment'] as PaymentView).paymentId]);
    const credit = events.filter((event) => event['detail-type'] === 'payment.unapplied' && event.detail.paymentId === (rest.body['payment'] as PaymentView).paymentId);
    assert.deepEqual(credit.map((event) => [event.detail.amount, event.detail.state, event.detail.customerId]), [[1000, 'credit', payer.id]]);
    const cash = events.filter((event) => event.detail.paymentId === (unmatched.body['payment'] as PaymentView).paymentId);
    assert.deepEqual(cash.map((event) => [event['detail-type'], event.detail.amount, event.detail.state]), [['payment.unapplied', 999, 'unapplied']]);
    assert.equal(new Set(events.map((event) => event.detail.id)).size, events.length, 'each fact once');
    assert.ok(events.every((event) => event.detail.tenantId === stack().tenantId));
  });

  it('puts invoice.escalated and invoice.written_off on the event bus when an escalation times out into a write-off', async () => {
    const policy = {
      stages: [{ id: 'overdue-1-day', offsetDays: 1 }],
      escalation: { afterDaysOverdue: 3, minimumBalance: 1, approvers: { accountOwner: false, emails: ['finance@seller.example'] }, approvalTimeoutDays: 1, onTimeout: 'write-off' },
      grace: { days: 5, finalAction: 'none' },
    };
    assert.equal((await api().request('PUT', '/policies/events-writeoff', policy)).status, 201);
    const invoice = anInvoice({ dueDate: addDays(await today(), 1), policy: 'events-writeoff', customer: customer() });
    assert.equal((await api().postInvoice(invoice)).status, 201);
    await api().advanceDays(8);
    assert.equal((await api().getInvoice(invoice.invoiceNumber)).body.invoice.status, 'written_off');
    const mine = (await busEvents()).filter((event) => event.detail.invoiceNumber === invoice.invoiceNumber);
    assert.deepEqual(mine.filter((event) => !event['detail-type'].startsWith('invoice.status') && event['detail-type'] !== 'invoice.created').map((event) => event['detail-type']), ['invoice.escalated', 'invoice.written_off']);
    // Issue 19: the invoice's creation is published too (from the invoice item's insert).
    assert.deepEqual(mine.map((event) => event['detail-type']), ['invoice.created', 'invoice.escalated', 'invoice.written_off']);
  });

  describe('a payment racing a reminder (real DynamoDB Local, deterministic interleaving)', () => {
    /** The stack's repository with a concurrent writer slipped in at a chosen point. */
    function racing(hook: { beforeClaim?: () => Promise<void>; duringSend?: () => Promise<void> }) {
      const deps = { ...collectionDeps(), clock: stack().clock };
      const inner: NoticeLedger = deps.noticeLedger;
      const noticeLedger: NoticeLedger = Object.create(inner, {
        claimNotice: {
          value: async (invoice: Pick<Invoice, 'tenantId' | 'invoiceNumber' | 'balance' | 'contentHash'>, stage: string, at: Date) => {
            await hook.beforeClaim?.();
            return inner.claimNotice(invoice, stage, at);
          },
        },
      });
      const mailer = { send: async (email: Parameters<typeof deps.mailer.send>[0]) => (await hook.duringSend?.(), deps.mailer.send(email)) };
      return { ...deps, noticeLedger, mailer };
    }

    it('sends nothing when the full payment commits after the reminder read the invoice but before its claim', async () => {
      const invoice = anInvoice({ dueDate: addDays(await today(), 60), customer: customer() });
      assert.equal((await api().postInvoice(invoice)).status, 201);
      const deps = racing({
        beforeClaim: async () => {
          const paid = await api().postPayment({ invoiceNumber: invoice.invoiceNumber, amount: 125000, currency: 'EUR', paidAt: await today(), reference: 'race' });
          assert.equal(paid.status, 201);
        },
      });
      const outcome = await sendReminder(deps, stack().tenantId, invoice.invoiceNumber, 'overdue-7-days');
      assert.deepEqual(outcome, { outcome: 'skipped', reason: 'invoice is paid' });
      assert.deepEqual(await api().emailsFor(invoice.invoiceNumber), []);
    });

    it('sends nothing when a dispute or a pause commits after the reminder read the invoice but before its claim (the claim checks both)', async () => {
      const disputed = anInvoice({ dueDate: addDays(await today(), 60), customer: customer() });
      assert.equal((await api().postInvoice(disputed)).status, 201);
      const viaDispute = racing({
        beforeClaim: async () => {
          assert.equal((await api().request('POST', '/disputes', { invoiceNumber: disputed.invoiceNumber, reason: 'raised during the send' })).status, 201);
        },
      });
      assert.deepEqual(await sendReminder(viaDispute, stack().tenantId, disputed.invoiceNumber, 'overdue-7-days'), { outcome: 'skipped', reason: 'the invoice is disputed' });
      assert.deepEqual(await api().emailsFor(disputed.invoiceNumber), []);

      const paused = anInvoice({ dueDate: addDays(await today(), 60), customer: customer() });
      assert.equal((await api().postInvoice(paused)).status, 201);
      const pausedUntil = new Date((await api().now()).getTime() + 7 * 86_400_000).toISOString();
      const viaPause = racing({
        beforeClaim: async () => {
          // What "I've already paid" stores: the real adapter on DynamoDB Local.
          const stored = (await collectionDeps().invoices.get(stack().tenantId, paused.invoiceNumber))!;
          assert.equal(await collectionDeps().customerLinks.recordCustomerRequest(stored, { pausedUntil, updatedAt: (await api().now()).toISOString() }, undefined, 'already-paid', []), 'recorded');
        },
      });
      assert.deepEqual(await sendReminder(viaPause, stack().tenantId, paused.invoiceNumber, 'overdue-7-days'), { outcome: 'skipped', reason: `collection is paused until ${pausedUntil}` });
      assert.deepEqual(await api().emailsFor(paused.invoiceNumber), []);
    });

    it('sends the reminder (claimed first) when the payment commits while it is being sent, and records both', async () => {
      const invoice = anInvoice({ dueDate: addDays(await today(), 60), customer: customer() });
      assert.equal((await api().postInvoice(invoice)).status, 201);
      const deps = racing({
        duringSend: async () => {
          const paid = await api().postPayment({ invoiceNumber: invoice.invoiceNumber, amount: 125000, currency: 'EUR', paidAt: await today(), reference: 'race 2' });
          assert.equal(paid.status, 201);
        },
      });
      const outcome = await sendReminder(deps, stack().tenantId, invoice.invoiceNumber, 'overdue-7-days');
      assert.equal(outcome.outcome, 'sent');
      const emails = await api().emailsFor(invoice.invoiceNumber);
      assert.equal(emails.length, 1);
      assert.match(emails[0]!.text, /Amount due: €1,250\.00/);
      const view = await api().getInvoice(invoice.invoiceNumber);
      assert.equal(view.body.invoice.status, 'paid');
      assert.deepEqual(view.body.notices.map((notice) => [notice.stage, notice.status]), [['overdue-7-days', 'sent']]);
    });
  });
});
