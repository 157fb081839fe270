import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, dateInZone } from '../../shared/kernel/index.js';
import { anInvoice, useLocalStack } from './support/local-stack.js';

/** A task that keeps failing ends in a visible failed state with the invoice marked, not silently dropped. */
describe('a workflow whose email service is down', () => {
  const { api, stack } = useLocalStack();

  it('retries the reminder with back-off, then marks the invoice failed and leaves no claim behind', async () => {
    const today = dateInZone(await api().now(), 'UTC');
    const invoice = anInvoice({ dueDate: addDays(today, 5), customer: { id: 'C-DOWN', name: 'Down Ltd', email: 'ap@down.example', timezone: 'UTC' } });
    assert.equal((await api().postInvoice(invoice)).status, 201);

    await stack().emulators.ses.stop(); // SES unreachable from here on
    await api().advanceDays(3); // past the first reminder's time and every retry's back-off

    const view = await api().getInvoice(invoice.invoiceNumber);
    assert.equal(view.body.invoice.workflow.status, 'failed');
    assert.match(String((view.body.invoice.workflow as { cause?: string }).cause), /ECONNREFUSED/, 'the cause is on the invoice');
    assert.ok(view.body.timeline.some((event) => event.type === 'workflow.failed'));
    assert.deepEqual(view.body.notices, [], 'the failed send gave its claim back, so a restarted workflow can send');
    assert.equal(view.body.invoice.status, 'open', 'the invoice is still owed; only its workflow failed');

    const execution = stack().stateMachine.list().find((candidate) => candidate.name.includes(invoice.invoiceNumber));
    assert.equal(execution?.status, 'FAILED');
    assert.equal(execution?.error, 'InvoiceWorkflowFailed');
  });
});
