import { isKnownCurrency, minorUnitDigits } from '../kernel/index.js';
import type { BankEntry, BankTransaction, CamtMessage, RejectedEntry, StatementHeader } from './bank-entry.js';
import { StatementFormatError } from './statement-format-error.js';
import { child, children, readXml, textAt, XmlReadError, type XmlNode } from './xml-tree.js';

const NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:(camt\.05[34])\.(001\.\d\d)$/;
const SUPPORTED_VERSIONS = ['001.02', '001.04', '001.08'] as const;
const BODY = { 'camt.053': { message: 'BkToCstmrStmt', statement: 'Stmt' }, 'camt.054': { message: 'BkToCstmrDbtCdtNtfctn', statement: 'Ntfctn' } } as const;

export type CamtEvent = { type: 'message'; message: CamtMessage } | { type: 'entry'; entry: BankEntry } | { type: 'rejected'; entry: RejectedEntry };

/**
 * Reads a camt.053 or camt.054 file (.001.02, .001.04, .001.08) as a stream of entries. A file that is
 * not XML, not one of these messages, or truncated throws StatementFormatError; an entry that cannot be
 * used (an unknown currency, a negative or malformed amount) is yielded as rejected, with its position.
 */
export async function* readCamt(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<CamtEvent> {
  let message: CamtMessage | undefined;
  let header: StatementHeader | undefined;
  let statements = 0;
  let position = 0;
  // Decided from the path alone: the parser reads ahead of this generator's consumer.
  const isStatement = (path: readonly string[]) => path.length === 3 && ((path[1] === BODY['camt.053'].message && path[2] === BODY['camt.053'].statement) || (path[1] === BODY['camt.054'].message && path[2] === BODY['camt.054'].statement));
  const inStatement = (path: readonly string[]) => path.length === 4 && isStatement(path.slice(0, 3));
  try {
    for await (const event of readXml(chunks, {
      announce: isStatement,
      capture: (path) => inStatement(path) && (path[3] === 'Ntry' || path[3] === 'Id' || path[3] === 'Acct'),
    })) {
      if (event.type === 'root') {
        message = messageOf(event.name, event.namespace);
        yield { type: 'message', message };
      } else if (event.type === 'open') {
        if (message && event.path[1] !== BODY[message.kind].message) throw new StatementFormatError('unsupported_message', `A ${message.kind} Document holds <${event.path[1]}>`, event.line);
        header = { index: ++statements, id: undefined, account: undefined, currency: undefined };
      } else if (header && event.node.name === 'Id') {
        header.id = event.node.text;
      } else if (header && event.node.name === 'Acct') {
        header.account = textAt(event.node, 'Id', 'IBAN') ?? textAt(event.node, 'Id', 'Othr', 'Id');
        header.currency = textAt(event.node, 'Ccy');
      } else if (header && event.node.name === 'Ntry') {
        position++;
        const read = readEntry(event.node, header, position);
        yield 'reason' in read ? { type: 'rejected', entry: read } : { type: 'entry', entry: read };
      }
    }
  } catch (error) {
    if (error instanceof XmlReadError) throw new StatementFormatError(error.kind, error.message, error.line);
    throw error;
  }
  if (message && statements === 0) throw new StatementFormatError('no_statement', `The ${message.kind} message holds no ${BODY[message.kind].statement}`, undefined);
}

function messageOf(root: string, namespace: string): CamtMessage {
  const match = NAMESPACE.exec(namespace);
  if (root !== 'Document' || !match) {
    throw new StatementFormatError('unsupported_message', `Expected an ISO 20022 camt.053 or camt.054 Document, got <${root}>${namespace ? ` in namespace ${namespace}` : ' without a namespace'}`, 1);
  }
  const kind = match[1] === 'camt.053' ? 'camt.053' : 'camt.054';
  const version = SUPPORTED_VERSIONS.find((candidate) => candidate === match[2]);
  if (!version) throw new StatementFormatError('unsupported_message', `${kind}.${match[2]} is not supported (supported: ${SUPPORTED_VERSIONS.map((v) => `${kind}.${v}`).join(', ')})`, 1);
  return { kind, version };
}

type Amount = { amount: number; currency: string };

/** `<Amt Ccy="EUR">12.50</Amt>` → minor units, or why not. */
function amountOf(node: XmlNode | undefined, what: string): Amount | { reason: string } | undefined {
  if (!node) return undefined;
  const currency = node.attrs.Ccy ?? '';
  if (!isKnownCurrency(currency)) return { reason: `${what} has an unknown currency '${currency}'` };
  const match = /^(-?)(\d{1,15})(?:\.(\d{1,5}))?$/.exec(node.text);
  if (!match) return { reason: `${what} '${node.text}' is not a decimal amount` };
  const [, sign, whole = '', fraction = ''] = match;
  if (sign === '-') return { reason: `${what} ${node.text} is negative (the direction is CdtDbtInd)` };
  const digits = minorUnitDigits(currency);
  if (/[^0]/.test(fraction.slice(digits))) return { reason: `${what} ${node.text} has more decimals than ${currency} has` };
  const amount = Number(`${whole}${fraction.slice(0, digits).padEnd(digits, '0')}`);
  // Banks write 0 where a detail has no amount of its own (seen in published samples): treated as absent.
  if (amount === 0) return undefined;
  return { amount, currency };
}

const dateOf = (node: XmlNode | undefined): string | undefined => (textAt(node, 'Dt') ?? textAt(node, 'DtTm'))?.slice(0, 10);

function readEntry(ntry: XmlNode, statement: StatementHeader, position: number): BankEntry | RejectedEntry {
  const reject = (reason: string): RejectedEntry => ({ position, line: ntry.line, statement: statement.index, reason });
  const amount = amountOf(child(ntry, 'Amt'), 'Amt');
  if (!amount) return reject('the entry has no Amt, or an Amt of zero');
  if ('reason' in amount) return reject(amount.reason);
  const indicator = textAt(ntry, 'CdtDbtInd');
  if (indicator !== 'CRDT' && indicator !== 'DBIT') return reject(`CdtDbtInd '${indicator ?? ''}' is neither CRDT nor DBIT`);
  const statusText = textAt(ntry, 'Sts', 'Cd') ?? textAt(ntry, 'Sts');
  const status = statusText === 'BOOK' ? 'booked' : statusText === 'PDNG' ? 'pending' : 'other';
  const entryText = textAt(ntry, 'AddtlNtryInf');
  const details = children(ntry, 'NtryDtls');
  const txNodes = details.flatMap((detail) => children(detail, 'TxDtls'));
  const batch = details.some((detail) => child(detail, 'Btch') !== undefined) || txNodes.length > 1;
  const entry: BankEntry = {
    position,
    line: ntry.line,
    statement,
    amount: amount.amount,
    currency: amount.currency,
    credit: indicator === 'CRDT',
    reversal: textAt(ntry, 'RvslInd') === 'true',
    status,
    bookingDate: dateOf(child(ntry, 'BookgDt')),
    valueDate: dateOf(child(ntry, 'ValDt')),
    ...optional('entryRef', textAt(ntry, 'NtryRef')),
    ...optional('acctSvcrRef', textAt(ntry, 'AcctSvcrRef')),
    batch,
    transactions: [],
  };
  if (txNodes.length === 0) {
    entry.transactions.push({ index: 1, amount: amount.amount, currency: amount.currency, credit: entry.credit, refs: {}, structuredRefs: [], text: entryText ?? '' });
    return entry;
  }
  // A batch whose transactions carry no amounts of their own cannot be split: it is one transaction of the entry's amount.
  const splittable = txNodes.length === 1 || txNodes.every((tx) => child(tx, 'Amt') ?? child(tx, 'AmtDtls', 'TxAmt', 'Amt'));
  if (!splittable) {
    const parts = txNodes.map((tx, offset) => readTransaction(tx, offset + 1, entry, true, undefined));
    const failed = parts.find((part) => 'reason' in part);
    if (failed && 'reason' in failed) return reject(failed.reason);
    const read = parts.filter((part): part is BankTransaction => !('reason' in part));
    entry.transactions.push({
      index: 1,
      amount: amount.amount,
      currency: amount.currency,
      credit: entry.credit,
      refs: {},
      structuredRefs: read.flatMap((part) => part.structuredRefs),
      text: [...read.map((part) => part.text), entryText].filter((part) => !!part).join(' '),
    });
    return entry;
  }
  for (const [offset, tx] of txNodes.entries()) {
    const read = readTransaction(tx, offset + 1, entry, txNodes.length === 1, entryText);
    if ('reason' in read) return reject(`transaction ${offset + 1}: ${read.reason}`);
    entry.transactions.push(read);
  }
  return entry;
}

function readTransaction(tx: XmlNode, index: number, entry: BankEntry, only: boolean, entryText: string | undefined): BankTransaction | { reason: string } {
  const own = amountOf(child(tx, 'Amt'), 'TxDtls/Amt') ?? amountOf(child(tx, 'AmtDtls', 'TxAmt', 'Amt'), 'AmtDtls/TxAmt/Amt');
  if (own && 'reason' in own) return own;
  if (!own && !only) return { reason: 'a transaction of a batch has no amount (TxDtls/Amt or AmtDtls/TxAmt)' };
  const instructed = amountOf(child(tx, 'AmtDtls', 'InstdAmt', 'Amt'), 'AmtDtls/InstdAmt/Amt');
  if (instructed && 'reason' in instructed) return instructed;
  const indicator = textAt(tx, 'CdtDbtInd');
  const amount = own ?? { amount: entry.amount, currency: entry.currency };
  const refs = child(tx, 'Refs');
  const remittance = children(tx, 'RmtInf');
  const structuredRefs = remittance.flatMap((info) => children(info, 'Strd')).flatMap((strd) => children(strd, 'CdtrRefInf', 'Ref')).map((ref) => ref.text).filter((ref) => ref !== '');
  const text = [...remittance.flatMap((info) => children(info, 'Ustrd')).map((node) => node.text), textAt(tx, 'AddtlTxInf'), entryText].filter((part): part is string => !!part).join(' ');
  const parties = child(tx, 'RltdPties');
  // .08 wraps the party in Pty; .02/.04 do not.
  // The counterparty: the payer of a credit, the payee of a debit (a reversed credit goes back to its payer).
  const credit = indicator ? indicator === 'CRDT' : entry.credit;
  const party = credit ? 'Dbtr' : 'Cdtr';
  const debtorName = textAt(parties, party, 'Pty', 'Nm') ?? textAt(parties, party, 'Nm');
  const debtorIban = textAt(parties, `${party}Acct`, 'Id', 'IBAN');
  return {
    index,
    amount: amount.amount,
    currency: amount.currency,
    ...(instructed ? { instructed } : {}),
    credit,
    refs: {
      ...optional('acctSvcrRef', textAt(refs, 'AcctSvcrRef')),
      ...optional('endToEndId', textAt(refs, 'EndToEndId')),
      ...optional('uetr', textAt(refs, 'UETR')?.toLowerCase()),
      ...optional('txId', textAt(refs, 'TxId')),
      ...optional('instrId', textAt(refs, 'InstrId')),
    },
    structuredRefs,
    text,
    ...optional('debtorName', debtorName),
    ...optional('debtorIban', debtorIban?.replace(/\s/g, '').toUpperCase()),
  };
}

/** `{ [key]: value }` when there is a value, else nothing: optional fields stay absent, never undefined. */
function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  const out: { [P in K]?: string } = {};
  if (value !== undefined) out[key] = value;
  return out;
}
