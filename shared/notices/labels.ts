import type { CustomerAction } from '../self-service/index.js';
import type { NoticeLanguage } from './language.js';

type FinalAction = 'write-off' | 'agency' | 'credit-hold' | 'none';

/** The fixed words around a template's text (facts table, buttons, links), per language. */
export interface NoticeLabels {
  invoice: string;
  amountDue: string;
  originalAmount: string;
  dueDate: string;
  daysOverdue: string;
  poNumber: string;
  status: string;
  total: string;
  payNow: (amount: string) => string;
  payOnline: string;
  viewInvoice: string;
  ignoreIfPaid: string;
  selfService: Record<CustomerAction, string>;
  days: (count: number) => string;
  /** The status phrase after "Invoice N" in a reminder. */
  reminderStatus: (daysOverdue: number, dueDate: string) => string;
  /** A statement row's status. */
  rowStatus: (daysOverdue: number) => string;
  consequence: Record<FinalAction, string>;
  lateCharges: (interest: string, days: number, fixed: string, total: string) => string;
  /** The bank-transfer block: its heading, each line's label, the QR code's alt text and caption, and the list notices' note. */
  transfer: { heading: string; reference: string; accountName: string; iban: string; bic: string; qrAlt: string; qrCaption: string; quoteEachReference: string };
}

const en: NoticeLabels = {
  invoice: 'Invoice',
  amountDue: 'Amount due',
  originalAmount: 'Original amount',
  dueDate: 'Due date',
  daysOverdue: 'Days overdue',
  poNumber: 'PO number',
  status: 'Status',
  total: 'Total',
  payNow: (amount) => `Pay ${amount} now`,
  payOnline: 'Pay online',
  viewInvoice: 'View the invoice',
  ignoreIfPaid: 'If you have already paid, please ignore this message.',
  selfService: { 'already-paid': "I've already paid", dispute: 'I dispute this invoice', promise: "I'll pay by a date", 'payment-plan': 'I need a payment plan' },
  days: (count) => `${count} day${count === 1 ? '' : 's'}`,
  reminderStatus: (days, due) =>
    days > 0 ? `is ${en.days(days)} overdue (due ${due})` : days === 0 ? `is due today (${due})` : `is due on ${due}, in ${en.days(-days)}`,
  rowStatus: (days) => (days > 0 ? `${en.days(days)} overdue` : days === 0 ? 'due today' : `due in ${en.days(-days)}`),
  consequence: {
    'write-off': 'we will close the account and take further steps',
    agency: 'we will pass the debt to a collections agency',
    'credit-hold': 'we will place your account on credit hold and supply nothing further on credit',
    none: 'we will take further steps',
  },
  lateCharges: (interest, days, fixed, total) =>
    `Late-payment charges we are entitled to claim (not added to the invoice): interest ${interest} for ${days} days, fixed compensation ${fixed}; total ${total}.`,
  transfer: {
    heading: 'Pay by bank transfer',
    reference: 'Payment reference',
    accountName: 'Account name',
    iban: 'IBAN',
    bic: 'BIC',
    qrAlt: 'EPC QR code (GiroCode) of this transfer',
    qrCaption: 'Scan with your banking app to fill in the transfer.',
    quoteEachReference: 'Please quote the payment reference of each invoice you pay:',
  },
};

const de: NoticeLabels = {
  invoice: 'Rechnung',
  amountDue: 'Offener Betrag',
  originalAmount: 'Rechnungsbetrag',
  dueDate: 'Fällig am',
  daysOverdue: 'Tage überfällig',
  poNumber: 'Bestellnummer',
  status: 'Status',
  total: 'Summe',
  payNow: (amount) => `${amount} jetzt bezahlen`,
  payOnline: 'Online bezahlen',
  viewInvoice: 'Rechnung ansehen',
  ignoreIfPaid: 'Falls Sie bereits bezahlt haben, betrachten Sie diese Nachricht bitte als gegenstandslos.',
  selfService: { 'already-paid': 'Ich habe bereits bezahlt', dispute: 'Ich beanstande diese Rechnung', promise: 'Ich zahle bis zu einem Datum', 'payment-plan': 'Ich brauche eine Ratenzahlung' },
  days: (count) => `${count} ${count === 1 ? 'Tag' : 'Tagen'}`,
  reminderStatus: (days, due) =>
    days > 0 ? `ist seit ${de.days(days)} überfällig (fällig am ${due})` : days === 0 ? `ist heute fällig (${due})` : `ist am ${due} fällig, in ${de.days(-days)}`,
  rowStatus: (days) => (days > 0 ? `seit ${de.days(days)} überfällig` : days === 0 ? 'heute fällig' : `fällig in ${de.days(-days)}`),
  consequence: {
    'write-off': 'schließen wir das Konto und leiten weitere Schritte ein',
    agency: 'übergeben wir die Forderung an ein Inkassounternehmen',
    'credit-hold': 'sperren wir Ihr Kundenkonto und liefern nur noch gegen Vorkasse',
    none: 'leiten wir weitere Schritte ein',
  },
  lateCharges: (interest, days, fixed, total) =>
    `Verzugskosten, die wir geltend machen können (nicht in der Rechnung enthalten): Zinsen ${interest} für ${days} Tage, Pauschale ${fixed}; zusammen ${total}.`,
  transfer: {
    heading: 'Zahlung per Überweisung',
    reference: 'Zahlungsreferenz',
    accountName: 'Kontoinhaber',
    iban: 'IBAN',
    bic: 'BIC',
    qrAlt: 'EPC-QR-Code (GiroCode) dieser Überweisung',
    qrCaption: 'Mit Ihrer Banking-App scannen, um die Überweisung auszufüllen.',
    quoteEachReference: 'Bitte geben Sie bei jeder Rechnung, die Sie bezahlen, deren Zahlungsreferenz an:',
  },
};

export const noticeLabels: Record<NoticeLanguage, NoticeLabels> = { en, de };
