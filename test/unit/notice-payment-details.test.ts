import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { brandingSchema, renderReminderNotice, resolveBranding, EPC_QR_CONTENT_ID } from '../../shared/notices/index.js';
import { renderConsolidatedNotice } from '../../shared/notices/index.js';
import { creditorReferenceFor, inlinePng } from '../../shared/kernel/index.js';
import type { Invoice } from '../../shared/invoicing/index.js';
import { openInvoice } from './fixtures.js';

const bankBranding = resolveBranding(brandingSchema.parse({ displayName: 'Acme GmbH', iban: 'de89 3704 0044 0532 0130 00', bic: 'cobadeffxxx' }), 'Acme Receivables', []);

function render(invoice: Invoice, branding = bankBranding) {
  return renderReminderNotice({ invoice, stage: 'overdue-7-days', now: new Date('2026-12-08T08:00:00.000Z'), defaultTimezone: 'UTC', senderName: 'Acme Receivables', language: 'en', branding });
}

describe('the bank details on branding', () => {
  it('stores the IBAN in electronic form and the BIC upper-cased; the account name defaults to the display name', () => {
    const branding = brandingSchema.parse({ iban: 'de89 3704 0044 0532 0130 00', bic: 'cobadeffxxx' });
    assert.equal(branding.iban, 'DE89370400440532013000');
    assert.equal(branding.bic, 'COBADEFFXXX');
    assert.deepEqual(bankBranding.bank, { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', accountName: 'Acme GmbH' });
  });

  it('refuses an IBAN with wrong check digits, a malformed BIC and an account name over 70 characters, naming each field', () => {
    const result = brandingSchema.safeParse({ iban: 'DE89370400440532013001', bic: 'COBA', accountName: 'x'.repeat(71) });
    assert.deepEqual(result.error?.issues.map((issue) => issue.path.join('.')).sort(), ['accountName', 'bic', 'iban']);
  });
});

describe('a reminder shows how to pay by transfer', () => {
  const invoice = openInvoice({ invoiceNumber: 'INV-1001', paymentReference: creditorReferenceFor('acme', 'INV-1001') });
  const email = render(invoice);
  const reference = creditorReferenceFor('acme', 'INV-1001').replace(/(.{4})(?=.)/g, '$1 ');

  it('prints the reference, account name, IBAN and BIC in the text part', () => {
    assert.match(email.text, new RegExp(`Payment reference: ${reference}`));
    assert.match(email.text, /Account name: Acme GmbH/);
    assert.match(email.text, /IBAN: DE89 3704 0044 0532 0130 00/);
    assert.match(email.text, /BIC: COBADEFFXXX/);
  });

  it('shows the same in the HTML part, with the EPC QR code as an inline cid: image', () => {
    assert.ok(email.html.includes(reference));
    assert.ok(email.html.includes('DE89 3704 0044 0532 0130 00'));
    assert.ok(email.html.includes(`src="cid:${EPC_QR_CONTENT_ID}"`));
    assert.ok(!email.html.includes('data:image'), 'no data: URI (blocked by many clients)');
  });

  it('asks the mailer to attach the EPC QR code of the balance, the account and the structured reference', () => {
    assert.equal(email.inlineQrCodes?.length, 1);
    const [code] = email.inlineQrCodes!;
    assert.equal(code!.contentId, EPC_QR_CONTENT_ID);
    assert.equal(code!.errorCorrectionLevel, 'M');
    assert.deepEqual(code!.text.split('\n'), ['BCD', '002', '1', 'SCT', 'COBADEFFXXX', 'Acme GmbH', 'DE89370400440532013000', 'EUR1250', '', creditorReferenceFor('acme', 'INV-1001')]);
  });

  it('gives no QR code for an invoice in another currency, but still the reference and the account', () => {
    const usd = render({ ...invoice, currency: 'USD' });
    assert.equal(usd.inlineQrCodes, undefined);
    assert.ok(!usd.html.includes('cid:'));
    assert.match(usd.text, /IBAN: DE89/);
    assert.match(usd.text, new RegExp(`Payment reference: ${reference}`));
  });

  it('gives only the reference when the tenant has no IBAN', () => {
    const plain = render(invoice, resolveBranding(undefined, 'Acme Receivables', []));
    assert.equal(plain.inlineQrCodes, undefined);
    assert.match(plain.text, new RegExp(`Payment reference: ${reference}`));
    assert.doesNotMatch(plain.text, /IBAN/);
  });

  it('shows an invoice stored before references existed with the reference arflow derives', () => {
    const old = render({ ...invoice, invoiceNumber: 'OLD1', paymentReference: undefined });
    assert.match(old.text, /Payment reference: RF.. OLD1/);
  });

  it('draws the QR code as a PNG attachment shown inline', async () => {
    const attachment = await inlinePng(email.inlineQrCodes![0]!);
    assert.equal(attachment.ContentDisposition, 'INLINE');
    assert.equal(attachment.ContentId, EPC_QR_CONTENT_ID);
    assert.equal(attachment.ContentType, 'image/png');
    assert.deepEqual([...attachment.RawContent!.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });
});

describe('a notice listing several invoices', () => {
  it("gives each invoice's reference and the account once, without a QR code (one transfer, one reference)", () => {
    const a = openInvoice({ invoiceNumber: 'A1', paymentReference: creditorReferenceFor('acme', 'A1') });
    const b = openInvoice({ invoiceNumber: 'B-2', paymentReference: 'RF45G72UUR' });
    const email = renderConsolidatedNotice({ invoices: [{ invoice: a, stage: 'overdue-7-days' }, { invoice: b, stage: 'overdue-7-days' }], now: new Date('2026-12-08T08:00:00.000Z'), zone: 'UTC', locale: 'en-GB', senderName: 'Acme', branding: bankBranding });
    assert.match(email.text, /Payment reference A1: RF\d\d A1/);
    assert.match(email.text, /Payment reference B-2: RF45 G72U UR/);
    assert.match(email.text, /IBAN: DE89 3704 0044 0532 0130 00/);
    assert.equal(email.inlineQrCodes, undefined);
  });
});
