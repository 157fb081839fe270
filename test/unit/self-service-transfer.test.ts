import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { transferSection } from '../../functions/customer-link/pages.js';
import { paymentInstructionsFor } from '../../shared/notices/index.js';
import { openInvoice } from './fixtures.js';

describe("the debtor page's bank-transfer section", () => {
  const invoice = openInvoice({ invoiceNumber: 'INV1001', paymentReference: 'RF18539007547034' });

  it('shows the reference, the account and, in euro, the EPC QR code as inline SVG (no data: URI, no external asset)', async () => {
    const html = await transferSection(paymentInstructionsFor(invoice, { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', accountName: 'Acme & Söhne GmbH' }));
    assert.match(html, /<dt>Payment reference<\/dt><dd>RF18 5390 0754 7034<\/dd>/);
    assert.match(html, /<dd>DE89 3704 0044 0532 0130 00<\/dd>/);
    assert.match(html, /<dd>Acme &amp; Söhne GmbH<\/dd>/);
    assert.match(html, /<figure class="qr"[^>]*><svg /);
    assert.doesNotMatch(html, /data:|https?:\/\/(?!www\.w3\.org)/);
  });

  it('shows only the reference without an IBAN, and no QR code outside the euro', async () => {
    const bare = await transferSection(paymentInstructionsFor(invoice, undefined));
    assert.match(bare, /RF18 5390 0754 7034/);
    assert.doesNotMatch(bare, /IBAN|<svg/);
    const dollars = await transferSection(paymentInstructionsFor({ ...invoice, currency: 'USD' }, { iban: 'DE89370400440532013000', accountName: 'Acme' }));
    assert.match(dollars, /IBAN/);
    assert.doesNotMatch(dollars, /<svg/);
  });
});
