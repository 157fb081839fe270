import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Invoice } from '../../shared/invoicing/index.js';
import { renderReminderNotice } from '../../shared/notices/index.js';
import { escapeHtml } from '../../shared/kernel/index.js';
import { openInvoice } from './fixtures.js';

const NBSP = '\u00a0';

function render(invoice: Invoice, now: string, stage = 'overdue-7-days') {
  // English wording with the customer's (de-DE) formats: the German wording has its own tests (notice-templates.test.ts).
  return renderReminderNotice({ invoice, stage, now: new Date(now), defaultTimezone: 'UTC', senderName: 'Acme Receivables', language: 'en' });
}

/** The value of a row of the notice's facts table. */
function fact(html: string, label: string): string | undefined {
  return new RegExp(`>${label}</th><td[^>]*>([^<]*)</td>`).exec(html)?.[1];
}

// The contract example: INV-1001, 125000 EUR, due 2026-12-01, Berlin, de-DE.
const invoice = openInvoice();

describe('renderReminderNotice after the due date', () => {
  const email = render(invoice, '2026-12-08T08:00:00.000Z');

  it("says 'Overdue' and the days past due in the subject", () => {
    assert.equal(email.subject, `Overdue: invoice INV-1001, 1.250,00${NBSP}€, 7 days past due`);
  });

  it('puts the invoice number, amount (de-DE), due date, days overdue and payment link in the text', () => {
    assert.match(email.text, /INV-1001/);
    assert.ok(email.text.includes(`1.250,00${NBSP}€`));
    assert.ok(email.text.includes('1. Dezember 2026'));
    assert.ok(email.text.includes('7 days overdue'));
    assert.ok(email.text.includes('Pay online: https://pay.example/i/1001'));
    assert.ok(email.text.includes('PO-7'));
    assert.ok(email.text.startsWith('Dear Acme GmbH,'));
    assert.ok(email.text.trimEnd().endsWith('Acme Receivables'));
  });

  it('puts the invoice number, amount, due date, days overdue and payment link in the HTML', () => {
    assert.equal(fact(email.html, 'Invoice'), 'INV-1001');
    assert.equal(fact(email.html, 'Amount due'), `1.250,00${NBSP}€`);
    assert.equal(fact(email.html, 'Due date'), '1. Dezember 2026');
    assert.equal(fact(email.html, 'Days overdue'), '7');
    assert.ok(email.html.includes('href="https://pay.example/i/1001"'));
    assert.match(email.html, /<html lang="de-DE"/);
  });

  it('sends to the customer email and tags the invoice and stage in headers', () => {
    assert.deepEqual(email.to, ['ap@acme.example']);
    assert.deepEqual(email.headers, { 'X-Arflow-Invoice': 'INV-1001', 'X-Arflow-Stage': 'overdue-7-days' });
  });

  it('says "1 day" (singular) one day after the due date', () => {
    const oneDay = render(invoice, '2026-12-02T08:00:00.000Z', 'overdue-1-day');
    assert.equal(oneDay.subject, `Overdue: invoice INV-1001, 1.250,00${NBSP}€, 1 day past due`);
    assert.ok(oneDay.text.includes('is 1 day overdue'));
  });

  it("counts days in the customer's zone: 23:30 UTC on Dec 1 is already Dec 2 in Berlin, so 1 day overdue", () => {
    const late = render(invoice, '2026-12-01T23:30:00.000Z');
    assert.match(late.subject, /^Overdue: .*1 day past due$/);
  });
});

