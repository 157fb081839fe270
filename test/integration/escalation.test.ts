import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, dateInZone } from '../../shared/kernel/index.js';
import { anInvoice, useLocalStack, type SentEmail } from './support/local-stack.js';

/** Escalation approved by finance through signed links, the grace period, the final notice and the final action. */
describe('escalation through signed links on the embedded stack', () => {
  const { api, stack } = useLocalStack('2026-11-20T12:00:00.000Z'); // a Friday

  const policy = {
    stages: [{ id: 'overdue-1-day', offsetDays: 1, template: 'firm' }],
    sendingWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], startHour: 9, endHour: 17 },
    escalation: { afterDaysOverdue: 5, approvers: { accountOwner: true, emails: ['finance@seller.example'] }, approvalTimeoutDays: 3, onTimeout: 'write-off' },
    grace: { days: 10, finalAction: 'write-off' },
  };

  const linksIn = (email: SentEmail): Record<string, string> => {
    const links: Record<string, string> = {};
    for (const match of email.text.matchAll(/^- (.+?): (http\S+)$/gm)) links[match[1]!.split(' ')[0]!.toLowerCase()] = match[2]!;
    return links;
  };
  const post = async (url: string) => {
    const link = new URL(url);
    const body = new URLSearchParams({ expires: link.searchParams.get('expires') ?? '', sig: link.searchParams.get('sig') ?? '' });
    const response = await fetch(`${link.origin}${link.pathname}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    return { status: response.status, html: await response.text() };
  };
  const get = async (url: string) => {
    const response = await fetch(url);
    return { status: response.status, html: await response.text() };
  };

  it('stores a policy as versions (201 then 200) and refuses an invalid one with the field path', async () => {
    const first = await api().request('PUT', '/policies/escalating', policy);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const second = await api().request<{ policy: { version: number } }>('PUT', '/policies/escalating', policy);
    assert.equal(second.status, 200);
    assert.equal(second.body.policy.version, 2);
    const listed = await api().request<{ policies: { name: string }[] }>('GET', '/policies');
    assert.deepEqual(listed.body.policies.map((p) => p.name).sort(), ['default', 'escalating']);
    const invalid = await api().request<{ error: { issues: { path: string }[] } }>('PUT', '/policies/bad', { ...policy, sendingWindow: { startHour: 18, endHour: 9 } });
    assert.equal(invalid.status, 422);
    assert.equal(invalid.body.error.issues[0]?.path, 'sendingWindow.endHour');
    const unknown = await api().postInvoice(anInvoice({ policy: 'no-such-policy' }));
    assert.equal(unknown.status, 422);
  });

  it('asks each approver, changes nothing on GET, acts once on POST, then sends the deferred final notice and writes off after the grace period', async () => {
    const invoice = anInvoice({
      dueDate: '2026-11-23',
      policy: 'escalating',
      customer: { id: 'C-ESC', name: 'Escalate GmbH', email: 'ap@escalate.example', timezone: 'UTC', accountOwner: 'owner@seller.example' },
    });
    assert.equal((await api().postInvoice(invoice)).status, 201);

    await api().advanceTo('2026-11-28T10:00:00.000Z'); // escalation fell due Saturday 09:00
    const approvals = (await api().emailsFor(invoice.invoiceNumber)).filter((email) => email.headers['X-Arflow-Stage'] === 'escalation');
    assert.deepEqual(approvals.map((email) => email.to[0]).sort(), ['finance@seller.example', 'owner@seller.example']);
    const financeLinks = linksIn(approvals.find((email) => email.to[0] === 'finance@seller.example')!);
    const ownerLinks = linksIn(approvals.find((email) => email.to[0] === 'owner@seller.example')!);
    assert.deepEqual(Object.keys(financeLinks).sort(), ['approve', 'extend', 'pause', 'send', 'write']);

    // A mail scanner opens every link: nothing changes.
    for (const url of [...Object.values(financeLinks), ...Object.values(ownerLinks)]) {
      const page = await get(url);
      assert.equal(page.status, 200);
      assert.match(page.html, /<form method="post"/);
      assert.match(page.html, new RegExp(invoice.invoiceNumber));
    }
    let view = await api().getInvoice(invoice.invoiceNumber);
    assert.equal((view.body.invoice as unknown as { escalation: { status: string } }).escalation.status, 'pending');

    // A tampered signature is refused and changes nothing.
    const tampered = financeLinks['approve']!.replace(/sig=([\w-])/, (_m, c: string) => `sig=${c === 'A' ? 'B' : 'A'}`);
    assert.equal((await post(tampered)).status, 404);

    const approved = await post(financeLinks['approve']!);
    assert.equal(approved.status, 200, approved.html);
    assert.match(approved.html, /Decision recorded/);
    assert.equal((await post(financeLinks['approve']!)).status, 409, 'the same link works once');
    assert.equal((await post(ownerLinks['write']!)).status, 409, 'another link of a decided escalation changes nothing');

    await api().advanceTo('2026-11-30T10:00:00.000Z');
    const finalNotices = (await api().emailsFor(invoice.invoiceNumber)).filter((email) => email.headers['X-Arflow-Stage'] === 'final-notice');
    assert.equal(finalNotices.length, 1);
    assert.equal(finalNotices[0]!.time, '2026-11-30T09:00:00.000Z', 'decided on a Saturday: deferred to Monday 09:00');
    assert.match(finalNotices[0]!.subject, /^Final notice/);
    assert.match(finalNotices[0]!.text, /FINAL NOTICE: unless .* is paid by/);

    await api().advanceTo('2026-12-09T10:00:00.000Z');
    view = await api().getInvoice(invoice.invoiceNumber);
    assert.equal(view.body.invoice.status, 'written_off');
    const types = view.body.timeline.map((event) => event.type);
    for (const type of ['reminder.sent', 'escalation.requested', 'escalation.decided', 'reminder.deferred', 'final-notice.sent', 'invoice.written-off']) assert.ok(types.includes(type), `${type} in ${types}`);
    const decided = view.body.timeline.find((event) => event.type === 'escalation.decided');
    assert.equal(decided?.detail?.['decidedBy'], 'finance@seller.example');
    assert.equal(decided?.detail?.['decision'], 'approve');
    const execution = stack().stateMachine.list().find((candidate) => candidate.name.includes(invoice.invoiceNumber));
    assert.equal(execution?.status, 'SUCCEEDED');
    assert.equal((await api().emailsFor(invoice.invoiceNumber)).filter((email) => email.headers['X-Arflow-Stage'] === 'overdue-1-day').length, 1);
  });

  it('applies the policy when nobody decides before the approval times out, and refuses the expired link', async () => {
    const today = dateInZone(await api().now(), 'UTC');
    const invoice = anInvoice({
      dueDate: addDays(today, 1),
      policy: 'escalating',
      customer: { id: 'C-TIMEOUT', name: 'Silent Ltd', email: 'ap@silent.example', timezone: 'UTC' },
    });
    assert.equal((await api().postInvoice(invoice)).status, 201);
    await api().advanceDays(7);
    const [approval] = (await api().emailsFor(invoice.invoiceNumber)).filter((email) => email.headers['X-Arflow-Stage'] === 'escalation');
    assert.ok(approval, 'finance was asked');
    const approve = linksIn(approval)['approve']!;

    await api().advanceDays(4); // past the 3-day approval window
    const view = await api().getInvoice(invoice.invoiceNumber);
    assert.equal(view.body.invoice.status, 'written_off', 'onTimeout: write-off');
    assert.ok(view.body.timeline.some((event) => event.type === 'escalation.timed-out'));
    assert.equal((await get(approve)).status, 410);
    assert.equal((await post(approve)).status, 410);
  });
});
