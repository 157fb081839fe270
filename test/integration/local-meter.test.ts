import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, dateInZone } from '../../shared/kernel/index.js';
import { LocalMeter, meterDelta } from '../../local/metering/local-meter.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { anInvoice, ArflowApi } from './support/local-stack.js';

/** The meter bench/cost.ts prices from: it must count what AWS would bill, on a real run. */
describe('local meter on the embedded stack', () => {
  const meter = new LocalMeter();
  let stack: LocalStack;
  let api: ArflowApi;
  before(async () => {
    stack = await startLocalStack({ port: 0, clock: 'virtual', clockStart: new Date('2027-01-04T12:00:00.000Z'), logLevel: 'SILENT', meter });
    api = new ArflowApi(stack.apiUrl, stack.apiKey);
  });
  after(async () => {
    await stack.stop();
  });

  it('counts 8 state transitions, one send-reminder and the request units of an invoice paid after its first reminder', async () => {
    const today = dateInZone(await api.now(), 'UTC');
    const invoice = anInvoice({ issueDate: today, dueDate: addDays(today, 10), customer: { id: 'C-METER', name: 'Meter Ltd', email: 'ap@meter.example', timezone: 'UTC' } });
    const start = meter.snapshot();
    assert.equal((await api.postInvoice(invoice)).status, 201);
    await api.advanceTo(`${addDays(today, 8)}T12:00:00.000Z`); // "due in 3 days" went out on day 7
    assert.equal((await api.emailsFor(invoice.invoiceNumber)).length, 1);
    const payment = await api.postPayment({ invoiceNumber: invoice.invoiceNumber, amount: 125000, currency: 'EUR', paidAt: addDays(today, 8) });
    assert.equal(payment.status, 201);
    await api.advanceDays(30);
    await new Promise((resolve) => setTimeout(resolve, 300)); // transitions are read from the emulator's event log asynchronously
    const delta = meterDelta(start, meter.snapshot());

    // PlanNextStep, IsThereAStep, WaitUntilStepIsDue, WhichStep, SendNotice, PlanNextStep, IsThereAStep, WaitUntilStepIsDue: stopped by the payment.
    assert.equal(delta.stateTransitions, 8);
    assert.equal(delta.invocations['create-invoices']?.count, 1);
    assert.equal(delta.invocations['plan-next-step']?.count, 2);
    assert.equal(delta.invocations['send-reminder']?.count, 1);
    assert.equal(delta.invocations['record-payment']?.count, 1);
    assert.ok(delta.dynamodb.writeUnits >= 10, `write units: ${delta.dynamodb.writeUnits}`);
    assert.ok(delta.dynamodb.readUnits >= 5, `read units: ${delta.dynamodb.readUnits}`);
    assert.ok((delta.dynamodb.requests['TransactWriteItems'] ?? 0) >= 1, 'the notice claim and the payment are transactions');
  });
});
