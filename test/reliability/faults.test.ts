import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { addDays, dateInZone } from '../../shared/kernel/index.js';
import { ArflowApi, anInvoice, useLocalStack, type SentEmail } from '../integration/support/local-stack.js';
import { startChildStack } from './support/child-stack.js';
import { Faults } from './support/faults.js';
import { reliabilityTally } from './support/tally.js';

const tally = reliabilityTally('faults');
const firstStage = 'due-in-3-days'; // the default policy's first reminder, 3 days before the due date
const stageOf = (email: SentEmail) => email.headers['X-Arflow-Stage'];

/**
 * Faults produced for real on the embedded stack: the SES and DynamoDB emulators answer with AWS
 * errors through the local stack's fault switch (a proxy in front of each), the handlers' real SDK
 * clients retry them, and the workflow's Retry carries what the SDK gives up on.
 */
describe('reliability: faults', () => {
  const { api, stack } = useLocalStack('2026-11-20T12:00:00.000Z', { faults: true });
  const faults = () => new Faults(stack().apiUrl);

  /** An invoice whose first reminder falls due in 2 days; the number is unique and no prefix of another. */
  const postInvoice = async (invoiceNumber: string) => {
    const today = dateInZone(await api().now(), 'UTC');
    const invoice = anInvoice({ invoiceNumber, dueDate: addDays(today, 5), customer: { id: `C-${invoiceNumber}`, name: 'Faulty Ltd', email: 'ap@faulty.example', timezone: 'UTC' } });
    assert.equal((await api().postInvoice(invoice)).status, 201);
    return invoice;
  };
  /** Pays the invoice so its workflow stops and cannot meet a later scenario's fault. */
  const settle = async (invoice: ReturnType<typeof anInvoice>) => {
    const today = dateInZone(await api().now(), 'UTC');
    assert.equal((await api().postPayment({ invoiceNumber: invoice.invoiceNumber, amount: invoice['amount'], currency: invoice['currency'], paidAt: today })).status, 201);
  };
  const assertSentOnce = async (invoiceNumber: string) => {
    const emails = await api().emailsFor(invoiceNumber);
    assert.deepEqual(emails.map(stageOf), [firstStage], 'exactly one notice went out');
    const view = await api().getInvoice(invoiceNumber);
    assert.notEqual(view.body.invoice.workflow.status, 'failed', JSON.stringify(view.body.invoice.workflow));
    assert.deepEqual(
      view.body.notices.map(({ stage, status, messageId }) => ({ stage, status, messageId })),
      [{ stage: firstStage, status: 'sent', messageId: emails[0]!.messageId }],
      'the ledger records the one email that went out',
    );
  };

  it('sends a notice exactly once when SES answers 500 for its next 4 calls (SDK retries, then the workflow Retry)', () =>
    tally.case(async () => {
      const invoice = await postInvoice('F1-ses-down');
      const fault = await faults().arm({ service: 'ses', error: 'InternalFailure', operation: 'SendEmail', bodyIncludes: invoice.invoiceNumber, count: 4 });
      await api().advanceDays(3);
      assert.equal(await faults().injected(fault.id), 4, 'every injected failure was met');
      await assertSentOnce(invoice.invoiceNumber);
      await settle(invoice);
    }));

  it('sends a notice exactly once when SES throttles (429 TooManyRequestsException) for two minutes of the clock', () =>
    tally.case(async () => {
      const invoice = await postInvoice('F2-ses-throttled');
      await api().advanceTo(`${addDays(dateInZone(await api().now(), 'UTC'), 2)}T08:59:00.000Z`); // a minute before it is due
      const fault = await faults().arm({ service: 'ses', error: 'TooManyRequestsException', operation: 'SendEmail', bodyIncludes: invoice.invoiceNumber, forSeconds: 120 });
      await api().advanceDays(1);
      assert.ok((await faults().injected(fault.id)) >= 6, 'the first attempts were throttled, the SDK and the workflow retried');
      await assertSentOnce(invoice.invoiceNumber);
      await settle(invoice);
    }));

  it('sends no second email when the task fails between the SES send and recording it (the claim holds)', () =>
    tally.case(async () => {
      const invoice = await postInvoice('F3-crash-after-send');
      // recordNoticeSent's write fails on every SDK attempt: the task dies after SES accepted the email.
      const recordWrite = [':messageId', invoice.invoiceNumber, firstStage];
      const fault = await faults().arm({ service: 'dynamodb', error: 'InternalServerError', operation: 'UpdateItem', bodyIncludes: recordWrite, count: 20 });
      await api().advanceDays(3);
      assert.ok((await faults().injected(fault.id)) >= 1, 'the record write failed after the send');
      const emails = await api().emailsFor(invoice.invoiceNumber);
      assert.deepEqual(emails.map(stageOf), [firstStage], 'the retried task found the claim and sent nothing again');
      let view = await api().getInvoice(invoice.invoiceNumber);
      assert.deepEqual(view.body.notices.map(({ stage, status }) => ({ stage, status })), [{ stage: firstStage, status: 'claimed' }], 'at most once: the claim stays');
      assert.notEqual(view.body.invoice.workflow.status, 'failed');

      await api().advanceDays(4); // the next stage (1 day overdue) is not held up
      assert.deepEqual((await api().emailsFor(invoice.invoiceNumber)).map(stageOf), [firstStage, 'overdue-1-day']);
      view = await api().getInvoice(invoice.invoiceNumber);
      assert.equal(view.body.notices.find((notice) => notice.stage === 'overdue-1-day')?.status, 'sent');
      await settle(invoice);
    }));

  it('carries DynamoDB throttling (ProvisionedThroughputExceeded on the invoice read) through the SDK and the workflow Retry', () =>
    tally.case(async () => {
      const invoice = await postInvoice('F4-ddb-read-throttled');
      const fault = await faults().arm({ service: 'dynamodb', error: 'ProvisionedThroughputExceededException', operation: 'GetItem', bodyIncludes: invoice.invoiceNumber, count: 5 });
      await api().advanceDays(3);
      assert.equal(await faults().injected(fault.id), 5);
      await assertSentOnce(invoice.invoiceNumber);
      await settle(invoice);
    }));

  it('carries DynamoDB throttling (ThrottlingException on the claim transaction) through, still sending once', () =>
    tally.case(async () => {
      const invoice = await postInvoice('F5-ddb-claim-throttled');
      const fault = await faults().arm({ service: 'dynamodb', error: 'ThrottlingException', operation: 'TransactWriteItems', bodyIncludes: invoice.invoiceNumber, count: 4 });
      await api().advanceDays(3);
      assert.equal(await faults().injected(fault.id), 4);
      await assertSentOnce(invoice.invoiceNumber);
      await settle(invoice);
    }));

  it('answers POST /invoices with 201 and stores the invoice once while DynamoDB throttles its next 2 calls', () =>
    tally.case(async () => {
      const invoice = anInvoice({ invoiceNumber: 'F6-api-throttled' });
      const fault = await faults().arm({ service: 'dynamodb', error: 'ThrottlingException', count: 2 });
      assert.equal((await api().postInvoice(invoice)).status, 201);
      assert.equal(await faults().injected(fault.id), 2);
      assert.equal((await api().postInvoice(invoice)).status, 200, 'a repeat is recognised: stored once');
      assert.equal((await api().getInvoice(invoice.invoiceNumber)).status, 200);
      await settle(invoice);
    }));

  it('stores nothing of an invoice whose write failed (its conditional put throttled past the SDK retries), and the client retry stores it whole with its workflow', () =>
    tally.case(async () => {
      const today = dateInZone(await api().now(), 'UTC');
      const invoice = anInvoice({ invoiceNumber: 'F7-failed-midway', dueDate: addDays(today, 5), customer: { id: 'C-F7', name: 'Midway Ltd', email: 'ap@midway.example', timezone: 'UTC' } });
      // The invoice is one conditional PutItem, its invoice.created event read from it (shared/imports/adapters/dynamo-invoice-batch.store.ts).
      const fault = await faults().arm({ service: 'dynamodb', error: 'ProvisionedThroughputExceededException', operation: 'PutItem', bodyIncludes: ['#INVOICE', invoice.invoiceNumber], count: 10 });
      const failed = await api().postInvoice(invoice);
      assert.equal(failed.status, 500, JSON.stringify(failed.body));
      assert.match(JSON.stringify(failed.body), /retried safely/, 'the client is told to retry');
      assert.ok((await faults().injected(fault.id)) >= 1);
      await faults().clear();
      assert.equal((await api().getInvoice(invoice.invoiceNumber)).status, 404, 'nothing half-stored: no invoice without its creation event');

      const retried = await api().postInvoice(invoice);
      assert.equal(retried.status, 201, JSON.stringify(retried.body));
      await stack().workflowsStarted();
      const view = await api().getInvoice(invoice.invoiceNumber);
      assert.deepEqual(
        view.body.timeline.map((event) => event.type).filter((type) => type === 'invoice.created' || type === 'workflow.started'),
        ['invoice.created', 'workflow.started'],
        'nothing of the invoice is lost: its creation is on the timeline and its workflow runs',
      );
      await api().advanceDays(3);
      await assertSentOnce(invoice.invoiceNumber);
      await settle(invoice);
    }));

  it('answers a 5xx, not 401/403, while the API key lookup is throttled past the SDK retries, and serves the key again after', () =>
    tally.case(async () => {
      // A key the authorizer has not answered for yet: a cached answer (authorizerCacheSeconds) needs no lookup.
      const created = await api().request<{ secret: string }>('POST', '/api-keys', { label: 'faults: lookup throttled', scopes: ['read'] });
      const fresh = api().withKey(created.body.secret);
      const fault = await faults().arm({ service: 'dynamodb', error: 'ThrottlingException', operation: 'GetItem', bodyIncludes: 'APIKEY#', count: 10 });
      const throttled = await fresh.request('GET', '/policies');
      assert.ok(throttled.status >= 500, `a key that cannot be checked is not a wrong key: ${throttled.status}`);
      assert.ok((await faults().injected(fault.id)) >= 1);
      await faults().clear();
      assert.equal((await fresh.request('GET', '/policies')).status, 200);
    }));

  it('answers POST /api-keys with a 5xx and shows no secret while the key write is throttled past the SDK retries; the retry makes a key that works', () =>
    tally.case(async () => {
      const fault = await faults().arm({ service: 'dynamodb', error: 'ThrottlingException', operation: 'TransactWriteItems', bodyIncludes: 'APIKEYS', count: 10 });
      const refused = await api().request<Record<string, unknown>>('POST', '/api-keys', { label: 'faults: key write throttled', scopes: ['read'] });
      assert.ok(refused.status >= 500, `${refused.status} ${JSON.stringify(refused.body)}`);
      assert.ok(!JSON.stringify(refused.body).includes('arf_'), 'no secret of a key that was not stored');
      assert.ok((await faults().injected(fault.id)) >= 1);
      await faults().clear();
      const created = await api().request<{ secret: string }>('POST', '/api-keys', { label: 'faults: key write throttled', scopes: ['read'] });
      assert.equal(created.status, 201);
      assert.equal((await api().withKey(created.body.secret).request('GET', '/policies')).status, 200);
    }));

  it('refuses an invalid fault rule with the field path (the switch is itself validated)', () =>
    tally.case(async () => {
      const response = await fetch(`${stack().apiUrl}/_local/faults`, { method: 'POST', body: JSON.stringify({ service: 'ses', error: 'NoSuchError', count: 1 }) });
      assert.equal(response.status, 422);
      assert.match(await response.text(), /"path":"error"/);
    }));

  it('stores nothing of a credit note whose transaction failed (throttled past the SDK retries), and the client retry applies it once', () =>
    tally.case(async () => {
      const invoice = await postInvoice('F-CN-failed-midway');
      const note = { creditNoteNumber: 'F-CN-1', customer: { id: 'C-F-CN-failed-midway' }, currency: 'EUR', amount: 25000, issueDate: dateInZone(await api().now(), 'UTC'), allocations: [{ invoiceNumber: invoice.invoiceNumber }] };
      const fault = await faults().arm({ service: 'dynamodb', error: 'ProvisionedThroughputExceededException', operation: 'TransactWriteItems', bodyIncludes: ['#CREDITNOTE', 'F-CN-1'], count: 10 });
      const failed = await api().request('POST', '/credit-notes', note);
      assert.equal(failed.status, 500, JSON.stringify(failed.body));
      assert.match(JSON.stringify(failed.body), /retried safely/);
      assert.ok((await faults().injected(fault.id)) >= 1);
      await faults().clear();
      assert.equal((await api().request('GET', '/credit-notes/F-CN-1')).status, 404, 'nothing of the note was stored');
      assert.equal((await api().getInvoice(invoice.invoiceNumber)).body.invoice.balance, 125000, 'the balance is untouched');
      assert.equal((await api().request('POST', '/credit-notes', note)).status, 201, 'the retry applies it');
      assert.equal((await api().request('POST', '/credit-notes', note)).status, 200, 'and once only');
      const view = await api().getInvoice(invoice.invoiceNumber);
      assert.equal(view.body.invoice.balance, 100000);
      assert.equal(view.body.timeline.filter((event) => event.type === 'credit-note.applied').length, 1);
      await settle({ ...invoice, amount: 100000 });
    }));
});

