import { describe, it } from 'node:test';
import { creditorReferenceFor, parsePaymentReference } from '../../shared/kernel/index.js';
import assert from 'node:assert/strict';
import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { importStatement, InMemoryCashLedger, namesAgree, readCamt, RepositoryInvoiceLookup, StatementFormatError, type CamtEvent, type StatementReport } from '../../shared/cash-application/index.js';
import type { ImportFiles } from '../../shared/imports/index.js';
import { InMemoryImportJobs } from '../../shared/imports/index.js';
import { collectionSetup } from './fakes/collection-deps.js';
import { openInvoice } from './fixtures.js';

const FIXTURES = 'test/fixtures/camt';
const read = async (file: string): Promise<CamtEvent[]> => {
  const events: CamtEvent[] = [];
  for await (const event of readCamt(createReadStream(`${FIXTURES}/${file}`))) events.push(event);
  return events;
};
const entries = (events: CamtEvent[]) => events.flatMap((event) => (event.type === 'entry' ? [event.entry] : []));

describe('readCamt', () => {
  it('reads two statements of a camt.053.001.02 file with their accounts, statuses and remittance', async () => {
    const events = await read('camt053-v02-statements.xml');
    assert.deepEqual(events[0], { type: 'message', message: { kind: 'camt.053', version: '001.02' } });
    const read02 = entries(events);
    assert.deepEqual(read02.map((entry) => [entry.statement.index, entry.statement.account, entry.amount, entry.currency, entry.credit, entry.status]), [
      [1, 'DE89370400440532013000', 50000, 'EUR', true, 'booked'],
      [1, 'DE89370400440532013000', 40000, 'EUR', true, 'booked'],
      [1, 'DE89370400440532013000', 12000, 'EUR', false, 'booked'],
      [1, 'DE89370400440532013000', 7500, 'EUR', true, 'pending'],
      [2, 'CH9300762011623852957', 120000, 'CHF', true, 'booked'],
    ]);
    assert.deepEqual(read02[0]!.transactions[0]!.structuredRefs, ['RF93 INV7 001']);
    assert.equal(read02[1]!.transactions[0]!.text, 'Rechnungen INV-7003 und INV-7004');
    assert.equal(read02[1]!.transactions[0]!.debtorIban, 'GB33BUKB20201555555555');
  });

  it('reads a name split across two chunks inside a multi-byte character (S3 hands the file over in chunks)', async () => {
    const xml = readFileSync(`${FIXTURES}/camt053-v02-statements.xml`);
    const at = xml.indexOf(Buffer.from('Rechnungen')) + 1;
    const withUmlaut = Buffer.concat([xml.subarray(0, at), Buffer.from('ü', 'utf8'), xml.subarray(at)]);
    const cut = at + 1; // between the two bytes of ü
    const events: CamtEvent[] = [];
    for await (const event of readCamt(Readable.from([withUmlaut.subarray(0, cut), withUmlaut.subarray(cut)]))) events.push(event);
    assert.equal(entries(events)[1]!.transactions[0]!.text, 'Rüechnungen INV-7003 und INV-7004');
  });

  it('splits a batch booking into its transactions, with instructed and transaction amounts (camt.053.001.04)', async () => {
    const [entry] = entries(await read('camt053-v04-batch.xml'));
    assert.equal(entry!.batch, true);
    assert.deepEqual(entry!.transactions.map((tx) => [tx.amount, tx.instructed?.amount, tx.refs.acctSvcrRef]), [[30000, undefined, 'TX-20261208-1'], [19500, 20000, 'TX-20261208-2']]);
  });

  it('reads Sts/Cd, Dbtr/Pty, UETR and RvslInd of camt.053.001.08 and camt.054.001.08', async () => {
    const read08 = entries(await read('camt053-v08-reversal.xml'));
    assert.deepEqual(read08.map((entry) => [entry.status, entry.reversal, entry.currency]), [['booked', false, 'EUR'], ['booked', true, 'EUR'], ['booked', false, 'EUR'], ['booked', false, 'USD']]);
    assert.equal(read08[0]!.transactions[0]!.debtorName, 'Reversal Kunde GmbH');
    assert.equal(read08[1]!.transactions[0]!.refs.uetr, read08[0]!.transactions[0]!.refs.uetr);
    const notification = await read('camt054-v08-notification.xml');
    assert.deepEqual(notification[0], { type: 'message', message: { kind: 'camt.054', version: '001.08' } });
    assert.equal(entries(notification).length, 2);
  });

  it('rejects an entry with an unknown currency or a negative amount, with its position', async () => {
    const rejected = (await read('bad-entries.xml')).flatMap((event) => (event.type === 'rejected' ? [event.entry] : []));
    assert.deepEqual(rejected.map((entry) => [entry.position, entry.statement, /unknown currency 'XYZ'|negative/.test(entry.reason)]), [[2, 1, true], [3, 1, true]]);
    assert.ok(rejected[0]!.line > 1);
  });

  it('fails a statement cut anywhere with a StatementFormatError (never another error), or reads it whole', async () => {
    const text = readFileSync(`${FIXTURES}/camt053-v08-reversal.xml`, 'utf8');
    for (let cut = 0; cut < text.length; cut += 37) {
      try {
        for await (const _event of readCamt(Readable.from([text.slice(0, cut)]))) void _event;
        assert.fail(`a file cut at ${cut} read as whole`);
      } catch (error) {
        assert.ok(error instanceof StatementFormatError, `cut at ${cut}: ${String(error)}`);
      }
    }
  });

  for (const [file, reason] of [['bad-not-xml.xml', 'not_xml'], ['bad-other-message.xml', 'unsupported_message'], ['bad-truncated.xml', 'truncated']] as const) {
    it(`fails ${file} as ${reason}`, async () => {
      await assert.rejects(read(file), (error) => error instanceof StatementFormatError && error.reason === reason);
    });
  }
});

