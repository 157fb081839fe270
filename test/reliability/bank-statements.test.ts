import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readEnvironment } from '../../shared/kernel/index.js';
import { apiKeyStore } from '../../functions/_shared/deps.js';
import { ImportBucket } from '../integration/support/imports.js';
import { anInvoice, useLocalStack } from '../integration/support/local-stack.js';

const fixture = (name: string) => readFileSync(`test/fixtures/camt/${name}`, 'utf8');
const KEY_B = 'arf_reliability_statements_tenant_b_0123456789';
type Report = { status: string; error?: { code: string; line?: number }; rejectedEntries?: { position: number; reason: string }[]; statement?: { matchedByReference: number; matchedByNumber: number } };

/** Bank statements: bad files fail whole with a clear reason and apply nothing; tenants stay apart on the prefix and the routes. */
describe('reliability: bank statements', () => {
  const { api, stack } = useLocalStack('2026-12-10T08:00:00.000Z');
  const bucket = () => new ImportBucket(stack());

  it('fails a file that is not XML, another message or truncated with its reason, once, applying nothing', async () => {
    assert.equal((await api().postInvoice(anInvoice({ invoiceNumber: 'INV7001', amount: 50000, customer: { id: 'C-RF', name: 'Rheinfeld GmbH', email: 'ap@rf.example' } }))).status, 201);
    for (const [file, code] of [['bad-not-xml.xml', 'not_xml'], ['bad-other-message.xml', 'unsupported_message'], ['bad-truncated.xml', 'truncated']] as const) {
      await bucket().drop(`incoming/${stack().tenantId}/bank-statements/${file}`, fixture(file));
      const report = (await bucket().report(`reports/${stack().tenantId}/bank-statements/${file}.json`)) as unknown as Report;
      assert.equal(report.status, 'failed', file);
      assert.equal(report.error?.code, code, file);
    }
    // The truncated file begins with the RF credit for INV7001: nothing of it was applied.
    assert.equal((await api().getInvoice('INV7001')).body.invoice.status, 'open');
  });

  it('rejects the entries with an unknown currency or a negative amount by position, and applies the rest', async () => {
    await bucket().drop(`incoming/${stack().tenantId}/bank-statements/bad-entries.xml`, fixture('bad-entries.xml'));
    const report = (await bucket().report(`reports/${stack().tenantId}/bank-statements/bad-entries.xml.json`)) as unknown as Report;
    assert.equal(report.status, 'completed');
    assert.deepEqual(report.rejectedEntries?.map((entry) => entry.position), [2, 3]);
    assert.match(report.rejectedEntries![0]!.reason, /unknown currency 'XYZ'/);
    assert.match(report.rejectedEntries![1]!.reason, /negative/);
    assert.equal((await api().getInvoice('INV7001')).body.invoice.status, 'paid');
  });

  it("keeps tenants apart: a statement under one tenant's prefix pays none of another's invoices, and a statement id reads only for its tenant", async () => {
    await apiKeyStore(readEnvironment()).put(KEY_B, 'tenant-b', 'reliability: bank statements, a second tenant');
    const tenantB = api().withKey(KEY_B);
    assert.equal((await tenantB.postInvoice(anInvoice({ invoiceNumber: 'INV-7003', amount: 25000, customer: { id: 'B-1', name: 'Two Invoices Ltd', email: 'ap@b.example' } }))).status, 201);
    assert.equal((await tenantB.postInvoice(anInvoice({ invoiceNumber: 'INV-7004', amount: 15000, customer: { id: 'B-1', name: 'Two Invoices Ltd', email: 'ap@b.example' } }))).status, 201);
    // Tenant A's drop names tenant B's invoice numbers: A has no such invoices, so the cash stays A's, unapplied.
    await bucket().drop(`incoming/${stack().tenantId}/bank-statements/names-b.xml`, fixture('camt053-v02-statements.xml'));
    assert.equal((await tenantB.getInvoice('INV-7003')).body.invoice.status, 'open');
    const posted = await tenantB.request<{ statementId: string }>('POST', '/bank-statements', fixture('camt053-v02-statements.xml'), { 'content-type': 'application/xml' });
    assert.equal(posted.status, 200);
    assert.equal((await tenantB.getInvoice('INV-7003')).body.invoice.status, 'paid');
    assert.equal((await tenantB.request('GET', `/bank-statements/${posted.body.statementId}`)).status, 200);
    assert.equal((await api().request('GET', `/bank-statements/${posted.body.statementId}`)).status, 404, "tenant A cannot read tenant B's statement");
  });
});
