import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveDispute, resolveDisputeRequestSchema } from '../../shared/disputes/index.js';
import { ConflictError, ValidationError } from '../../shared/kernel/index.js';
import { recordDispute, resolveDisputeById } from '../../shared/disputes/index.js';
import { collectionSetup } from './fakes/collection-deps.js';
import { openInvoice } from './fixtures.js';

const now = new Date('2026-12-10T10:00:00.000Z');
const disputed = (overrides = {}) => openInvoice({ dispute: { id: 'd-1', status: 'open', reason: 'wrong price', openedAt: '2026-12-01T10:00:00.000Z' }, ...overrides });
const parse = (body: unknown) => resolveDisputeRequestSchema.parse(body);

describe('resolving a dispute (pure)', () => {
  it('lowers the balance by a partial credit note and resumes collection', () => {
    const result = resolveDispute(disputed({ balance: 100000 }), parse({ kind: 'credit-note', amount: 30000 }), now);
    assert.deepEqual([result.after.status, result.after.balance, result.after.dispute?.status, result.collection], ['open', 70000, 'resolved', 'resume']);
    assert.deepEqual(result.events.map((event) => event.type), ['dispute.resolved']);
  });

  it('closes the invoice as credited when the credit note leaves nothing, and as cancelled on a cancellation', () => {
    const credited = resolveDispute(disputed({ balance: 30000 }), parse({ kind: 'credit-note', amountMinor: 30000 }), now);
    assert.deepEqual([credited.after.status, credited.after.balance, credited.collection], ['credited', 0, 'end']);
    assert.deepEqual(credited.events.map((event) => [event.type, event.detail?.['to']]), [['dispute.resolved', undefined], ['status.changed', 'credited']]);
    const cancelled = resolveDispute(disputed(), parse({ kind: 'cancel' }), now);
    assert.deepEqual([cancelled.after.status, cancelled.after.balance, cancelled.collection], ['cancelled', 0, 'end']);
  });

  it('keeps the balance on a rejection and records the note', () => {
    const result = resolveDispute(disputed(), parse({ kind: 'reject', note: 'signed delivery note' }), now);
    assert.deepEqual([result.after.status, result.after.balance, result.after.dispute?.resolution], ['open', 125000, { kind: 'reject', note: 'signed delivery note' }]);
  });

  it('refuses a credit note above the balance (422 on amount), an invoice without an open dispute, and an unknown kind', () => {
    assert.throws(() => resolveDispute(disputed({ balance: 100 }), parse({ kind: 'credit-note', amount: 101 }), now), (error: unknown) => error instanceof ValidationError && error.issues[0]?.path === 'amount');
    assert.throws(() => resolveDispute(openInvoice(), parse({ kind: 'reject' }), now), ConflictError);
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
});
