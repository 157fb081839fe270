import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { creditNoteRequestSchema, issueCreditNote, allocateCreditNote, getCreditNote, type CreditNoteRequest } from '../../shared/credit-notes/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/kernel/index.js';
import { businessEventOfItem } from '../../shared/events/index.js';
import { agingReport, reportInvoiceOf } from '../../shared/reports/index.js';
import { collectionSetup } from './fakes/collection-deps.js';
import { openInvoice } from './fixtures.js';
import type { Invoice } from '../../shared/invoicing/index.js';

const SOURCE = { via: 'api', apiKey: 'erp-sync' } as const;

async function setup(...invoices: Partial<Invoice>[]) {
  const setup = collectionSetup();
  const stored = invoices.map((overrides, index) => openInvoice({ invoiceNumber: `INV-${index + 1}`, ...overrides }));
  for (const invoice of stored) setup.invoices.state.setInvoice(invoice);
  return { ...setup, stored };
}

const note = (overrides: Partial<CreditNoteRequest> = {}): CreditNoteRequest =>
  creditNoteRequestSchema.parse({ creditNoteNumber: 'CN-1', customer: { id: 'C-1' }, currency: 'EUR', amount: 50_000, issueDate: '2026-12-01', ...overrides });

function fieldPaths(error: unknown): string[] {
  assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${String(error)}`);
  return error.issues.map((issue) => issue.path);
}

describe('issuing a credit note', () => {
  it('lowers the named invoice by the allocated amount and keeps the rest as customer credit', async () => {
    const { deps, invoices } = await setup({});
    const result = await issueCreditNote(deps, 'acme', note({ amount: 50_000, allocations: [{ invoiceNumber: 'INV-1', amount: 20_000 }] }), SOURCE);
    assert.equal(result.outcome, 'created');
    assert.equal(result.creditNote.unappliedAmount, 30_000);
    assert.deepEqual(result.creditNote.allocations.map((allocation) => [allocation.invoiceNumber, allocation.amount]), [['INV-1', 20_000]]);
    const stored = await invoices.get('acme', 'INV-1');
    assert.equal(stored?.balance, 105_000);
    assert.equal(stored?.status, 'open');
    const timeline = await invoices.timeline('acme', 'INV-1');
    const applied = timeline.find((event) => event.type === 'credit-note.applied');
    assert.deepEqual(applied?.detail?.['source'], SOURCE);
    assert.equal(applied?.detail?.['balance'], 105_000);
  });

  it('an allocation without an amount takes what the invoice owes, bounded by what is left of the note after named amounts', async () => {
    const { deps, invoices, workflows } = await setup({ amount: 10_000, balance: 10_000 }, { amount: 90_000, balance: 90_000 });
    const result = await issueCreditNote(deps, 'acme', note({ amount: 50_000, allocations: [{ invoiceNumber: 'INV-2' }, { invoiceNumber: 'INV-1', amount: 10_000 }] }), SOURCE);
    assert.deepEqual(result.creditNote.allocations.map((allocation) => [allocation.invoiceNumber, allocation.amount]), [['INV-2', 40_000], ['INV-1', 10_000]]);
    assert.equal(result.creditNote.unappliedAmount, 0);
    assert.equal((await invoices.get('acme', 'INV-1'))?.status, 'credited', 'credited in full');
    assert.equal((await invoices.get('acme', 'INV-2'))?.balance, 50_000);
    assert.deepEqual(workflows.stops.map((stop) => stop.reason), ['invoice credited'], 'only the fully credited invoice is stopped');
  });

  it('answers duplicate for the same number and content, and 409 credit_note_number_reused for other content', async () => {
    const { deps, invoices } = await setup({});
    const request = note({ allocations: [{ invoiceNumber: 'INV-1' }] });
    await issueCreditNote(deps, 'acme', request, SOURCE);
    const again = await issueCreditNote(deps, 'acme', note({ allocations: [{ invoiceNumber: 'INV-1' }] }), { via: 'api', apiKey: 'other' });
    assert.equal(again.outcome, 'duplicate');
    assert.equal((await invoices.get('acme', 'INV-1'))?.balance, 75_000, 'applied once');
    await assert.rejects(issueCreditNote(deps, 'acme', note({ amount: 50_001 }), SOURCE), (error) => error instanceof ConflictError && error.code === 'credit_note_number_reused');
  });

  it('refuses another currency, another customer, an unknown or closed invoice and more than the note, with the field path', async () => {
    const { deps } = await setup({}, { customer: { ...openInvoice().customer, id: 'C-2' } }, { status: 'paid', balance: 0 }, { currency: 'USD' });
    const refusal = (request: CreditNoteRequest) => issueCreditNote(deps, 'acme', request, SOURCE).then(() => assert.fail('accepted'), fieldPaths);
    assert.deepEqual(await refusal(note({ allocations: [{ invoiceNumber: 'INV-4' }] })), ['currency']);
    assert.deepEqual(await refusal(note({ allocations: [{ invoiceNumber: 'INV-1' }, { invoiceNumber: 'INV-2' }] })), ['allocations.1.invoiceNumber']);
    assert.deepEqual(await refusal(note({ allocations: [{ invoiceNumber: 'INV-3' }] })), ['allocations.0.invoiceNumber']);
    assert.deepEqual(await refusal(note({ allocations: [{ invoiceNumber: 'NOPE' }] })), ['allocations.0.invoiceNumber']);
    assert.deepEqual(await refusal(note({ amount: 200_000, allocations: [{ invoiceNumber: 'INV-1', amount: 130_000 }] })), ['allocations.0.amount']);
    const tooMuch = creditNoteRequestSchema.safeParse({ ...note(), allocations: [{ invoiceNumber: 'INV-1', amount: 50_001 }] });
    assert.equal(tooMuch.success, false);
    assert.deepEqual(tooMuch.error?.issues.map((issue) => issue.path.join('.')), ['allocations']);
  });

  it('allocates what is left later, once per request id, and refuses more than is left', async () => {
    const { deps, invoices } = await setup({}, {});
    await issueCreditNote(deps, 'acme', note({ amount: 30_000 }), SOURCE);
    const first = await allocateCreditNote(deps, 'acme', 'CN-1', { allocations: [{ invoiceNumber: 'INV-2', amount: 10_000 }] }, 'r1');
    assert.equal(first.outcome, 'created');
    assert.equal(first.creditNote.unappliedAmount, 20_000);
    assert.equal((await allocateCreditNote(deps, 'acme', 'CN-1', { allocations: [{ invoiceNumber: 'INV-2', amount: 10_000 }] }, 'r1')).outcome, 'duplicate');
    assert.equal((await invoices.get('acme', 'INV-2'))?.balance, 115_000, 'the retry applied nothing');
    const tooMuch = await allocateCreditNote(deps, 'acme', 'CN-1', { allocations: [{ invoiceNumber: 'INV-1', amount: 20_001 }] }, 'r2').then(() => assert.fail('accepted'), fieldPaths);
    assert.deepEqual(tooMuch, ['allocations']);
    await assert.rejects(allocateCreditNote(deps, 'acme', 'CN-9', { allocations: [{ invoiceNumber: 'INV-1' }] }, 'r3'), NotFoundError);
    const read = await getCreditNote(deps, 'acme', 'CN-1');
    assert.deepEqual(read.invoices.map((invoice) => invoice.invoiceNumber), ['INV-2']);
  });
});

describe('credit notes in events and reports', () => {
  it('publishes credit-note.applied as credit_note.applied', () => {
    const item = { pk: 'T#acme#INV#INV-1', sk: 'EVENT#credit-note.applied:CN-1', type: 'credit-note.applied', at: '2026-12-08T08:00:00.000Z', key: 'credit-note.applied:CN-1', detail: { creditNoteNumber: 'CN-1', amount: 500, balance: 0 } };
    assert.equal(businessEventOfItem(item)?.type, 'credit_note.applied');
  });

  it('counts a credit note as less invoiced (closed when credited in full), and a dispute resolution that names its note only once', () => {
    const invoice = openInvoice({ issueDate: '2026-11-01', dueDate: '2026-12-01' });
    const credit = (amount: number, status: string) => ({ type: 'credit-note.applied', at: '2026-12-03T10:00:00.000Z', detail: { creditNoteNumber: 'CN-1', amount, status } });
    const partial = reportInvoiceOf(invoice, [credit(25_000, 'open')]);
    assert.equal(partial.amount, 100_000);
    assert.equal(partial.closedAt, undefined);
    assert.equal(agingReport([partial], '2026-12-10').totals.find((total) => total.currency === 'EUR')?.total, 100_000, 'aging shows the lowered balance');
    assert.equal(agingReport([reportInvoiceOf(invoice, [credit(125_000, 'credited')])], '2026-12-10').totals.find((total) => total.currency === 'EUR'), undefined, 'nothing owed after a full credit');
    assert.equal(reportInvoiceOf(invoice, [credit(125_000, 'credited')]).closedAt, '2026-12-03');
    const resolved = { type: 'dispute.resolved', at: '2026-12-03T10:00:00.000Z', detail: { kind: 'credit-note', amount: 25_000, creditNoteNumber: 'dispute-x', status: 'open' } };
    assert.equal(reportInvoiceOf(invoice, [credit(25_000, 'open'), resolved]).amount, 100_000, 'not counted twice');
    const legacy = { type: 'dispute.resolved', at: '2026-12-03T10:00:00.000Z', detail: { kind: 'credit-note', amount: 25_000, status: 'open' } };
    assert.equal(reportInvoiceOf(invoice, [legacy]).amount, 100_000, 'stored resolutions without a note count as before');
  });
});

describe('the credit-notes function', () => {
  const event = (routeKey: string, body?: unknown, pathParameters?: Record<string, string>) => ({
    routeKey,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
    pathParameters,
    requestContext: { authorizer: { lambda: { tenantId: 'acme', keyLabel: 'erp-sync' } } },
  });

  it('answers 201 created, then 200 duplicate, and GET shows the note with its allocations and unapplied remainder', async () => {
    const { deps } = await setup({});
    process.env['TABLE_NAME'] ??= 'arflow-unit';
    process.env['AWS_REGION'] ??= 'us-east-1';
    const { createHandler } = await import('../../functions/credit-notes/handler.js');
    const handler = createHandler(deps);
    const body = { creditNoteNumber: 'CN-7', customer: { id: 'C-1' }, currency: 'EUR', amount: 200_000, issueDate: '2026-12-01', allocations: [{ invoiceNumber: 'INV-1' }] };
    const invoke = async (e: ReturnType<typeof event>) => (await handler(e as never, {} as never)) as { statusCode: number; body: string };
    const created = await invoke(event('POST /credit-notes', body));
    assert.equal(created.statusCode, 201);
    const parsed = JSON.parse(created.body);
    assert.equal(parsed.outcome, 'created');
    assert.equal(parsed.creditNote.unappliedAmount, 75_000);
    assert.deepEqual(parsed.creditNote.source, { via: 'api', apiKey: 'erp-sync' });
    assert.equal(parsed.invoices[0].status, 'credited');
    const again = await invoke(event('POST /credit-notes', body));
    assert.equal(again.statusCode, 200);
    assert.equal(JSON.parse(again.body).outcome, 'duplicate');
    const read = await invoke(event('GET /credit-notes/{creditNoteNumber}', undefined, { creditNoteNumber: 'CN-7' }));
    assert.equal(read.statusCode, 200);
    assert.equal(JSON.parse(read.body).creditNote.allocatedAmount, 125_000);
    assert.equal((await invoke(event('GET /credit-notes/{creditNoteNumber}', undefined, { creditNoteNumber: 'CN-8' }))).statusCode, 404);
    const conflict = await invoke(event('POST /credit-notes', { ...body, amount: 1 }));
    assert.equal(conflict.statusCode, 409);
  });
});