describe('references and names', () => {
  it('checks ISO 11649 and Swiss QR check digits', () => {
    assert.equal(parsePaymentReference('RF93INV7001')?.scheme === 'RF', true);
    assert.equal(parsePaymentReference('RF93INV7010')?.scheme === 'RF', false);
    assert.equal(parsePaymentReference('000000000000000000000070029')?.scheme === 'QRR', true);
    assert.equal(parsePaymentReference('000000000000000000000070028')?.scheme === 'QRR', false);
  });

  it('agrees on a name written differently but not on another company', () => {
    assert.equal(namesAgree('TWO INVOICES LTD', 'Two Invoices Ltd.'), true);
    assert.equal(namesAgree('Rheinfeld GmbH', 'Rheinfeld Maschinenbau GmbH'), true);
    assert.equal(namesAgree('Some Treasury Centre', 'Batch Two GmbH'), false);
  });
});

function memoryFiles(): ImportFiles & { written: Map<string, string> } {
  const written = new Map<string, string>();
  return {
    written,
    open: (_bucket, key) => Promise.resolve(createReadStream(key)),
    head: () => Promise.resolve({ etag: 'e', size: 1 }),
    getText: (_bucket, key) => Promise.resolve(written.get(key)),
    put: (_bucket, key, body) => {
      written.set(key, body);
      return Promise.resolve();
    },
    delete: () => Promise.resolve(),
  };
}

