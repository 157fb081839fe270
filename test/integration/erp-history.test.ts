import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, dateInZone } from '../../shared/kernel/index.js';
import { ImportBucket } from './support/imports.js';
import { anInvoice, useLocalStack } from './support/local-stack.js';

interface Modelled {
  body: Record<string, unknown> & { invoiceNumber: string; amount: number; dueDate: string };
  version: number;
  settled: number;
  /** (instant, balance) in the order they happened. */
  balances: { at: number; balance: number }[];
  closedAt?: number;
  closedAs?: 'void' | 'settled-upstream';
}

const euros = (minor: number) => `€${(minor / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/**
 * A scripted 45-day ERP history on the virtual clock, interleaved with arflow's reminders: every day the
 * ERP sends its open invoices (a batch in upsert mode, by version: new invoices, corrections of amount
 * and due date), settles some partly upstream, voids some, and settles others fully (they vanish from
 * its open items). The ERP's open items arrive as a daily open-item snapshot dropped into the bucket
 * (incoming/<tenant>/open-items/day-<n>.jsonl): new invoices, corrections, lower balances and vanished
 * invoices all come from the file.
 */
describe('a 45-day ERP history on the embedded stack', () => {
  const { api, stack } = useLocalStack('2026-11-20T12:00:00.000Z');

  it('sends nothing after a void or an upstream settlement, shows the balance current at send time, and never repeats a stage', async () => {
    const tenant = stack().tenantId;
    const bucket = new ImportBucket(stack());
    const snapshots = { settledUpstream: 0, closedMissing: 0, awaitingConfirmation: 0, rejected: 0, duplicates: 0 };
    const invoices: Modelled[] = [];
    const now = async () => (await api().now()).getTime();
    const balanceOf = (invoice: Modelled) => invoice.body.amount - invoice.settled;
    const record = async (invoice: Modelled) => invoice.balances.push({ at: await now(), balance: balanceOf(invoice) });
    const counts = { created: 0, corrections: 0, partialSettlements: 0, voids: 0, vanished: 0 };

    for (let day = 0; day < 45; day++) {
      const today = dateInZone(await api().now(), 'UTC');
      if (day < 30) {
        const body = anInvoice({ invoiceNumber: `ERP-${process.pid}-${day}`, issueDate: today, dueDate: addDays(today, 4 + (day % 9)), amount: 100000 + day * 1000, customer: { id: `ERP-C-${day % 7}`, name: 'ERP Kunde', email: `ap${day % 7}@erp.example`, timezone: 'UTC', locale: 'en-GB' } });
        invoices.push({ body: body as Modelled['body'], version: 1, settled: 0, balances: [] });
        counts.created++;
      }
      const open = (index: number) => invoices[index] !== undefined && invoices[index]!.closedAt === undefined ? invoices[index] : undefined;
      // Corrections: a lower amount, or a later due date.
      const corrected = open(day - 3);
      if (corrected) {
        corrected.version++;
        if ((day - 3) % 2 === 0) corrected.body = { ...corrected.body, amount: Math.round(corrected.body.amount * 0.9) };
        else corrected.body = { ...corrected.body, dueDate: addDays(corrected.body.dueDate, 7) };
        counts.corrections++;
      }
      // A partial settlement upstream (60 % still open), and an invoice settled in full upstream (it vanishes from the open items).
      const partly = (day - 8) % 3 === 0 ? open(day - 8) : undefined;
      if (partly && partly.settled === 0) {
        partly.settled = Math.round(balanceOf(partly) * 0.4);
        counts.partialSettlements++;
      }
      const vanished = (day - 12) % 4 === 2 ? open(day - 12) : undefined;
      // The daily snapshot of what the ERP holds open, each invoice with its version and balance.
      const listed = invoices.filter((invoice) => invoice.closedAt === undefined && invoice !== vanished);
      await api().reportsCurrent();
      const file = `day-${day}-${process.pid}.jsonl`;
      await bucket.drop(`incoming/${tenant}/open-items/${file}`, listed.map((invoice) => JSON.stringify({ ...invoice.body, sourceVersion: invoice.version, balance: balanceOf(invoice) })).join('\n') + '\n');
      const report = await bucket.report(`reports/${tenant}/open-items/${file}.json`);
      if (report.status === 'duplicate') snapshots.duplicates++;
      else assert.equal(report.openItems?.state, 'applied', JSON.stringify(report));
      for (const key of ['settledUpstream', 'closedMissing', 'awaitingConfirmation', 'rejected'] as const) snapshots[key] += report.counts[key] ?? 0;
      for (const invoice of listed) if (invoice.balances.at(-1)?.balance !== balanceOf(invoice)) await record(invoice);
      if (vanished) {
        vanished.closedAt = await now();
        vanished.closedAs = 'settled-upstream';
        counts.vanished++;
      }
      // A void.
      const voided = (day - 10) % 5 === 1 ? open(day - 10) : undefined;
      if (voided) {
        assert.equal((await api().request('POST', `/invoices/${voided.body.invoiceNumber}/void`, { reason: 'cancelled in the ERP' })).status, 200);
        voided.closedAt = await now();
        voided.closedAs = 'void';
        counts.voids++;
      }
      await api().advanceDays(1);
    }
    await api().advanceDays(20);

    const mine = new Map(invoices.map((invoice) => [invoice.body.invoiceNumber, invoice]));
    const emails = (await api().emails()).filter((email) => mine.has(email.headers['X-Arflow-Invoice'] ?? ''));
    let afterClose = 0;
    let wrongBalance = 0;
    const stagesSeen = new Set<string>();
    let repeated = 0;
    for (const email of emails) {
      const invoice = mine.get(email.headers['X-Arflow-Invoice']!)!;
      const sentAt = new Date(email.headers['X-Arflow-Sent-At']!).getTime();
      if (invoice.closedAt !== undefined && sentAt >= invoice.closedAt) afterClose++;
      const current = [...invoice.balances].reverse().find((entry) => entry.at <= sentAt)?.balance;
      if (current === undefined || !email.text.includes(`Amount due: ${euros(current)}`)) wrongBalance++;
      const key = `${invoice.body.invoiceNumber}|${email.headers['X-Arflow-Stage']}`;
      if (stagesSeen.has(key)) repeated++;
      stagesSeen.add(key);
    }
    let skipped = 0;
    let skippedAtSend = 0;
    let ledgerRepeats = 0;
    for (const invoice of invoices) {
      const view = await api().getInvoice(invoice.body.invoiceNumber);
      if (invoice.closedAs) assert.equal(view.body.invoice.status, invoice.closedAs, invoice.body.invoiceNumber);
      const stages = view.body.notices.map((notice) => notice.stage);
      ledgerRepeats += stages.length - new Set(stages).size;
      skipped += view.body.notices.filter((notice) => notice.status === 'skipped').length;
      // Reminders whose send found the invoice void, settled, not due any more or otherwise not to be chased.
      skippedAtSend += view.body.timeline.filter((event) => event.type === 'reminder.skipped').length;
    }
    const figures = { ...counts, snapshots, noticesSent: emails.length, ledgerSkipped: skipped, remindersSkipped: skippedAtSend, sentAfterVoidOrSettlement: afterClose, wrongBalance, repeatedStages: repeated + ledgerRepeats };
    console.log(`45-day ERP history: ${JSON.stringify(figures)}`);
    assert.ok(emails.length > 0, 'reminders went out');
    assert.deepEqual([snapshots.settledUpstream, snapshots.closedMissing, snapshots.awaitingConfirmation, snapshots.rejected], [counts.partialSettlements, counts.vanished, 0, 0], 'every settlement and vanished invoice came from a snapshot');
    assert.equal(afterClose, 0, 'nothing after a void or an upstream settlement');
    assert.equal(wrongBalance, 0, 'every notice shows the balance current at its send time');
    assert.equal(repeated + ledgerRepeats, 0, 'no stage twice');
  });
});
