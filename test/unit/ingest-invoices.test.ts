import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConflictError, ValidationError } from '../../shared/kernel/index.js';
import { ingestInvoices } from '../../shared/imports/index.js';
import { collectionSetup as setup } from './fakes/collection-deps.js';
import { invoiceInput, storedPolicy } from './fixtures.js';

const TENANT = 'acme';

describe('ingestInvoices (a batch)', () => {
  it('answers each invoice of a batch on its own: created, unchanged, refused for a reused number, refused for an unknown policy', async () => {
    const { deps, invoices, workflows } = setup();
    await ingestInvoices(deps, TENANT, [invoiceInput({ invoiceNumber: 'B-1' }), invoiceInput({ invoiceNumber: 'B-2' })]);
    const results = await ingestInvoices(deps, TENANT, [
      invoiceInput({ invoiceNumber: 'B-1' }),
      invoiceInput({ invoiceNumber: 'B-2', amount: 1 }),
      invoiceInput({ invoiceNumber: 'B-3', policy: 'nope' }),
      invoiceInput({ invoiceNumber: 'B-4' }),
    ]);
    assert.deepEqual(results.map((result) => result.outcome), ['unchanged', 'refused', 'refused', 'created']);
    assert.ok(results[1]!.outcome === 'refused' && results[1]!.error instanceof ConflictError && results[1]!.error.code === 'invoice_number_reused');
    assert.ok(results[2]!.outcome === 'refused' && results[2]!.error instanceof ValidationError && results[2]!.error.issues[0]?.path === 'policy');
    assert.equal((await invoices.get(TENANT, 'B-2'))?.amount, invoiceInput().amount, 'the stored invoice is untouched');
    assert.equal(await invoices.get(TENANT, 'B-3'), undefined);
    assert.deepEqual(workflows.starts, [], 'workflows start from the stored inserts, not here');
  });

  it('settles a number that appears twice in one batch against the first: the same content is unchanged, other content refused', async () => {
    const { deps, invoices } = setup();
    const results = await ingestInvoices(deps, TENANT, [invoiceInput({ invoiceNumber: 'D-1' }), invoiceInput({ invoiceNumber: 'D-1' }), invoiceInput({ invoiceNumber: 'D-1', amount: 7 })]);
    assert.deepEqual(results.map((result) => result.outcome), ['created', 'unchanged', 'refused']);
    assert.equal((await invoices.get(TENANT, 'D-1'))?.amount, invoiceInput().amount);
    assert.equal((await invoices.timeline(TENANT, 'D-1')).filter((event) => event.type === 'invoice.created').length, 1);
  });

  it("indexes every open invoice under its customer and the policy that collects it (the customer's, else default)", async () => {
    const { deps, customers, policies } = setup();
    policies.seed(TENANT, storedPolicy('gentle', { stages: [] }));
    await customers.put({ tenantId: TENANT, customerId: 'C-G', policy: 'gentle', tags: [], updatedAt: '2026-11-01T00:00:00.000Z' });
    const gentle = invoiceInput({ invoiceNumber: 'P-1', customer: { ...invoiceInput().customer, id: 'C-G' } });
    await ingestInvoices(deps, TENANT, [gentle, invoiceInput({ invoiceNumber: 'P-2' })]);
    assert.deepEqual(await policies.invoicesUnder(TENANT, 'gentle'), ['P-1']);
    assert.deepEqual(await policies.invoicesUnder(TENANT, 'default'), ['P-2']);
    assert.deepEqual(await customers.invoicesOf(TENANT, 'C-G'), ['P-1']);
  });

  it('warns about a customer on credit hold and notes it on the new invoice’s timeline', async () => {
    const { deps, customers, invoices } = setup();
    const customerId = invoiceInput().customer.id;
    await customers.placeCreditHold(TENANT, customerId, { since: '2026-10-01', reason: 'unpaid since summer', by: 'finance@acme.example' });
    const [result] = await ingestInvoices(deps, TENANT, [invoiceInput({ invoiceNumber: 'H-1' })]);
    assert.ok(result?.outcome === 'created');
    assert.deepEqual(result.warnings, ['customer_on_credit_hold']);
    assert.deepEqual((await invoices.timeline(TENANT, 'H-1')).map((event) => event.type), ['invoice.created', 'customer.credit-hold']);
  });
});