describe('reliability: the local stack killed (SIGKILL) and restarted mid-lifecycle on the same data dir', () => {
  const apiKey = 'reliability-restart-key-0123456789';
  const stages = ['due-in-3-days', 'overdue-1-day', 'overdue-7-days', 'overdue-14-days'];
  const numbers = ['R-1', 'R-2', 'R-3', 'R-4'];

  it('loses no invoice, repeats no notice and resumes every workflow', () =>
    tally.case(async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'arflow-restart-'));
      const sent = new Map<string, number>(); // "invoice stage" → emails across both runs
      const count = (emails: SentEmail[]) => {
        for (const email of emails) {
          const key = `${email.headers['X-Arflow-Invoice']} ${stageOf(email)}`;
          sent.set(key, (sent.get(key) ?? 0) + 1);
        }
      };
      let first = await startChildStack({ dataDir, apiKey, clockStart: '2026-11-20T12:00:00.000Z' });
      try {
        const api = new ArflowApi(first.apiUrl, apiKey);
        for (const invoiceNumber of numbers) {
          const invoice = anInvoice({ invoiceNumber, dueDate: '2026-11-25', customer: { id: `C-${invoiceNumber}`, name: 'Restart AG', email: 'ap@restart.example', timezone: 'UTC' } });
          assert.equal((await api.postInvoice(invoice)).status, 201);
        }
        await api.advanceTo('2026-11-26T12:00:00.000Z'); // two of four reminders are out; the workflows wait for the third
        assert.equal(
          (await api.request('POST', '/invoices', anInvoice({ invoiceNumber: 'R-late', dueDate: '2026-12-30' }))).status,
          201,
          'posted just before the kill',
        );
        count(await api.emails());
        assert.equal(sent.size, numbers.length * 2);
      } finally {
        await first.kill();
      }

      first = await startChildStack({ dataDir, apiKey, clockStart: '2026-11-26T12:00:00.000Z' });
      try {
        assert.equal(first.resumed, numbers.length + 1, 'every open invoice workflow resumed');
        const api = new ArflowApi(first.apiUrl, apiKey);
        for (const invoiceNumber of [...numbers, 'R-late']) assert.equal((await api.getInvoice(invoiceNumber)).status, 200, `${invoiceNumber} survived`);
        await api.advanceTo('2026-12-12T12:00:00.000Z');
        count(await api.emails());
        for (const invoiceNumber of numbers) {
          for (const stage of stages) assert.equal(sent.get(`${invoiceNumber} ${stage}`), 1, `${invoiceNumber} ${stage}: one email across the restart`);
          const view = await api.getInvoice(invoiceNumber);
          assert.deepEqual(view.body.notices.map((notice) => notice.status), stages.map(() => 'sent'));
        }
      } finally {
        await first.kill();
        rmSync(dataDir, { recursive: true, force: true });
      }
    }));
});
