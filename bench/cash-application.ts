import { createWriteStream, createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importStatement, InMemoryCashLedger, RepositoryInvoiceLookup, transactionKey, type BankEntry, type BankTransaction } from '../shared/cash-application/index.js';
import { InMemoryImportJobs, type ImportFiles } from '../shared/imports/index.js';
import { invoiceInputSchema, newInvoice, type Invoice } from '../shared/invoicing/index.js';
import { rfReference } from '../shared/kernel/index.js';
import { inMemoryInvoiceStores } from '../local/memory/in-memory-invoice-stores.js';
import { measureUsage } from './usage.js';

/**
 * Cash application from a generated camt.053.001.08 statement of N credit transfers against N open
 * invoices, in memory (the matcher and the payment path, not DynamoDB): throughput, peak RSS and the
 * automatic match rate, with realistic noise. Every transfer knows the invoices it was meant for, so a
 * wrong automatic match is counted, not guessed.
 */
const TENANT = 'bench';
const ACCOUNT = 'DE89370400440532013000';
const sizes = (process.env['CASH_BENCH_SIZES'] ?? '10000,100000').split(',').map(Number);

type Kind = 'rf' | 'number' | 'two' | 'partial' | 'charges' | 'typo' | 'none';
const MIX: [Kind, number][] = [['rf', 0.4], ['number', 0.28], ['two', 0.08], ['partial', 0.07], ['charges', 0.06], ['typo', 0.04], ['none', 0.07]];

