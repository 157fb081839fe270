import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConflictError, ValidationError } from '../../shared/kernel/index.js';
import { executionName } from '../../shared/invoicing/index.js';
import { invoiceInputSchema } from '../../shared/invoicing/index.js';
import { ingestInvoice } from '../../shared/imports/index.js';
import { collectionSetup as setup } from './fakes/collection-deps.js';
import { deliverInsert, ingestAndStart } from './fakes/stream-starter.js';
import { contractExample, invoiceInput, storedPolicy } from './fixtures.js';
import { TENANT, NUMBER, eventTypes } from './use-cases.fixtures.js';


describe('ingestInvoice', () => {
  it('stores a new invoice without starting its workflow; the stored insert then starts it, and both are on the timeline', async () => {
    const { deps, invoices, workflows } = setup('2026-11-01T10:00:00.000Z');
    const result = await ingestInvoice(deps, TENANT, invoiceInput());
    assert.deepEqual(workflows.starts, [], 'the caller does not wait for the workflow');
    await deliverInsert(deps, result.invoice);
    assert.equal(result.outcome, 'created');
    assert.equal(result.invoice.balance, 125000);
    assert.equal(result.invoice.status, 'open');
    assert.equal(result.invoice.revision, 1);
    assert.equal(result.invoice.tenantId, TENANT);
    assert.deepEqual(await invoices.get(TENANT, NUMBER), result.invoice);
    assert.deepEqual(workflows.starts, [{ executionName: executionName(TENANT, NUMBER, 1), invoiceNumber: NUMBER, revision: 1 }]);
    assert.deepEqual(await eventTypes(invoices), ['invoice.created', 'workflow.started:r1']);
  });

  it('answers the same invoice posted twice with "unchanged" and the stored invoice; a redelivered insert starts the same execution', async () => {
    const { deps, invoices, workflows, clock } = setup('2026-11-01T10:00:00.000Z');
    const first = await ingestAndStart(deps, TENANT, invoiceInput());
    clock.set('2026-11-01T10:05:00.000Z');
    const second = await ingestAndStart(deps, TENANT, invoiceInput());
    assert.equal(second.outcome, 'unchanged');
    assert.deepEqual(second.invoice, first.invoice);
    assert.equal(second.invoice.createdAt, '2026-11-01T10:00:00.000Z');
    assert.equal(workflows.starts.length, 1, 'only the insert starts a workflow');
    await deliverInsert(deps, first.invoice); // the stream delivers a record twice
    assert.equal(new Set(workflows.starts.map((start) => start.executionName)).size, 1);
    assert.equal(workflows.executions.size, 1);
    assert.deepEqual(await eventTypes(invoices), ['invoice.created', 'workflow.started:r1']);
  });


  it('treats a repost with other key order, email case and padding as the same invoice', async () => {
    const { deps } = setup();
    await ingestInvoice(deps, TENANT, invoiceInput());
    const example = contractExample();
    const reposted = invoiceInputSchema.parse({
      ...example,
      invoiceNumber: ` ${NUMBER} `,
      customer: { locale: 'de-DE', timezone: 'Europe/Berlin', name: 'Acme GmbH', email: 'AP@ACME.EXAMPLE', id: 'C-1' },
    });
    assert.equal((await ingestInvoice(deps, TENANT, reposted)).outcome, 'unchanged');
  });

  it('refuses the same number with different content with ConflictError invoice_number_reused and keeps the stored invoice', async () => {
    const { deps, invoices, workflows } = setup();
    await ingestAndStart(deps, TENANT, invoiceInput());
    await assert.rejects(
      ingestInvoice(deps, TENANT, invoiceInput({ amount: 99900 })),
      (error: unknown) => error instanceof ConflictError && error.code === 'invoice_number_reused',
    );
    assert.equal((await invoices.get(TENANT, NUMBER))?.amount, 125000);
    assert.equal(workflows.starts.length, 1);
  });

  it('answers a repost of a paid invoice with "unchanged" and starts no workflow', async () => {
    const { deps, invoices, workflows } = setup();
    await ingestAndStart(deps, TENANT, invoiceInput());
    invoices.update(TENANT, NUMBER, { status: 'paid', balance: 0 });
    const result = await ingestAndStart(deps, TENANT, invoiceInput());
    assert.equal(result.outcome, 'unchanged');
    assert.equal(result.invoice.status, 'paid');
    assert.equal(workflows.starts.length, 1);
  });

  it('refuses a policy name that names no stored policy with a ValidationError at path policy, and stores nothing', async () => {
    const { deps, invoices, workflows } = setup();
    await assert.rejects(
      ingestInvoice(deps, TENANT, invoiceInput({ policy: 'strict' })),
      (error: unknown) => error instanceof ValidationError && error.issues.length === 1 && error.issues[0]?.path === 'policy',
    );
    assert.equal(await invoices.get(TENANT, NUMBER), undefined);
    assert.deepEqual(workflows.starts, []);
  });

  it("accepts a stored policy's name and keeps it on the invoice; another tenant's policy of that name does not count", async () => {
    const { deps, policies } = setup();
    policies.seed('globex', storedPolicy('strict', { stages: [] }));
    await assert.rejects(ingestInvoice(deps, TENANT, invoiceInput({ policy: 'strict' })), ValidationError);
    policies.seed(TENANT, storedPolicy('strict', { stages: [] }));
    const result = await ingestInvoice(deps, TENANT, invoiceInput({ policy: 'strict' }));
    assert.equal(result.outcome, 'created');
    assert.equal(result.invoice.policy, 'strict');
  });

  it("accepts the name 'default' before the tenant stores a default policy (the built-in one applies)", async () => {
    const { deps } = setup();
    assert.equal((await ingestInvoice(deps, TENANT, invoiceInput({ policy: 'default' }))).outcome, 'created');
  });

  it('keeps the same invoice number of two tenants apart', async () => {
    const { deps, invoices, workflows } = setup();
    assert.equal((await ingestAndStart(deps, TENANT, invoiceInput())).outcome, 'created');
    assert.equal((await ingestAndStart(deps, 'globex', invoiceInput({ amount: 5000 }))).outcome, 'created');
    assert.equal((await invoices.get(TENANT, NUMBER))?.amount, 125000);
    assert.equal((await invoices.get('globex', NUMBER))?.amount, 5000);
    assert.equal(workflows.executions.size, 2);
  });
});