describe('importStatement', () => {
  const setup = () => {
    const context = collectionSetup('2026-12-10T08:00:00.000Z');
    const invoices = context.invoices;
    // Each invoice carries the reference arflow derives for its number, unless upstream gave one (7002's Swiss QR reference).
    const put = (invoiceNumber: string, amount: number, customer: { id: string; name: string }, currency = 'EUR', paymentReference = creditorReferenceFor('acme', invoiceNumber)) =>
      invoices.put(openInvoice({ invoiceNumber, amount, balance: amount, currency, paymentReference, customer: { ...openInvoice().customer, ...customer } }));
    put('INV7001', 50000, { id: 'C-RF', name: 'Rheinfeld GmbH' });
    put('7002', 120000, { id: 'C-QR', name: 'Zuercher Uhren AG' }, 'CHF', '000000000000000000000070029');
    put('INV-7003', 25000, { id: 'C-TWO', name: 'Two Invoices Ltd' });
    put('INV-7004', 15000, { id: 'C-TWO', name: 'Two Invoices Ltd' });
    put('INV-7005', 30000, { id: 'C-B1', name: 'Batch One SARL' });
    put('INV-7006', 20000, { id: 'C-B2', name: 'Batch Two GmbH' });
    put('INV-7008', 8000, { id: 'C-RV', name: 'Reversal Kunde GmbH' });
    put('INV-7009', 25000, { id: 'C-USD', name: 'Dollar Buyer Inc' }, 'USD');
    put('INV-7110', 6000, { id: 'C-TY', name: 'Typo Traders' });
    const files = memoryFiles();
    const deps = { ...context.deps, lookup: new RepositoryInvoiceLookup(invoices, context.deps.paymentReferences), ledger: new InMemoryCashLedger(), files, jobs: new InMemoryImportJobs(), timer: { now: () => 0 } };
    const drop = async (file: string, key = `incoming/acme/bank-statements/${file}`) => {
      const result = await importStatement({ ...deps, files: { ...files, open: () => Promise.resolve(createReadStream(`${FIXTURES}/${file}`)), head: () => Promise.resolve({ etag: `${key}-etag`, size: 1 }) } }, { bucket: 'b', key }, { deadline: 900_000, token: 't' });
      assert.ok('report' in result, JSON.stringify(result));
      return result.report;
    };
    return { context, invoices, deps, drop, files };
  };

  it('applies references, QR references and two invoice numbers; ignores the debit and the pending entry; reports per currency', async () => {
    const { invoices, drop } = setup();
    const report: StatementReport = await drop('camt053-v02-statements.xml');
    assert.equal(report.status, 'completed');
    assert.deepEqual({ ...report.statement, amounts: undefined }, { entries: 5, credits: 3, matchedByReference: 2, matchedByNumber: 1, suggested: 0, unapplied: 0, ignored: { debits: 1, notBooked: 1 }, reversed: 0, rejected: 0, amounts: undefined, automaticMatchRate: 1 });
    assert.deepEqual(report.statement.amounts, { EUR: { credited: 90000, matched: 90000 }, CHF: { credited: 120000, matched: 120000 } });
    for (const number of ['INV7001', '7002', 'INV-7003', 'INV-7004']) assert.equal((await invoices.get('acme', number))?.status, 'paid', number);
    const timeline = await invoices.timeline('acme', 'INV7001');
    assert.equal(timeline.find((event) => event.type === 'payment.received')?.detail?.['matchedBy'], 'payment-reference');
  });

  it('records nothing twice: the same file again, and a notification overlapping the statement', async () => {
    const { context, drop } = setup();
    await drop('camt053-v02-statements.xml');
    const again = await drop('camt053-v02-statements.xml', 'incoming/acme/bank-statements/copy-of-it.xml');
    assert.equal(again.status, 'completed');
    const overlap = await drop('camt054-v08-notification.xml');
    assert.equal(overlap.counts.unchanged, 1);
    const unapplied = await context.payments.unappliedPayments('acme');
    assert.deepEqual(unapplied.map((payment) => payment.amount), [6000]);
  });

  it('splits a batch, applies the charged transfer by its instructed amount, and suggests a typo instead of applying it', async () => {
    const { invoices, drop, deps } = setup();
    const batch = await drop('camt053-v04-batch.xml');
    assert.equal(batch.statement.matchedByNumber, 2);
    assert.equal((await invoices.get('acme', 'INV-7006'))?.balance, 500);
    const typo = await drop('camt054-v08-notification.xml');
    assert.equal(typo.statement.suggested, 1);
    assert.equal((await invoices.get('acme', 'INV-7110'))?.status, 'open');
    const [payment] = await deps.payments.unappliedPayments('acme');
    const records = await deps.ledger.transactionsOfPayments('acme', [payment!.paymentId]);
    assert.deepEqual(records[0]!.suggestions.map((s) => [s.invoiceNumbers, s.why]), [[['INV-7110'], 'fuzzy-number']]);
    assert.equal(records[0]!.debtorName, 'Typo Traders');
  });

  it('undoes the payment a reversal takes back, once; leaves unknown cash unapplied and another currency to its invoice', async () => {
    const { invoices, drop, context } = setup();
    const report = await drop('camt053-v08-reversal.xml');
    assert.equal(report.statement.reversed, 1);
    const reopened = await invoices.get('acme', 'INV-7008');
    assert.deepEqual([reopened?.status, reopened?.balance], ['open', 8000]);
    const timeline = await invoices.timeline('acme', 'INV-7008');
    assert.deepEqual(timeline.filter((event) => event.type.startsWith('payment.')).map((event) => event.type), ['payment.received', 'payment.reversed']);
    assert.ok(context.workflows.starts.some((start) => start.invoiceNumber === 'INV-7008' && start.revision > 1), 'its workflow restarted on a new revision');
    await drop('camt053-v08-reversal.xml', 'incoming/acme/bank-statements/again.xml');
    assert.equal((await invoices.get('acme', 'INV-7008'))?.balance, 8000, 'reversed once');
    assert.equal(report.statement.unapplied, 1);
    assert.equal((await invoices.get('acme', 'INV-7009'))?.status, 'paid');
    assert.deepEqual(report.statement.amounts['USD'], { credited: 25000, matched: 25000 });
  });

  it('applies nothing of a truncated file and says where it broke', async () => {
    const { invoices, drop } = setup();
    const report = await drop('bad-truncated.xml');
    assert.equal(report.status, 'failed');
    assert.equal(report.error?.code, 'truncated');
    assert.equal((await invoices.get('acme', 'INV7001'))?.status, 'open');
  });

  it('rejects the bad entries with their positions and applies the others', async () => {
    const { drop } = setup();
    const report = await drop('bad-entries.xml');
    assert.deepEqual(report.rejectedEntries.map((entry) => entry.position), [2, 3]);
    assert.equal(report.statement.rejected, 2);
    assert.equal(report.statement.matchedByReference, 2);
    assert.equal(report.counts.rejected, report.statement.rejected, 'the job counts what the statement reports');
  });

  it('counts a refused transaction with the rejected entries (the bank reused a UETR for another amount)', async () => {
    const { deps, files } = setup();
    const entry = (amount: string) =>
      `<Ntry><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-12-09</Dt></BookgDt><NtryDtls><TxDtls><Refs><UETR>8a562c67-ca16-48ba-b074-65581be6f001</UETR></Refs><RmtInf><Ustrd>INV-7003</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`;
    const xml = `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><Stmt><Id>S</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>${entry('250.00')}${entry('99.00')}<Ntry><Amt Ccy="XYZ">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts></Ntry></Stmt></BkToCstmrStmt></Document>`;
    const result = await importStatement({ ...deps, files: { ...files, open: () => Promise.resolve(Readable.from([xml])), head: () => Promise.resolve({ etag: 'uetr', size: xml.length }) } }, { bucket: 'b', key: 'incoming/acme/bank-statements/uetr.xml' }, { deadline: 900_000, token: 't' });
    assert.ok('report' in result, JSON.stringify(result));
    assert.equal(result.report.statement.rejected, 2, 'the entry in an unknown currency and the second use of the UETR');
    assert.equal(result.report.counts.rejected, 2);
  });
});


