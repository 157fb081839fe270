import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, dateInZone } from '../../shared/kernel/index.js';
import type { Invoice, NoticeLedger } from '../../shared/invoicing/index.js';
import { sendReminder } from '../../shared/reminders/index.js';
import { collectionDeps } from '../../functions/_shared/deps.js';
import { anInvoice, useLocalStack } from './support/local-stack.js';
import { ImportBucket } from './support/imports.js';

/** Integration: PUT /invoices/{number} and POST /invoices/{number}/void on the embedded stack (DynamoDB Local, virtual clock). */
describe('following the system of record on the embedded stack', () => {
  const { api, stack } = useLocalStack('2026-11-20T12:00:00.000Z');
  const today = async () => dateInZone(await api().now(), 'UTC');
  const put = (invoice: Record<string, unknown> & { invoiceNumber: string }, extra: Record<string, unknown> = {}) => {
    const { invoiceNumber, ...body } = invoice;
    return api().request('PUT', `/invoices/${encodeURIComponent(invoiceNumber)}`, { ...body, ...extra });
  };
  let customers = 0;
  const customer = () => ({ id: `SOR-C-${process.pid}-${++customers}`, name: 'Upstream GmbH', email: `ap${customers}@upstream.example`, timezone: 'UTC', locale: 'en-GB' });

  it('answers created, unchanged, updated and stale by the source version, and names the API key as the source on the timeline', async () => {
    const invoice = anInvoice({ dueDate: addDays(await today(), 30), customer: customer() });
    assert.deepEqual([(await put(invoice, { sourceVersion: 1 })).status, (await put(invoice, { sourceVersion: 1 })).body['outcome']], [201, 'unchanged']);
    const updated = await put({ ...invoice, amount: 150000 }, { sourceVersion: 3 });
    assert.deepEqual([updated.status, updated.body['outcome']], [200, 'updated']);
    const stale = await put({ ...invoice, amount: 1000 }, { sourceVersion: 2 });
    assert.deepEqual([stale.status, stale.body['outcome']], [200, 'stale']);
    const view = await api().getInvoice(invoice.invoiceNumber);
    assert.equal(view.body.invoice.amount, 150000);
    assert.equal(view.body.invoice.balance, 150000);
    const event = view.body.timeline.find((entry) => entry.type === 'invoice.updated');
    assert.deepEqual(event?.detail?.['source'], { via: 'api', apiKey: 'local demo key' });
    assert.equal(view.body.timeline.find((entry) => entry.type === 'invoice.created')?.detail?.['amount'], 125000);
    const mismatch = await api().request('PUT', `/invoices/${invoice.invoiceNumber}`, { ...invoice, invoiceNumber: 'OTHER-1' });
    assert.equal(mismatch.status, 422);
    assert.deepEqual((mismatch.body['error'] as { issues: { path: string }[] }).issues.map((issue) => issue.path), ['invoiceNumber']);
  });

  it('voids an open invoice (then unchanged), sends nothing after, and refuses a paid invoice with invoice_paid', async () => {
    const invoice = anInvoice({ dueDate: addDays(await today(), 2), customer: customer() });
    assert.equal((await api().postInvoice(invoice)).status, 201);
    const voided = await api().request('POST', `/invoices/${invoice.invoiceNumber}/void`, { reason: 'order cancelled upstream', by: 'erp' });
    assert.deepEqual([voided.status, voided.body['outcome']], [200, 'voided']);
    const again = await api().request('POST', `/invoices/${invoice.invoiceNumber}/void`, { reason: 'order cancelled upstream' });
    assert.deepEqual([again.status, again.body['outcome']], [200, 'unchanged']);
    await api().advanceDays(20);
    assert.deepEqual(await api().emailsFor(invoice.invoiceNumber), []);
    assert.equal((await api().getInvoice(invoice.invoiceNumber)).body.invoice.status, 'void');

    const paid = anInvoice({ dueDate: addDays(await today(), 30), customer: customer() });
    assert.equal((await api().postInvoice(paid)).status, 201);
    assert.equal((await api().postPayment({ invoiceNumber: paid.invoiceNumber, amount: 125000, currency: 'EUR', paidAt: await today() })).status, 201);
    const refused = await api().request('POST', `/invoices/${paid.invoiceNumber}/void`, { reason: 'too late' });
    assert.deepEqual([refused.status, (refused.body['error'] as { code: string }).code], [409, 'invoice_paid']);
  });

  it('re-plans a corrected invoice: an extended due date moves the remaining stages, no stage is sent twice, the next notice shows the new balance', async () => {
    const invoice = anInvoice({ dueDate: addDays(await today(), 2), customer: customer() });
    assert.equal((await api().postInvoice(invoice)).status, 201);
    await api().advanceDays(1); // due-in-3-days went out at creation's next window
    const before = (await api().emailsFor(invoice.invoiceNumber)).map((email) => email.headers['X-Arflow-Stage']);
    assert.deepEqual(before, ['due-in-3-days']);
    const corrected = await put({ ...invoice, amount: 99000, dueDate: addDays(await today(), 20) }, { sourceVersion: 2 });
    assert.equal(corrected.body['outcome'], 'updated');
    await api().advanceDays(10); // under the old due date overdue-1-day and overdue-7-days would be sent by now
    assert.deepEqual((await api().emailsFor(invoice.invoiceNumber)).map((email) => email.headers['X-Arflow-Stage']), ['due-in-3-days']);
    await api().advanceDays(12); // new due date + 1: due-in-3-days is not repeated; overdue-1-day goes out
    const emails = await api().emailsFor(invoice.invoiceNumber);
    assert.deepEqual(emails.map((email) => email.headers['X-Arflow-Stage']), ['due-in-3-days', 'overdue-1-day']);
    assert.match(emails.at(-1)!.text, /€990\.00/);
    const stages = (await api().getInvoice(invoice.invoiceNumber)).body.notices.map((notice) => notice.stage);
    assert.equal(new Set(stages).size, stages.length);
  });

  it('closes an invoice as paid when its amount is corrected down to what was already paid', async () => {
    const invoice = anInvoice({ dueDate: addDays(await today(), 30), customer: customer() });
    assert.equal((await api().postInvoice(invoice)).status, 201);
    assert.equal((await api().postPayment({ invoiceNumber: invoice.invoiceNumber, amount: 100000, currency: 'EUR', paidAt: await today() })).status, 201);
    const corrected = await put({ ...invoice, amount: 100000 }, { sourceVersion: 2 });
    assert.equal((corrected.body['invoice'] as { status: string }).status, 'paid');
  });

  it('resolves concurrent versions by version, never by arrival order', async () => {
    for (let round = 0; round < 4; round++) {
      const invoice = anInvoice({ dueDate: addDays(await today(), 30), customer: customer() });
      assert.equal((await put(invoice, { sourceVersion: 1 })).status, 201);
      const versions = round % 2 === 0 ? [2, 5, 3, 4] : [5, 4, 3, 2];
      await Promise.all(versions.map((version) => put({ ...invoice, amount: 100000 + version }, { sourceVersion: version })));
      const view = await api().getInvoice(invoice.invoiceNumber);
      assert.equal(view.body.invoice.amount, 100005, `round ${round}`);
    }
  });

  it('upserts a file named *.upsert.jsonl row by row: created, updated, unchanged, stale and rejected, each row its own source', async () => {
    const tenant = stack().tenantId;
    const known = anInvoice({ dueDate: addDays(await today(), 30), customer: customer() });
    assert.equal((await put(known, { sourceVersion: 5 })).status, 201);
    const fresh = anInvoice({ dueDate: addDays(await today(), 30), customer: customer() });
    const rows = [
      { ...fresh, sourceVersion: 1 },
      { ...known, amount: 140000, sourceVersion: 6 },
      { ...known, amount: 1, sourceVersion: 4 },
      { ...anInvoice({ customer: customer() }), sourceVersion: -1 },
    ];
    const file = `erp-${process.pid}.upsert.jsonl`;
    await new ImportBucket(stack()).drop(`incoming/${tenant}/invoices/${file}`, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
    const report = await new ImportBucket(stack()).report(`reports/${tenant}/invoices/${file}.json`);
    assert.deepEqual(report.counts, { read: 4, imported: 1, unchanged: 0, rejected: 1, updated: 1, stale: 1 });
    const view = await api().getInvoice(known.invoiceNumber);
    assert.equal(view.body.invoice.amount, 140000);
    assert.deepEqual(view.body.timeline.find((entry) => entry.type === 'invoice.updated')?.detail?.['source'], { via: 'file', file: `incoming/${tenant}/invoices/${file}`, line: 2 });
  });

  describe('a correction racing a reminder (real DynamoDB Local, deterministic interleaving)', () => {
    function racing(hook: { beforeClaim?: () => Promise<void>; duringSend?: () => Promise<void> }) {
      const deps = { ...collectionDeps(), clock: stack().clock };
      const inner: NoticeLedger = deps.noticeLedger;
      let hooked = false;
      const noticeLedger: NoticeLedger = Object.create(inner, {
        claimNotice: {
          value: async (invoice: Pick<Invoice, 'tenantId' | 'invoiceNumber' | 'balance' | 'contentHash'>, stage: string, at: Date) => {
            if (!hooked) {
              hooked = true;
              await hook.beforeClaim?.();
            }
            return inner.claimNotice(invoice, stage, at);
          },
        },
      });
      const mailer = { send: async (email: Parameters<typeof deps.mailer.send>[0]) => (await hook.duringSend?.(), deps.mailer.send(email)) };
      return { ...deps, noticeLedger, mailer };
    }

    it('lands before the claim: the claim fails (same balance, other content), the reminder reads again and the notice shows the corrected invoice', async () => {
      // Due far ahead: its own workflow sends nothing meanwhile; the test sends the stage itself.
      const invoice = anInvoice({ dueDate: addDays(await today(), 60), customer: customer() });
      assert.equal((await api().postInvoice(invoice)).status, 201);
      const deps = racing({ beforeClaim: async () => void assert.equal((await put({ ...invoice, paymentLinkUrl: 'https://pay.example/new', poNumber: 'PO-NEW' }, { sourceVersion: 2 })).body['outcome'], 'updated') });
      assert.deepEqual(await sendReminder(deps, stack().tenantId, invoice.invoiceNumber, 'overdue-7-days'), { outcome: 'sent', messageId: (await api().emailsFor(invoice.invoiceNumber))[0]?.messageId });
      const [email] = await api().emailsFor(invoice.invoiceNumber);
      assert.match(email!.text, /pay\.example\/new/);
      assert.doesNotMatch(email!.text, /pay\.example\/i\/1001/);
    });

    it('lands before the claim as a void: nothing is sent', async () => {
      // Due far ahead: its own workflow sends nothing meanwhile; the test sends the stage itself.
      const invoice = anInvoice({ dueDate: addDays(await today(), 60), customer: customer() });
      assert.equal((await api().postInvoice(invoice)).status, 201);
      const deps = racing({ beforeClaim: async () => void assert.equal((await api().request('POST', `/invoices/${invoice.invoiceNumber}/void`, { reason: 'voided during the send' })).status, 200) });
      assert.deepEqual(await sendReminder(deps, stack().tenantId, invoice.invoiceNumber, 'overdue-7-days'), { outcome: 'skipped', reason: 'invoice is void' });
      assert.deepEqual(await api().emailsFor(invoice.invoiceNumber), []);
    });

    it('lands after the claim: the notice goes out with the figures it claimed, stays in the ledger, and the correction applies', async () => {
      // Due far ahead: its own workflow sends nothing meanwhile; the test sends the stage itself.
      const invoice = anInvoice({ dueDate: addDays(await today(), 60), customer: customer() });
      assert.equal((await api().postInvoice(invoice)).status, 201);
      const deps = racing({ duringSend: async () => void assert.equal((await put({ ...invoice, amount: 222200 }, { sourceVersion: 2 })).body['outcome'], 'updated') });
      assert.equal((await sendReminder(deps, stack().tenantId, invoice.invoiceNumber, 'overdue-7-days')).outcome, 'sent');
      const [email] = await api().emailsFor(invoice.invoiceNumber);
      assert.match(email!.text, /€1,250\.00/);
      const view = await api().getInvoice(invoice.invoiceNumber);
      assert.equal(view.body.invoice.amount, 222200);
      assert.deepEqual(view.body.notices.filter((notice) => notice.stage === 'overdue-7-days').map((notice) => notice.status), ['sent']);
    });
  });
});
