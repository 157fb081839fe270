import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkResolution, resolveDispute, resolveDisputeRequestSchema } from '../../shared/disputes/index.js';
import { ConflictError, ValidationError } from '../../shared/kernel/index.js';
import { disputeCreditNoteNumber, recordDispute, resolveDisputeById } from '../../shared/disputes/index.js';
import { collectionSetup } from './fakes/collection-deps.js';
import { openInvoice } from './fixtures.js';

const now = new Date('2026-12-10T10:00:00.000Z');
const disputed = (overrides = {}) => openInvoice({ dispute: { id: 'd-1', status: 'open', reason: 'wrong price', openedAt: '2026-12-01T10:00:00.000Z' }, ...overrides });
const parse = (body: unknown) => resolveDisputeRequestSchema.parse(body);

/** Cancelling or rejecting: resolveDispute's requests (a credit note goes through its document, resolveDisputeById). */
const closing = (body: { kind: 'cancel' | 'reject'; note?: string }) => {
  const request = parse(body);
  assert.ok(request.kind !== 'credit-note');
  return request;
};

describe('resolving a dispute (pure)', () => {
  it('closes the invoice as cancelled on a cancellation', () => {
    const cancelled = resolveDispute(disputed(), closing({ kind: 'cancel' }), now);
    assert.deepEqual([cancelled.after.status, cancelled.after.balance, cancelled.collection], ['cancelled', 0, 'end']);
  });

  it('keeps the balance on a rejection and records the note', () => {
    const result = resolveDispute(disputed(), closing({ kind: 'reject', note: 'signed delivery note' }), now);
    assert.deepEqual([result.after.status, result.after.balance, result.after.dispute?.resolution], ['open', 125000, { kind: 'reject', note: 'signed delivery note' }]);
  });

  it('refuses a credit note above the balance (422 on amount), an invoice without an open dispute, and an unknown kind', () => {
    assert.throws(() => checkResolution(disputed({ balance: 100 }), parse({ kind: 'credit-note', amount: 101 })), (error: unknown) => error instanceof ValidationError && error.issues[0]?.path === 'amount');
    assert.throws(() => resolveDispute(openInvoice(), closing({ kind: 'reject' }), now), ConflictError);
    assert.equal(resolveDisputeRequestSchema.safeParse({ kind: 'refund' }).success, false);
  });
});