describe('importStatement across invocations', () => {
  it('hands on at a checkpoint before the deadline and resumes there, applying every transaction once', async () => {
    const context = collectionSetup('2026-12-10T08:00:00.000Z');
    const count = 1200;
    const entries: string[] = [];
    for (let i = 1; i <= count; i++) {
      context.invoices.put(openInvoice({ invoiceNumber: `R-${i}`, amount: 1000 + i, balance: 1000 + i, customer: { ...openInvoice().customer, id: `C-${i}`, name: `Resume ${i} GmbH` } }));
      entries.push(`<Ntry><Amt Ccy="EUR">${((1000 + i) / 100).toFixed(2)}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-12-09</Dt></BookgDt><NtryDtls><TxDtls><Refs><EndToEndId>E-${i}</EndToEndId></Refs><RmtInf><Ustrd>R-${i}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`);
    }
    const xml = `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><Stmt><Id>S</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>${entries.join('')}</Stmt></BkToCstmrStmt></Document>`;
    const files = memoryFiles();
    let tick = 0;
    const jobs = new InMemoryImportJobs(() => tick);
    const deps = { ...context.deps, lookup: new RepositoryInvoiceLookup(context.invoices, context.deps.paymentReferences), ledger: new InMemoryCashLedger(), jobs, timer: { now: () => (tick += 1000) }, files: { ...files, open: () => Promise.resolve(Readable.from([xml])), head: () => Promise.resolve({ etag: 'r', size: xml.length }) } };
    const event = { bucket: 'b', key: 'incoming/acme/bank-statements/resume.xml' };
    const first = await importStatement(deps, event, { deadline: tick + 3500, token: 'first' });
    assert.equal(first.outcome, 'handed-on');
    assert.ok([...files.written.keys()].some((key) => key.startsWith('control/continue/acme/')), 'a continuation for the next invocation');
    const paidAfterFirst = (await Promise.all(Array.from({ length: count }, (_, i) => context.invoices.get('acme', `R-${i + 1}`)))).filter((invoice) => invoice?.status === 'paid').length;
    assert.ok(paidAfterFirst > 0 && paidAfterFirst < count, `${paidAfterFirst} paid after the first invocation`);
    const second = await importStatement(deps, event, { deadline: Number.MAX_SAFE_INTEGER, token: 'second' });
    assert.ok('report' in second, JSON.stringify(second));
    assert.equal(second.report.statement.credits, count);
    assert.equal(second.report.statement.matchedByNumber, count);
    assert.equal(second.report.counts.imported, count);
    const paid = (await Promise.all(Array.from({ length: count }, (_, i) => context.invoices.get('acme', `R-${i + 1}`)))).filter((invoice) => invoice?.status === 'paid' && invoice.balance === 0).length;
    assert.equal(paid, count);
  });

  it('lists the unusable entries of the whole file in the report of a statement finished by a later invocation', async () => {
    const context = collectionSetup('2026-12-10T08:00:00.000Z');
    const entries = Array.from({ length: 1200 }, (_, i) => `<Ntry><Amt Ccy="${i === 2 || i === 1100 ? 'ZZZ' : 'EUR'}">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-12-09</Dt></BookgDt><NtryDtls><TxDtls><Refs><EndToEndId>U-${i}</EndToEndId></Refs></TxDtls></NtryDtls></Ntry>`);
    const xml = `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><Stmt><Id>S</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>${entries.join('')}</Stmt></BkToCstmrStmt></Document>`;
    const files = memoryFiles();
    let tick = 0;
    const deps = { ...context.deps, lookup: new RepositoryInvoiceLookup(context.invoices, context.deps.paymentReferences), ledger: new InMemoryCashLedger(), jobs: new InMemoryImportJobs(() => tick), timer: { now: () => (tick += 1000) }, files: { ...files, open: () => Promise.resolve(Readable.from([xml])), head: () => Promise.resolve({ etag: 'u', size: xml.length }) } };
    const event = { bucket: 'b', key: 'incoming/acme/bank-statements/unusable.xml' };
    assert.equal((await importStatement(deps, event, { deadline: tick + 3500, token: 'first' })).outcome, 'handed-on');
    const second = await importStatement(deps, event, { deadline: Number.MAX_SAFE_INTEGER, token: 'second' });
    assert.ok('report' in second, JSON.stringify(second));
    assert.deepEqual(second.report.rejectedEntries.map((entry) => entry.position), [3, 1101]);
    assert.equal(second.report.counts.rejected, 2);
  });
});