/** Deterministic pseudo-random numbers (the run is reproducible). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const amountText = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
const number = (i: number) => `INV${String(i).padStart(7, '0')}`;

async function run(n: number) {
  const next = random(n);
  const stores = inMemoryInvoiceStores();
  const customers = Math.max(1, Math.floor(n / 5));
  const invoices: Invoice[] = [];
  const createdAt = new Date('2026-11-01T00:00:00Z');
  for (let i = 1; i <= n; i++) {
    const c = Math.floor(next() * customers);
    const amount = 1000 + Math.floor(next() * 500000);
    const input = invoiceInputSchema.parse({ invoiceNumber: number(i), customer: { id: `C${c}`, name: `Kunde ${c} Handels GmbH`, email: `ap${c}@example.com` }, issueDate: '2026-11-01', dueDate: '2026-12-01', currency: 'EUR', amount });
    const invoice = newInvoice(TENANT, input, createdAt);
    stores.invoices.put(invoice);
    invoices.push(invoice);
  }
  const dir = mkdtempSync(join(tmpdir(), 'cash-bench-'));
  const file = join(dir, 'statement.xml');
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><GrpHdr><MsgId>BENCH</MsgId><CreDtTm>2026-12-09T18:00:00</CreDtTm></GrpHdr><Stmt><Id>BENCH-1</Id><Acct><Id><IBAN>${ACCOUNT}</IBAN></Id><Ccy>EUR</Ccy></Acct>\n`);
  const expected = new Map<string, { kind: Kind; invoices: string[] }>();
  const counts: Record<Kind, number> = { rf: 0, number: 0, two: 0, partial: 0, charges: 0, typo: 0, none: 0 };
  // Invoices are paid in order; a transfer for two pays the next one and the next open one of the same customer.
  const byCustomer = new Map<string, number[]>();
  invoices.forEach((invoice, index) => byCustomer.set(invoice.customer.id, [...(byCustomer.get(invoice.customer.id) ?? []), index]));
  const taken = new Set<number>();
  let cursor = 0;
  for (let t = 0; t < n && cursor < n; t++) {
    while (taken.has(cursor)) cursor++;
    if (cursor >= n) break;
    let pick = next();
    let kind: Kind = 'none';
    for (const [candidate, share] of MIX) if ((pick -= share) < 0) { kind = candidate; break; }
    const first = invoices[cursor]!;
    const sibling = (byCustomer.get(first.customer.id) ?? []).find((index) => index > cursor && !taken.has(index));
    if (kind === 'two' && sibling === undefined) kind = 'number';
    counts[kind]++;
    const paid = kind === 'none' ? [] : kind === 'two' ? [first, invoices[sibling!]!] : [first];
    if (kind !== 'none') {
      taken.add(cursor);
      if (kind === 'two') taken.add(sibling!);
    }
    const balance = paid.reduce((sum, invoice) => sum + invoice.balance, 0);
    const amount = kind === 'none' ? 500 + Math.floor(next() * 90000) : kind === 'partial' ? Math.max(1, Math.floor(balance / 2)) : kind === 'charges' ? balance - 250 : balance;
    const customer = first.customer;
    // Banks upper-case names; charges are deducted by an intermediary whose name is on the transfer.
    const debtor = kind === 'none' ? `Unbekannt ${t}` : kind === 'charges' ? 'Zentrale Treasury Services' : customer.name.toUpperCase();
    const iban = `DE${String(10 + (t % 89)).padStart(2, '0')}5001051${String(t).padStart(11, '0')}`;
    const typo = (text: string) => text.slice(0, -2) + text.slice(-1) + text.slice(-2, -1);
    const remittance =
      kind === 'rf' ? `<Strd><CdtrRefInf><Ref>${rfReference(first.invoiceNumber)}</Ref></CdtrRefInf></Strd>`
      : kind === 'two' ? `<Ustrd>Rechnungen ${paid[0]!.invoiceNumber}, ${paid[1]!.invoiceNumber}</Ustrd>`
      : kind === 'typo' ? `<Ustrd>Rechnung ${typo(first.invoiceNumber)}</Ustrd>`
      : kind === 'none' ? `<Ustrd>Zahlung ${t % 28 + 1}.12.</Ustrd>`
      : `<Ustrd>Rechnung ${first.invoiceNumber} vom 01.11.2026</Ustrd>`;
    const e2e = `E2E-${t}`;
    const instructed = kind === 'charges' ? `<AmtDtls><InstdAmt><Amt Ccy="EUR">${amountText(balance)}</Amt></InstdAmt><TxAmt><Amt Ccy="EUR">${amountText(amount)}</Amt></TxAmt></AmtDtls>` : '';
    await write(`<Ntry><Amt Ccy="EUR">${amountText(amount)}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-12-09</Dt></BookgDt><ValDt><Dt>2026-12-09</Dt></ValDt><AcctSvcrRef>B${t}</AcctSvcrRef><NtryDtls><TxDtls><Refs><EndToEndId>${e2e}</EndToEndId></Refs><Amt Ccy="EUR">${amountText(amount)}</Amt><CdtDbtInd>CRDT</CdtDbtInd>${instructed}<RltdPties><Dbtr><Pty><Nm>${debtor}</Nm></Pty></Dbtr><DbtrAcct><Id><IBAN>${iban}</IBAN></Id></DbtrAcct></RltdPties><RmtInf>${remittance}</RmtInf></TxDtls></NtryDtls></Ntry>\n`);
    const tx: BankTransaction = { index: 1, amount, currency: 'EUR', credit: true, refs: { endToEndId: e2e }, structuredRefs: [], text: '', debtorIban: iban };
    const entry: Pick<BankEntry, 'statement'> = { statement: { index: 1, id: 'BENCH-1', account: ACCOUNT, currency: 'EUR' } };
    expected.set(transactionKey({ ...entry, position: 0, line: 0, amount, currency: 'EUR', credit: true, reversal: false, status: 'booked', bookingDate: undefined, valueDate: undefined, batch: false, transactions: [] }, tx), { kind, invoices: paid.map((invoice) => invoice.invoiceNumber) });
  }
  await write('</Stmt></BkToCstmrStmt></Document>\n');
  out.end();
  await once(out, 'finish');
  const bytes = statSync(file).size;

  let wrong = 0;
  const matchedByKind: Record<Kind, number> = { rf: 0, number: 0, two: 0, partial: 0, charges: 0, typo: 0, none: 0 };
  const payments = stores.payments;
  const watched = {
    getPayment: payments.getPayment.bind(payments),
    unappliedPayments: payments.unappliedPayments.bind(payments),
    applyPayment: async (...args: Parameters<typeof payments.applyPayment>) => {
      const result = await payments.applyPayment(...args);
      const [payment] = args;
      const meant = payment.externalId ? expected.get(payment.externalId) : undefined;
      if (result === 'applied' && meant && payment.allocations.length > 0) {
        matchedByKind[meant.kind]++;
        if (payment.allocations.some((allocation) => !meant.invoices.includes(allocation.invoiceNumber))) wrong++;
      }
      return result;
    },
  };
  const files: ImportFiles = { open: () => Promise.resolve(createReadStream(file)), head: () => Promise.resolve({ etag: 'bench', size: bytes }), getText: () => Promise.resolve(undefined), put: () => Promise.resolve(), delete: () => Promise.resolve() };
  const workflows = { start: () => Promise.resolve({ executionName: 'bench' }), stop: () => Promise.resolve() };
  const deps = { invoices: stores.invoices, payments: watched, workflows, clock: { now: () => new Date('2026-12-10T08:00:00Z') }, lookup: new RepositoryInvoiceLookup(stores.invoices, stores.paymentReferences), ledger: new InMemoryCashLedger(), files, jobs: new InMemoryImportJobs(), timer: { now: () => performance.now() } };
  const usage = measureUsage();
  const result = await importStatement(deps, { bucket: 'bench', key: `incoming/${TENANT}/bank-statements/bench-${n}.xml` }, { deadline: Number.MAX_SAFE_INTEGER, token: 'bench' });
  const used = usage.stop();
  rmSync(dir, { recursive: true, force: true });
  if (!('report' in result)) throw new Error(`the bench import did not finish: ${JSON.stringify(result)}`);
  const carrying = counts.rf + counts.number + counts.two + counts.partial + counts.charges;
  const matchedCarrying = matchedByKind.rf + matchedByKind.number + matchedByKind.two + matchedByKind.partial + matchedByKind.charges;
  const row = {
    entries: n,
    bytes,
    mix: counts,
    seconds: Math.round(used.wallMs) / 1000,
    entriesPerSecond: Math.round(n / (used.wallMs / 1000)),
    peakRssMiB: Math.round(used.peakRssBytes / 2 ** 20),
    matchedByKind,
    automaticMatchRate: Math.round((matchedCarrying / carrying) * 10000) / 100,
    automaticMatchRateWithTypos: Math.round((matchedCarrying / (carrying + counts.typo)) * 10000) / 100,
    wrongAutomaticMatches: wrong,
    report: result.report.statement,
  };
  process.stdout.write(`cash application ${n} entries (${Math.round(bytes / 2 ** 20)} MiB): ${row.entriesPerSecond} entries/s, peak RSS ${row.peakRssMiB} MiB, automatic match rate ${row.automaticMatchRate} % of transfers with a reference or number (${row.automaticMatchRateWithTypos} % counting typo'd numbers), ${wrong} wrong automatic matches\n`);
  return row;
}

const rows = [];
for (const n of sizes) rows.push(await run(n));
process.stdout.write(`${JSON.stringify({ cashApplication: rows }, null, 2)}\n`);
