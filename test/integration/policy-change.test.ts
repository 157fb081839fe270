import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, dateInZone } from '../../shared/kernel/index.js';
import { anInvoice, useLocalStack } from './support/local-stack.js';

interface Planned {
  invoiceNumber: string;
  at: string;
  action: string;
  to: string[];
  stage?: string;
}

/** A policy change applies to invoices in flight: their remaining steps are re-planned; nothing sent is repeated. */
describe('changing a policy mid-flight on the embedded stack', () => {
  const { api, stack } = useLocalStack('2026-11-20T12:00:00.000Z');
  const v1 = { stages: [{ id: 'overdue-1', offsetDays: 1 }, { id: 'overdue-10', offsetDays: 10 }] };
  const v2 = { stages: [{ id: 'overdue-1', offsetDays: 1 }, { id: 'overdue-4', offsetDays: 4, template: 'firm' }] };

  it('previews with a dry run, then re-plans the waiting workflow without repeating the sent notice', async () => {
    assert.equal((await api().request('PUT', '/policies/weekly', v1)).status, 201);
    const today = dateInZone(await api().now(), 'UTC');
    const dueDate = addDays(today, 2);
    const invoice = anInvoice({ dueDate, policy: 'weekly', customer: { id: 'C-W', name: 'Weekly Co', email: 'ap@weekly.example', timezone: 'UTC' } });
    assert.equal((await api().postInvoice(invoice)).status, 201);

    await api().advanceDays(4); // past due + 1 at 09:00
    assert.deepEqual((await api().emailsFor(invoice.invoiceNumber)).map((email) => email.headers['X-Arflow-Stage']), ['overdue-1']);

    const current = await api().request<{ planned: Planned[] }>('POST', '/policies/weekly/dry-run', { days: 30 });
    assert.equal(current.status, 200);
    assert.deepEqual(
      current.body.planned.filter((p) => p.invoiceNumber === invoice.invoiceNumber).map((p) => [p.action, p.stage, p.at, p.to]),
      [['reminder', 'overdue-10', `${addDays(dueDate, 10)}T09:00:00.000Z`, ['ap@weekly.example']]],
    );
    const preview = await api().request<{ planned: Planned[]; policy: { candidate: boolean } }>('POST', '/policies/weekly/dry-run', { days: 30, policy: v2 });
    assert.equal(preview.body.policy.candidate, true);
    assert.deepEqual(
      preview.body.planned.filter((p) => p.invoiceNumber === invoice.invoiceNumber).map((p) => [p.stage, p.at]),
      [['overdue-4', `${addDays(dueDate, 4)}T09:00:00.000Z`]],
    );
    assert.deepEqual((await api().emailsFor(invoice.invoiceNumber)).map((email) => email.headers['X-Arflow-Stage']), ['overdue-1'], 'a dry run sends nothing');

    const changed = await api().request<{ policy: { version: number }; replan: { replanned: number } }>('PUT', '/policies/weekly', v2);
    assert.equal(changed.status, 200);
    assert.equal(changed.body.policy.version, 2);
    assert.equal(changed.body.replan.replanned, 1);

    await api().advanceDays(10);
    const emails = await api().emailsFor(invoice.invoiceNumber);
    assert.deepEqual(
      emails.map((email) => [email.headers['X-Arflow-Stage'], email.time]),
      [
        ['overdue-1', `${addDays(dueDate, 1)}T09:00:00.000Z`],
        ['overdue-4', `${addDays(dueDate, 4)}T09:00:00.000Z`],
      ],
      'the new stage went out on its new date; overdue-1 was not repeated and overdue-10 no longer exists',
    );
    const executions = stack().stateMachine.list().filter((execution) => execution.name.includes(invoice.invoiceNumber));
    assert.deepEqual(executions.map((execution) => [execution.name.slice(-2), execution.status]), [['r1', 'ABORTED'], ['r2', 'SUCCEEDED']]);
    const view = await api().getInvoice(invoice.invoiceNumber);
    assert.ok(view.body.timeline.some((event) => event.type === 'workflow.started' && String(event.detail?.['reason']).includes('version 2')));
  });
});
