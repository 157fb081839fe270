import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { creditorReferenceFor, formatPaymentReference } from '../../shared/kernel/index.js';
import { browserSkipReason, launchChromium } from './support/browser.js';
import { anInvoice, useLocalStack, type SentEmail } from './support/local-stack.js';

type IssueBody = { error: { code: string; issues?: { path: string; message: string }[] } };

/** Payment references and the payee's bank details on the embedded stack: GET, the sent notice (local SES), the debtor's page. */
describe('payment references on every notice (embedded stack, local SES)', () => {
  const { api, stack } = useLocalStack('2026-11-20T12:00:00.000Z');
  const tenant = () => stack().tenantId;
  const viewLink = (email: SentEmail): string => {
    const match = /^View the invoice: (\S+)$/m.exec(email.text);
    assert.ok(match, `no link back to the invoice in:\n${email.text}`);
    return match[1]!;
  };

  it('refuses an invalid IBAN and BIC in the branding with 422 naming each field, and stores valid ones', async () => {
    const bad = await api().request<IssueBody>('PUT', '/branding', { iban: 'DE89 3704 0044 0532 0130 01', bic: 'NOPE' });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.error.issues?.map((issue) => issue.path).sort(), ['bic', 'iban']);
    const saved = await api().request('PUT', '/branding', { displayName: 'Acme Receivables', iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX', accountName: 'Acme GmbH' });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
  });

  it('refuses a reference with wrong check digits (422, paymentReference) and one another invoice has (409)', async () => {
    const wrong = await api().postInvoice(anInvoice({ paymentReference: 'RF19539007547034' }));
    assert.equal(wrong.status, 422);
    assert.equal((wrong.body as IssueBody).error.issues?.[0]?.path, 'paymentReference');
    const first = anInvoice({ paymentReference: 'RF18 5390 0754 7034' });
    assert.equal((await api().postInvoice(first)).status, 201);
    assert.equal((await api().getInvoice(first.invoiceNumber)).body.invoice.paymentReference, 'RF18539007547034');
    const taken = await api().postInvoice(anInvoice({ paymentReference: 'rf18539007547034' }));
    assert.equal(taken.status, 409);
    assert.equal((taken.body as IssueBody).error.code, 'payment_reference_taken');
  });

  it('gives an invoice posted without a reference its RF reference, sends it with the IBAN and the EPC QR code, and shows both on the debtor page', async () => {
    const invoice = anInvoice({ dueDate: '2026-11-25' });
    assert.equal((await api().postInvoice(invoice)).status, 201);
    const reference = creditorReferenceFor(tenant(), invoice.invoiceNumber);
    assert.equal((await api().getInvoice(invoice.invoiceNumber)).body.invoice.paymentReference, reference);

    await api().advanceTo('2026-11-22T12:00:00.000Z'); // the due-in-3-days reminder
    const [notice] = await api().emailsFor(invoice.invoiceNumber);
    assert.ok(notice, 'the first reminder went out');
    const printed = formatPaymentReference(reference);
    assert.match(notice.text, new RegExp(`Payment reference: ${printed}`));
    assert.match(notice.text, /Account name: Acme GmbH/);
    assert.match(notice.text, /IBAN: DE89 3704 0044 0532 0130 00/);
    assert.ok(notice.html.includes(printed) && notice.html.includes('DE89 3704 0044 0532 0130 00'));
    assert.ok(notice.html.includes('src="cid:epc-qr@arflow"'), 'the QR code is an inline part named by the HTML');
    const [qr] = notice.attachments.filter((part) => part.contentId === 'epc-qr@arflow');
    assert.ok(qr, `the QR code was attached: ${JSON.stringify(notice.attachments.map(({ content: _content, ...part }) => part))}`);
    assert.equal(qr.contentType, 'image/png');
    assert.equal(qr.contentDisposition?.toLowerCase(), 'inline');
    assert.equal(Buffer.from(qr.content, 'base64').subarray(1, 4).toString('latin1'), 'PNG');

    const page = await fetch(viewLink(notice));
    const html = await page.text();
    assert.equal(page.status, 200);
    assert.ok(html.includes(printed) && html.includes('DE89 3704 0044 0532 0130 00') && html.includes('COBADEFFXXX'));
    assert.match(html, /<figure class="qr"[^>]*><svg/);

    const skip = browserSkipReason();
    if (skip) return;
    const browser = await launchChromium();
    try {
      const tab = await browser.newPage();
      await tab.goto(viewLink(notice));
      assert.equal(await tab.getByText(printed).count(), 1);
      const box = await tab.locator('figure.qr svg').boundingBox();
      assert.ok(box && box.width >= 150 && box.height >= 150, `the QR code is drawn large enough to scan: ${JSON.stringify(box)}`);
    } finally {
      await browser.close();
    }
  });

  it('shows only the reference (no QR code) for an invoice in another currency', async () => {
    const invoice = anInvoice({ dueDate: '2026-11-26', currency: 'USD', amount: 9900, paymentReference: '21 00000 00003 13947 14300 09017' });
    assert.equal((await api().postInvoice(invoice)).status, 201);
    await api().advanceTo('2026-11-23T12:00:00.000Z');
    const [notice] = await api().emailsFor(invoice.invoiceNumber);
    assert.ok(notice);
    assert.match(notice.text, /Payment reference: 21 00000 00003 13947 14300 09017/);
    assert.match(notice.text, /IBAN: DE89/);
    assert.equal(notice.attachments.length, 0);
    assert.ok(!notice.html.includes('cid:'));
  });
});
