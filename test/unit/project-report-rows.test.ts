import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Invoice } from '../../shared/invoicing/index.js';
import { streamPosition } from '../../shared/reports/index.js';
import type { TimelineEvent } from '../../shared/kernel/index.js';
import { projectReportRows } from '../../shared/reports/index.js';
import { InMemoryReportRowStore } from '../../shared/reports/index.js';
import { openInvoice } from './fixtures.js';

/** What is stored now, as the projector re-reads it; tests change it between deliveries. */
function world(invoice: Invoice) {
  const state = { invoice: invoice as Invoice | undefined, timeline: [] as TimelineEvent[] };
  const invoices = {
    get: async () => state.invoice,
    timeline: async () => state.timeline,
  };
  return { state, deps: { invoices, rows: new InMemoryReportRowStore() } };
}
const payment = (amount: number, paidAt: string): TimelineEvent => ({ type: 'payment.received', at: `${paidAt}T09:00:00.000Z`, key: `payment.received#${paidAt}`, detail: { amount, paidAt } }) as TimelineEvent;

describe('projecting report rows', () => {
  const invoice = openInvoice({ invoiceNumber: 'RR-1' });
  const change = (position: string) => ({ tenantId: invoice.tenantId, invoiceNumber: 'RR-1', position: streamPosition(position) });

  it('writes the row the invoice and its timeline give, and writes nothing when a change moves no figure', async () => {
    const { state, deps } = world(invoice);
    assert.deepEqual(await projectReportRows(deps, [change('10')]), ['written']);
    assert.deepEqual(await projectReportRows(deps, [change('11')]), ['unchanged'], 'e.g. a notice claim');
    assert.equal((await deps.rows.get(invoice.tenantId, 'RR-1'))?.position, streamPosition('10'));
    state.timeline = [payment(5000, '2026-11-10')];
    assert.deepEqual(await projectReportRows(deps, [change('12')]), ['written']);
    assert.deepEqual((await deps.rows.get(invoice.tenantId, 'RR-1'))?.row.payments, [{ date: '2026-11-10', amount: 5000 }]);
  });

  it('never writes over a row built after a later change: a late or redelivered record is refused or finds nothing new', async () => {
    const { state, deps } = world(invoice);
    state.timeline = [payment(5000, '2026-11-10')];
    assert.deepEqual(await projectReportRows(deps, [change('20')]), ['written']);
    assert.deepEqual(await projectReportRows(deps, [change('15')]), ['unchanged'], 'redelivered: the same state, nothing to write');
    state.timeline = [payment(5000, '2026-11-10'), payment(1000, '2026-11-12')];
    assert.deepEqual(await projectReportRows(deps, [change('15')]), ['stale'], 'an old record does not write; the newer change brings its own record');
    assert.deepEqual(await projectReportRows(deps, [change('21')]), ['written']);
    assert.equal((await deps.rows.get(invoice.tenantId, 'RR-1'))?.row.payments.length, 2);
  });

  it('skips an event whose invoice is not stored', async () => {
    const { state, deps } = world(invoice);
    state.invoice = undefined;
    assert.deepEqual(await projectReportRows(deps, [change('1')]), ['missing']);
    assert.equal(await deps.rows.get(invoice.tenantId, 'RR-1'), undefined);
  });
});