describe('disputes use cases (in-memory)', () => {
  it('records a dispute for finance, restarts the workflow, and resolves it only once', async () => {
    const { deps, invoices, workflows, disputes } = collectionSetup();
    invoices.put(openInvoice());
    const { dispute } = await recordDispute(deps, 'acme', { invoiceNumber: 'INV-1001', reason: 'damaged goods' });
    assert.equal((await disputes.openDisputes('acme'))[0]?.disputeId, dispute.id);
    assert.equal(workflows.starts.length, 1);
    await assert.rejects(recordDispute(deps, 'acme', { invoiceNumber: 'INV-1001', reason: 'again' }), (error: unknown) => error instanceof ConflictError && error.code === 'already_disputed');

    const resolved = await resolveDisputeById(deps, 'acme', dispute.id, parse({ kind: 'reject' }));
    assert.equal(resolved.invoice.status, 'open');
    assert.equal(workflows.starts.length, 2, 'collection resumes on a new revision');
    assert.deepEqual(await disputes.openDisputes('acme'), []);
    await assert.rejects(resolveDisputeById(deps, 'acme', dispute.id, parse({ kind: 'cancel' })), (error: unknown) => error instanceof ConflictError && error.code === 'dispute_resolved');
  });

  it('lowers the balance by a partial credit note and resumes collection; the resolution itself changes no status', async () => {
    const { deps, invoices, workflows } = collectionSetup();
    invoices.put(openInvoice({ balance: 100000 }));
    const { dispute } = await recordDispute(deps, 'acme', { invoiceNumber: 'INV-1001', reason: 'wrong price' });
    const startsBefore = workflows.starts.length;
    const resolved = await resolveDisputeById(deps, 'acme', dispute.id, parse({ kind: 'credit-note', amount: 30000 }));
    assert.deepEqual([resolved.invoice.status, resolved.invoice.balance, resolved.dispute.status], ['open', 70000, 'resolved']);
    assert.equal(workflows.starts.length, startsBefore + 1, 'collection resumes');
    const timeline = await invoices.timeline('acme', 'INV-1001');
    assert.deepEqual(timeline.filter((event) => event.type === 'dispute.resolved' || event.type === 'status.changed').map((event) => event.type), ['dispute.resolved']);
  });

  it('closes the invoice as credited when the credit note (amountMinor) leaves nothing', async () => {
    const { deps, invoices, workflows } = collectionSetup();
    invoices.put(openInvoice({ balance: 30000 }));
    const { dispute } = await recordDispute(deps, 'acme', { invoiceNumber: 'INV-1001', reason: 'wrong price' });
    const resolved = await resolveDisputeById(deps, 'acme', dispute.id, parse({ kind: 'credit-note', amountMinor: 30000 }));
    assert.deepEqual([resolved.invoice.status, resolved.invoice.balance], ['credited', 0]);
    assert.ok(workflows.stops.length > 0, 'collection ends');
    const timeline = await invoices.timeline('acme', 'INV-1001');
    assert.deepEqual(
      timeline.filter((event) => event.type === 'dispute.resolved' || event.type === 'status.changed').map((event) => [event.type, event.detail?.['to']]).sort(),
      [['dispute.resolved', undefined], ['status.changed', 'credited']],
    );
  });

  it('resolves by credit note through a credit note document numbered after the dispute, once, also when retried after a crash between the two halves', async () => {
    const { deps, invoices, creditNotes, workflows } = collectionSetup();
    invoices.put(openInvoice());
    const { dispute } = await recordDispute(deps, 'acme', { invoiceNumber: 'INV-1001', reason: 'damaged goods' });
    // A crash after the note committed and before the dispute was resolved: the first resolve call's second half fails once.
    const resolveOnce = deps.disputes.resolveDispute.bind(deps.disputes);
    let crashes = 1;
    deps.disputes.resolveDispute = async (...args) => (crashes-- > 0 ? Promise.reject(new Error('crashed')) : resolveOnce(...args));
    await assert.rejects(resolveDisputeById(deps, 'acme', dispute.id, parse({ kind: 'credit-note', amount: 25000, note: 'goodwill' })), /crashed/);
    const note = await creditNotes.get('acme', disputeCreditNoteNumber(dispute.id));
    assert.deepEqual([note?.amount, note?.unappliedAmount, note?.source], [25000, 0, { via: 'dispute', disputeId: dispute.id, by: 'api' }]);
    assert.equal((await invoices.get('acme', 'INV-1001'))?.balance, 100000);

    const startsBefore = workflows.starts.length;
    const resolved = await resolveDisputeById(deps, 'acme', dispute.id, parse({ kind: 'credit-note', amount: 25000, note: 'goodwill' }));
    assert.deepEqual([resolved.invoice.status, resolved.invoice.balance, resolved.dispute.status], ['open', 100000, 'resolved'], 'credited once, not twice');
    assert.deepEqual(resolved.dispute.resolution, { kind: 'credit-note', amount: 25000, note: 'goodwill' });
    const timeline = await invoices.timeline('acme', 'INV-1001');
    assert.deepEqual(timeline.filter((event) => event.type === 'credit-note.applied').map((event) => event.detail?.['amount']), [25000]);
    const event = timeline.find((entry) => entry.type === 'dispute.resolved');
    assert.deepEqual([event?.detail?.['creditNoteNumber'], event?.detail?.['balanceBefore'], event?.detail?.['balance']], [disputeCreditNoteNumber(dispute.id), 125000, 100000]);
    assert.equal(workflows.starts.length, startsBefore + 1, 'collection resumes on the lowered balance, on a new revision');
    await assert.rejects(resolveDisputeById(deps, 'acme', dispute.id, parse({ kind: 'credit-note', amount: 25000 })), (error: unknown) => error instanceof ConflictError && error.code === 'dispute_resolved');
  });

  it('refuses a dispute credit note above the balance at amount, and credits in full as credited with the workflow stopped', async () => {
    const { deps, invoices, workflows } = collectionSetup();
    invoices.put(openInvoice());
    const { dispute } = await recordDispute(deps, 'acme', { invoiceNumber: 'INV-1001', reason: 'never ordered' });
    await assert.rejects(resolveDisputeById(deps, 'acme', dispute.id, parse({ kind: 'credit-note', amount: 125001 })), (error: unknown) => error instanceof ValidationError && error.issues[0]?.path === 'amount');
    const resolved = await resolveDisputeById(deps, 'acme', dispute.id, parse({ kind: 'credit-note', amount: 125000 }));
    assert.deepEqual([resolved.invoice.status, resolved.invoice.balance], ['credited', 0]);
    assert.ok(workflows.stops.length > 0, 'the workflow is stopped');
  });
});
