import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { DecisionLink } from '../../shared/escalation/index.js';
import type { EscalationState, Invoice } from '../../shared/invoicing/index.js';
import { event, pay, storedInvoice } from './support/fixtures.js';
import { count, forEachStore, uniqueId, uniqueTenant, type Stores } from './support/stores.js';

const REQUESTED_AT = '2026-12-10T10:00:00.000Z';

function escalationOf(): EscalationState {
  return { id: uniqueId('esc'), status: 'pending', requestedAt: REQUESTED_AT, expiresAt: '2026-12-17T10:00:00.000Z' };
}

function linksOf(invoice: Invoice, escalation: EscalationState, approvers: string[]): DecisionLink[] {
  return approvers.map((approver) => ({ linkId: uniqueId('link'), tenantId: invoice.tenantId, invoiceNumber: invoice.invoiceNumber, escalationId: escalation.id, decision: 'approve', approver, expiresAt: Date.parse('2026-12-17T09:00:00.000Z') }));
}

/** Opens an escalation with a link per approver; returns the invoice as it is then. */
async function escalated(stores: Stores, invoice: Invoice, links: (escalation: EscalationState) => DecisionLink[]) {
  const escalation = escalationOf();
  const made = links(escalation);
  assert.equal(await stores.escalations.startEscalation(invoice, escalation, 'token-1', made, event('escalation.requested', REQUESTED_AT, `escalation.requested:${escalation.id}`)), true);
  return { invoice: { ...invoice, escalation, updatedAt: REQUESTED_AT }, links: made };
}

function approved(invoice: Invoice, at = '2026-12-11T10:00:00.000Z') {
  return { status: invoice.status, escalation: { ...invoice.escalation!, status: 'approved' as const, decision: 'approve' as const, decidedBy: 'finance@acme.example', decidedAt: at }, updatedAt: at };
}

forEachStore((_name, makeStores) => {
  it('opens an escalation on an open invoice with its task token and links, together', async () => {
    const stores = makeStores();
    const { invoice } = await escalated(stores, await storedInvoice(stores, uniqueTenant()), () => []);
    const stored = await stores.invoices.get(invoice.tenantId, invoice.invoiceNumber);
    assert.deepEqual(stored?.escalation, invoice.escalation);
    assert.equal(await stores.escalations.escalationTaskToken(invoice.tenantId, invoice.invoiceNumber, invoice.escalation!.id), 'token-1');
    assert.equal(await stores.escalations.escalationTaskToken(invoice.tenantId, invoice.invoiceNumber, 'other'), undefined);
  });

  it('stores the decision links, readable by id', async () => {
    const stores = makeStores();
    const base = await storedInvoice(stores, uniqueTenant());
    const { links } = await escalated(stores, base, (escalation) => linksOf(base, escalation, ['a@acme.example', 'b@acme.example']));
    for (const link of links) assert.deepEqual(await stores.escalations.getLink(link.linkId), link);
    assert.equal(await stores.escalations.getLink(uniqueId('link')), undefined);
  });

  it('refuses to open an escalation on an invoice that is no longer open, storing neither token nor links', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    const paid = await pay(stores, invoice, uniqueId('pay'), invoice.balance);
    const escalation = escalationOf();
    const links = linksOf(invoice, escalation, ['a@acme.example']);
    assert.equal(await stores.escalations.startEscalation(paid, escalation, 'token-1', links, event('escalation.requested', REQUESTED_AT, 'escalation.requested:x')), false);
    assert.equal(await stores.escalations.escalationTaskToken(invoice.tenantId, invoice.invoiceNumber, escalation.id), undefined);
    assert.equal(await stores.escalations.getLink(links[0]!.linkId), undefined);
  });

  it('records exactly one of ten concurrent decisions through different links, and marks only that link used', async () => {
    const stores = makeStores();
    const base = await storedInvoice(stores, uniqueTenant());
    const approvers = Array.from({ length: 10 }, (_, index) => `approver-${index}@acme.example`);
    const { invoice, links } = await escalated(stores, base, (escalation) => linksOf(base, escalation, approvers));
    const outcomes = await Promise.all(links.map((link) => stores.escalations.decideEscalation(invoice, approved(invoice), link, [])));
    assert.equal(count(outcomes, 'decided'), 1);
    assert.equal(count(outcomes, 'already-decided'), 9);
    const used = await Promise.all(links.map(async (link) => (await stores.escalations.getLink(link.linkId))?.usedAt));
    assert.equal(used.filter((usedAt) => usedAt !== undefined).length, 1);
    assert.equal((await stores.invoices.get(invoice.tenantId, invoice.invoiceNumber))?.escalation?.status, 'approved');
  });

  it('answers already-decided for a used link or an escalation that is no longer pending', async () => {
    const stores = makeStores();
    const base = await storedInvoice(stores, uniqueTenant());
    const { invoice, links } = await escalated(stores, base, (escalation) => linksOf(base, escalation, ['a@acme.example']));
    const link = links[0]!;
    assert.equal(await stores.escalations.decideEscalation(invoice, approved(invoice), link, []), 'decided');
    assert.equal(await stores.escalations.decideEscalation(invoice, approved(invoice), link, []), 'already-decided', 'the link again');
    assert.equal(await stores.escalations.decideEscalation(invoice, approved(invoice), undefined, []), 'already-decided', 'a timeout after the decision');
  });

  it('answers already-decided when the invoice was paid while the escalation waited', async () => {
    const stores = makeStores();
    const base = await storedInvoice(stores, uniqueTenant());
    const { invoice, links } = await escalated(stores, base, (escalation) => linksOf(base, escalation, ['a@acme.example']));
    await pay(stores, invoice, uniqueId('pay'), invoice.balance);
    assert.equal(await stores.escalations.decideEscalation(invoice, approved(invoice), links[0], []), 'already-decided');
    assert.equal((await stores.escalations.getLink(links[0]!.linkId))?.usedAt, undefined);
  });

  it('removes the fields a decision leaves out and sets the ones it carries', async () => {
    const stores = makeStores();
    const base = await storedInvoice(stores, uniqueTenant());
    const { invoice } = await escalated(stores, base, () => []);
    const at = '2026-12-11T10:00:00.000Z';
    const after = { ...approved(invoice, at), extendedDueDate: '2026-12-31', pausedUntil: undefined };
    assert.equal(await stores.escalations.decideEscalation(invoice, after, undefined, []), 'decided');
    const stored = await stores.invoices.get(invoice.tenantId, invoice.invoiceNumber);
    assert.equal(stored?.extendedDueDate, '2026-12-31');
    assert.equal('pausedUntil' in (stored ?? {}), false);
    assert.equal(stored?.updatedAt, at);
  });
});
