import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invoker } from '../../local/lambda-runtime.js';
import { anInvoice, useLocalStack, type SentEmail } from './support/local-stack.js';

const BOUNCE = 'bounce@simulator.amazonses.com';
const COMPLAINT = 'complaint@simulator.amazonses.com';

const { api, stack } = useLocalStack();

/** Every SES event so far handled (the local stack's stand-in for EventBridge → ses-events). */
async function sesEventsHandled(): Promise<{ 'detail-type': string; detail: { mail: { messageId: string } } }[]> {
  return (await (await fetch(`${stack().apiUrl}/_local/ses-events`)).json()) as { 'detail-type': string; detail: { mail: { messageId: string } } }[];
}

async function emailsTo(address: string): Promise<(SentEmail & { from?: string })[]> {
  return (await api().emails()).filter((email) => email.to.includes(address));
}

/** The "View the invoice" link of a notice's plain-text part. */
function viewLink(email: SentEmail): string {
  const match = /^(?:View the invoice|Rechnung ansehen): (\S+)$/m.exec(email.text);
  assert.ok(match, `no link back to the invoice in:\n${email.text}`);
  return match[1]!;
}

describe('notices: branding, languages, statements and the deliverability loop (local SES mailbox simulator)', () => {
  const bounced = anInvoice({ customer: { id: 'C-BOUNCE', name: 'Bounce <b>&</b> Co', email: 'ap@bounce-co.example', timezone: 'Europe/Berlin', locale: 'de-DE' } });
  const complained = anInvoice({ customer: { id: 'C-COMPLAIN', name: 'Complain AG', email: COMPLAINT, timezone: 'Europe/Berlin', locale: 'en-GB' } });
  const euro = anInvoice({ customer: { id: 'C-STATEMENT', name: 'Statement Ltd', email: 'ap@statement.example', timezone: 'Europe/London', locale: 'en-GB' } });
  const dollars = anInvoice({ customer: { id: 'C-STATEMENT', name: 'Statement Ltd', email: 'ap@statement.example', timezone: 'Europe/London', locale: 'en-GB' }, currency: 'USD', amount: 9900, dueDate: '2026-12-05' });

  it('refuses a sender outside the verified identities and a template with unescaped output, with 422 and the field', async () => {
    const sender = await api().request('PUT', '/branding', { senderEmail: 'billing@elsewhere.example' });
    assert.equal(sender.status, 422);
    assert.match(JSON.stringify(sender.body), /senderEmail/);
    const logo = await api().request('PUT', '/branding', { logoUrl: 'http://cdn.example/logo.png' });
    assert.equal(logo.status, 422);
    assert.match(JSON.stringify(logo.body), /logoUrl/);
    const triple = await api().request('PUT', '/templates/friendly/en', { subject: 'Hi {{{customerName}}}', body: 'Dear {{& customerName}}' });
    assert.equal(triple.status, 422);
    assert.match(JSON.stringify(triple.body), /not allowed/);
  });

  it('stores the branding and sends from the tenant identity with its display name', async () => {
    const saved = await api().request('PUT', '/branding', {
      displayName: 'Acme Receivables',
      senderEmail: 'billing@example.com',
      replyTo: 'ar@example.com',
      colours: { primary: '#112233' },
      footer: 'Acme GmbH, Musterstraße 1, 10115 Berlin, HRB 12345',
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal((await api().request<{ branding: { displayName: string } }>('GET', '/branding')).body.branding.displayName, 'Acme Receivables');
  });

  it('sends the first reminder to the first contact; its hard bounce suppresses it and opens a task for the owner naming the next contact', async () => {
    assert.equal((await api().request('PUT', '/customers/C-BOUNCE', { contacts: [BOUNCE, 'ap2@bounce-co.example'], accountOwner: 'owner@acme.example' })).status, 200);
    for (const invoice of [bounced, complained, euro, dollars]) assert.equal((await api().postInvoice(invoice)).status, 201);
    await api().advanceTo('2026-11-29T00:00:00.000Z');
    await sesEventsHandled();

    const first = await emailsTo(BOUNCE);
    assert.equal(first.length, 1);
    assert.match(first[0]!.subject, /^Zahlungserinnerung: Rechnung /, 'a de-DE customer reads German');
    assert.match(first[0]!.text, /Guten Tag Bounce <b>&<\/b> Co,/);
    assert.match(first[0]!.html, /Guten Tag Bounce &lt;b&gt;&amp;&lt;\/b&gt; Co,/);
    assert.doesNotMatch(first[0]!.html, /<b>&<\/b>/);
    assert.match(first[0]!.html, /Acme GmbH, Musterstraße 1/);

    const suppressions = (await api().request<{ suppressions: { email: string; reason: string }[] }>('GET', '/suppressions')).body.suppressions;
    assert.deepEqual(suppressions.map(({ email, reason }) => ({ email, reason })).filter(({ email }) => email === BOUNCE), [{ email: BOUNCE, reason: 'bounce' }]);
    const tasks = (await api().request<{ tasks: { kind: string; email: string; nextContact?: string; assignee?: string }[] }>('GET', '/tasks')).body.tasks;
    const task = tasks.find((candidate) => candidate.email === BOUNCE);
    assert.deepEqual(task && { kind: task.kind, nextContact: task.nextContact, assignee: task.assignee }, { kind: 'contact-bounced', nextContact: 'ap2@bounce-co.example', assignee: 'owner@acme.example' });
    const told = await emailsTo('owner@acme.example');
    assert.equal(told.length, 1);
    assert.match(told[0]!.subject, /notices to bounce@simulator\.amazonses\.com stopped \(bounce\)/);

    const timeline = (await api().getInvoice(bounced.invoiceNumber)).body.timeline.map((event) => event.type);
    for (const type of ['reminder.sent', 'notice.accepted', 'notice.bounced', 'contact.suppressed', 'notice.resent']) assert.ok(timeline.includes(type), `${type} in ${timeline.join(', ')}`);
  });

  it('sends the bounced reminder again to the next contact, once, even when SES delivers the bounce event twice', async () => {
    const [original] = await emailsTo(BOUNCE);
    const resent = await emailsTo('ap2@bounce-co.example');
    assert.equal(resent.length, 1, 'the same notice, to the second contact');
    assert.equal(resent[0]!.subject, original!.subject);
    assert.equal(resent[0]!.headers['X-Arflow-Stage'], original!.headers['X-Arflow-Stage']);
    assert.equal(resent[0]!.headers['X-Arflow-Resend-Of'], original!.messageId);
    const view = (await api().getInvoice(bounced.invoiceNumber)).body;
    const resentEvents = view.timeline.filter((event) => event.type === 'notice.resent');
    assert.equal(resentEvents.length, 1);
    assert.deepEqual(resentEvents[0]!.detail?.['to'], ['ap2@bounce-co.example']);
    assert.equal(resentEvents[0]!.detail?.['resendOf'], original!.messageId);
    assert.deepEqual(view.timeline.filter((event) => event.type === 'notice.delivered').map((event) => event.detail?.['recipients']), [['ap2@bounce-co.example']], 'its delivery is on the timeline too');

    // EventBridge delivers at least once: the same Bounce event again, to the same handler on the same table.
    const bounce = (await sesEventsHandled()).find((event) => event['detail-type'] === 'Email Bounced' && event.detail.mail.messageId === original!.messageId);
    assert.ok(bounce, 'the bounce event of the first reminder');
    // Imported once the stack has set the handlers' environment (the module builds its deps on load).
    const { createHandler } = await import('../../functions/ses-events/handler.js');
    const { collectionDeps } = await import('../../functions/_shared/deps.js');
    const handler = createHandler({ ...collectionDeps(), clock: stack().clock });
    const again = (await invoker(stack().clock)('ses-events', handler, bounce)) as { outcome: string; tasks: unknown[]; resent?: { outcome: string } };
    await sesEventsHandled();
    assert.deepEqual({ outcome: again.outcome, tasks: again.tasks.length, resent: again.resent?.outcome }, { outcome: 'recorded', tasks: 0, resent: 'already-resent' });
    assert.equal((await emailsTo('ap2@bounce-co.example')).length, 1, 'not sent a second time');
    assert.equal((await emailsTo('owner@acme.example')).length, 1, 'the owner was told once');
  });

  it('sends the later reminders to the next contact and nothing more to the bounced address', async () => {
    await api().advanceTo('2026-12-03T00:00:00.000Z');
    await sesEventsHandled();
    assert.equal((await emailsTo(BOUNCE)).length, 1, 'nothing more to the bounced address');
    const next = await emailsTo('ap2@bounce-co.example');
    assert.equal(next.length, 2);
    assert.match(next[1]!.subject, /^Überfällig: Rechnung /);
    const delivered = (await api().getInvoice(bounced.invoiceNumber)).body.timeline.filter((event) => event.type === 'notice.delivered');
    assert.deepEqual(delivered.map((event) => event.detail?.['recipients']), [['ap2@bounce-co.example'], ['ap2@bounce-co.example']]);
  });

  it('stops all mail to an address after a complaint: later stages are skipped until a person clears it', async () => {
    assert.equal((await emailsTo(COMPLAINT)).length, 1, 'the first reminder only');
    const view = (await api().getInvoice(complained.invoiceNumber)).body;
    assert.ok(view.timeline.some((event) => event.type === 'notice.complained'));
    assert.ok(view.notices.some((notice) => notice.status === 'skipped' || notice.reason?.includes('suppressed')) || view.timeline.some((event) => event.type === 'reminder.skipped' && String(event.detail?.['reason']).includes('suppressed')));
    const statement = await api().request('POST', '/customers/C-COMPLAIN/statement');
    assert.equal(statement.status, 409);
    assert.equal((await emailsTo(COMPLAINT)).length, 1);

    assert.equal((await api().request('DELETE', `/suppressions/${encodeURIComponent(COMPLAINT)}`)).status, 200);
    assert.equal((await api().request('DELETE', `/suppressions/${encodeURIComponent(COMPLAINT)}`)).status, 404);
    const again = await api().request('POST', '/customers/C-COMPLAIN/statement');
    assert.equal(again.status, 201, JSON.stringify(again.body));
    assert.equal((await emailsTo(COMPLAINT)).length, 2, 'cleared by a person: mail goes out again');
  });

  it('closes an owner task once, with a note; lists open and closed tasks apart; keeps it from other tenants', async () => {
    type Task = { taskId: string; email: string; status: string; closedAt?: string; closedBy?: string; note?: string };
    await sesEventsHandled();
    const open = (await api().request<{ tasks: Task[] }>('GET', '/tasks?status=open')).body.tasks;
    const task = open.find((candidate) => candidate.email === BOUNCE)!;
    assert.ok(task, 'the bounce task is open');

    // Another tenant can neither close nor see it.
    const otherKey = `arf_other-tenant-${process.pid}-key`;
    const { apiKeyStore } = await import('../../functions/_shared/deps.js');
    await apiKeyStore().put(otherKey, 'other-tenant', 'notices test: a second tenant');
    const other = api().withKey(otherKey);
    assert.equal((await other.request('POST', `/tasks/${task.taskId}/close`)).status, 404);
    assert.deepEqual((await other.request<{ tasks: Task[] }>('GET', '/tasks')).body.tasks, []);

    const closed = await api().request<{ task: Task }>('POST', `/tasks/${task.taskId}/close`, { note: 'New AP address from the customer: ap2@bounce-co.example', by: 'jo@acme.example' });
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    assert.deepEqual({ ...closed.body.task, closedAt: typeof closed.body.task.closedAt }, { ...task, status: 'closed', closedAt: 'string', closedBy: 'jo@acme.example', note: 'New AP address from the customer: ap2@bounce-co.example' });
    const again = await api().request<{ error: { code: string; message: string } }>('POST', `/tasks/${task.taskId}/close`);
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'task_closed');
    assert.match(again.body.error.message, /by jo@acme\.example/);

    assert.ok(!(await api().request<{ tasks: Task[] }>('GET', '/tasks?status=open')).body.tasks.some((candidate) => candidate.taskId === task.taskId));
    assert.deepEqual((await api().request<{ tasks: Task[] }>('GET', '/tasks?status=closed')).body.tasks.map((candidate) => candidate.taskId), [task.taskId]);
    assert.equal((await api().request<{ tasks: Task[] }>('GET', '/tasks')).body.tasks.length, open.length, 'all of them without a status');
    assert.equal((await api().request('POST', '/tasks/00000000-0000-4000-8000-000000000000/close')).status, 404);
    assert.equal((await api().request('POST', '/tasks/not-a-task/close')).status, 404);
    const badStatus = await api().request('GET', '/tasks?status=done');
    assert.equal(badStatus.status, 422);
    assert.match(JSON.stringify(badStatus.body), /status/);
    const badNote = await api().request('POST', `/tasks/${open.find((candidate) => candidate.taskId !== task.taskId)?.taskId ?? task.taskId}/close`, { note: '' });
    assert.equal(badNote.status, 422);
  });

  it('sends an account statement once a day with every open invoice and a total per currency', async () => {
    const sent = await api().request<{ messageId: string; invoices: number }>('POST', '/customers/C-STATEMENT/statement');
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    assert.equal(sent.body.invoices, 2);
    const repeat = await api().request<{ messageId: string; sent: boolean }>('POST', '/customers/C-STATEMENT/statement');
    assert.equal(repeat.status, 200);
    assert.equal(repeat.body.messageId, sent.body.messageId);
    const statements = (await emailsTo('ap@statement.example')).filter((email) => email.headers['X-Arflow-Stage'] === 'statement');
    assert.equal(statements.length, 1);
    assert.match(statements[0]!.subject, /^Account statement of .*: 2 open invoices$/);
    assert.match(statements[0]!.text, /Total EUR: €1,250\.00/);
    assert.match(statements[0]!.text, /Total USD: US\$99\.00/);
    for (const invoice of [euro, dollars]) assert.match(statements[0]!.text, new RegExp(`- Invoice ${invoice.invoiceNumber}: `));
  });

  it('gives every notice a plain-text part and a link back to its invoice that opens it', async () => {
    const notices = (await api().emails()).filter((email) => email.headers['X-Arflow-Stage'] && !email.headers['X-Arflow-Task']);
    assert.ok(notices.length >= 5);
    for (const email of notices) {
      assert.ok(email.text.trim().length > 0, email.subject);
      const invoiceNumbers = email.headers['X-Arflow-Invoice']!.split(',');
      if (invoiceNumbers.length > 1 || email.headers['X-Arflow-Stage'] === 'statement') {
        // A statement or a consolidated reminder: a line per invoice, each with its own link.
        for (const number of invoiceNumbers) {
          const row = new RegExp(`- Invoice ${number}: .*; (http\\S+)$`, 'm').exec(email.text);
          assert.ok(row, `${number} has a link in:\n${email.text}`);
          const page = await fetch(row[1]!);
          assert.equal(page.status, 200);
          assert.match(await page.text(), new RegExp(number));
        }
        continue;
      }
      const link = viewLink(email);
      assert.ok(email.html.includes(`href="${link.replaceAll('&', '&amp;')}"`), 'the same link in the HTML part');
      const page = await fetch(link);
      assert.equal(page.status, 200, link);
      assert.match(await page.text(), new RegExp(invoiceNumbers[0]!));
    }
  });
});
