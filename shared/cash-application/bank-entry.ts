/** What arflow reads of one statement (Stmt) or notification (Ntfctn) of a camt message. */
export interface StatementHeader {
  /** 1-based position of the statement in the file. */
  index: number;
  id: string | undefined;
  /** The account's IBAN (or other id) the statement is for. */
  account: string | undefined;
  currency: string | undefined;
}

/** One transaction of an entry: the unit that becomes a payment. */
export interface BankTransaction {
  /** 1-based position within its entry (a batch booking holds several). */
  index: number;
  /** Minor units credited (the transaction amount: TxDtls/Amt, AmtDtls/TxAmt, else the entry's). */
  amount: number;
  currency: string;
  /** What the payer instructed, when the bank says (AmtDtls/InstdAmt); above `amount` when charges were deducted. */
  instructed?: { amount: number; currency: string };
  credit: boolean;
  refs: { acctSvcrRef?: string; endToEndId?: string; uetr?: string; txId?: string; instrId?: string };
  /** RmtInf/Strd/CdtrRefInf/Ref values, as written. */
  structuredRefs: string[];
  /** RmtInf/Ustrd, AddtlTxInf and the entry's AddtlNtryInf, joined. */
  text: string;
  debtorName?: string;
  debtorIban?: string;
}

/** One Ntry, with its transactions (an entry without details is one transaction of the entry's amount). */
export interface BankEntry {
  /** 1-based position of the entry in the file, across statements. */
  position: number;
  /** Line of <Ntry> in the file. */
  line: number;
  statement: StatementHeader;
  amount: number;
  currency: string;
  credit: boolean;
  reversal: boolean;
  status: 'booked' | 'pending' | 'other';
  bookingDate: string | undefined;
  valueDate: string | undefined;
  entryRef?: string;
  acctSvcrRef?: string;
  /** A batch booking (NtryDtls/Btch, or several TxDtls). */
  batch: boolean;
  transactions: BankTransaction[];
}

/** An entry the reader could not use, with where it is and why. */
export interface RejectedEntry {
  position: number;
  line: number;
  statement: number;
  reason: string;
}

export type CamtMessage = { kind: 'camt.053' | 'camt.054'; version: '001.02' | '001.04' | '001.08' };