describe('renderReminderNotice before the due date', () => {
  const email = render(invoice, '2026-11-28T08:00:00.000Z', 'due-in-3-days');

  it("says 'Reminder' and the due date in the subject, not 'Overdue'", () => {
    assert.equal(email.subject, `Reminder: invoice INV-1001, 1.250,00${NBSP}€, due 1. Dezember 2026`);
    assert.doesNotMatch(email.subject, /Overdue/);
  });

  it('says in how many days it is due and shows 0 days overdue', () => {
    assert.ok(email.text.includes('is due on 1. Dezember 2026, in 3 days'));
    assert.equal(fact(email.html, 'Days overdue'), '0');
  });

  it("says 'due today' on the due date itself, with a 'Reminder' subject", () => {
    const today = render(invoice, '2026-12-01T08:00:00.000Z', 'on-due-date');
    assert.match(today.subject, /^Reminder: /);
    assert.ok(today.text.includes('is due today (1. Dezember 2026)'));
  });
});

describe('renderReminderNotice: amounts and locales', () => {
  it('shows the remaining balance and the original amount of a partly paid invoice', () => {
    const email = render({ ...invoice, balance: 100000 }, '2026-12-08T08:00:00.000Z');
    assert.ok(email.subject.includes(`1.000,00${NBSP}€`));
    assert.ok(email.text.includes(`Amount due: 1.000,00${NBSP}€ (of 1.250,00${NBSP}€`));
    assert.equal(fact(email.html, 'Amount due'), `1.000,00${NBSP}€`);
    assert.equal(fact(email.html, 'Original amount'), `1.250,00${NBSP}€`);
    assert.ok(email.html.includes(`Pay 1.000,00${NBSP}€ now`));
  });

  it('shows no original amount for an invoice that is not partly paid', () => {
    const email = render(invoice, '2026-12-08T08:00:00.000Z');
    assert.doesNotMatch(email.html, /Original amount/);
    assert.doesNotMatch(email.text, /\(of /);
  });

  it('formats in en-US and the UTC default zone when the customer has no locale or zone', () => {
    const plain = { ...invoice, customer: { id: 'C-2', name: 'Globex', email: 'ap@globex.example' } };
    const email = render(plain, '2026-12-08T08:00:00.000Z');
    assert.equal(email.subject, 'Overdue: invoice INV-1001, €1,250.00, 7 days past due');
    assert.ok(email.text.includes('(due December 1, 2026)'));
  });

  it('formats yen for a ja-JP customer without decimals', () => {
    const yen = { ...invoice, currency: 'JPY', amount: 125000, balance: 125000, customer: { ...invoice.customer, locale: 'ja-JP', timezone: 'Asia/Tokyo' } };
    const email = render(yen, '2026-12-08T00:00:00.000Z');
    assert.ok(email.text.includes('￥125,000'), email.text);
  });

  it('leaves out the PO line and the pay button when the invoice has neither', () => {
    const bare = { ...invoice, poNumber: undefined, paymentLinkUrl: undefined };
    const email = render(bare, '2026-12-08T08:00:00.000Z');
    assert.doesNotMatch(email.text, /PO number|Pay online/);
    assert.doesNotMatch(email.html, /PO number|Pay .* now/);
  });
});

describe('renderReminderNotice: HTML escaping', () => {
  const hostile = { ...invoice, customer: { ...invoice.customer, name: '<script>alert(1)</script> & Co' }, paymentLinkUrl: 'https://pay.example/i/1001?a=1&b="2"' };
  const email = render(hostile, '2026-12-08T08:00:00.000Z');

  it('escapes a customer name like <script>alert(1)</script> & Co in the HTML', () => {
    assert.doesNotMatch(email.html, /<script/i);
    assert.ok(email.html.includes('Dear &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co,'));
    assert.ok(fact(email.html, 'Invoice'));
  });

  it('escapes the payment link inside its href attribute', () => {
    assert.ok(email.html.includes('href="https://pay.example/i/1001?a=1&amp;b=&quot;2&quot;"'));
  });

  it('keeps the plain-text part unescaped (it is not HTML)', () => {
    assert.ok(email.text.startsWith('Dear <script>alert(1)</script> & Co,'));
  });

  it('escapes & < > " and \' with escapeHtml', () => {
    assert.equal(escapeHtml(`<a href="x">Tom & Jerry's</a>`), '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;');
  });
});
