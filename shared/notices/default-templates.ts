import type { NoticeLanguage } from './language.js';
import type { NoticeTemplate, TemplateKind } from './template-kinds.js';

const reminderSubject = {
  en: '{{#overdue}}Overdue: invoice {{invoiceNumber}}, {{amount}}, {{daysOverdueText}} past due{{/overdue}}{{^overdue}}Reminder: invoice {{invoiceNumber}}, {{amount}}, due {{dueDate}}{{/overdue}}',
  de: '{{#overdue}}Überfällig: Rechnung {{invoiceNumber}}, {{amount}}, seit {{daysOverdueText}} fällig{{/overdue}}{{^overdue}}Zahlungserinnerung: Rechnung {{invoiceNumber}}, {{amount}}, fällig am {{dueDate}}{{/overdue}}',
};

/** The facts under a reminder's opening line. */
const facts = {
  en: `Invoice {{invoiceNumber}} {{status}}.
Amount due: {{amount}}{{#partlyPaid}} (of {{originalAmount}}; thank you for the payment received){{/partlyPaid}}
{{#poNumber}}
Your PO number: {{poNumber}}
{{/poNumber}}`,
  de: `Rechnung {{invoiceNumber}} {{status}}.
Offener Betrag: {{amount}}{{#partlyPaid}} (von {{originalAmount}}; vielen Dank für die erhaltene Zahlung){{/partlyPaid}}
{{#poNumber}}
Ihre Bestellnummer: {{poNumber}}
{{/poNumber}}`,
};

const greeting = { en: 'Dear {{customerName}},', de: 'Guten Tag {{customerName}},' };

const reminder = (language: NoticeLanguage, opening: string, subject = reminderSubject[language]): NoticeTemplate => ({
  subject,
  body: `${greeting[language]}\n\n${opening}\n${facts[language]}`,
});

/** arflow's own wording, used wherever a tenant has not stored its own (PUT /templates/{kind}/{language}). */
export const defaultTemplates: Record<NoticeLanguage, Record<TemplateKind, NoticeTemplate>> = {
  en: {
    friendly: reminder('en', 'This is a friendly reminder.'),
    firm: reminder('en', 'Our records show this invoice is still unpaid; please arrange payment now.'),
    urgent: reminder('en', 'This invoice is seriously overdue. Please pay immediately or contact us today.'),
    final: reminder('en', 'FINAL NOTICE: unless {{amount}} is paid by {{deadline}}, {{consequence}}.', 'Final notice: invoice {{invoiceNumber}}, {{amount}}, pay by {{deadline}}'),
    'broken-promise': reminder(
      'en',
      'You told us you would pay by {{promisedDate}}. We have not received the payment, so we are resuming our reminders.',
      'Payment promised by {{promisedDate}} not received: invoice {{invoiceNumber}}, {{amount}}',
    ),
    consolidated: {
      subject: 'Payment reminder: {{invoiceCount}} invoices{{#total}}, {{total}} in total{{/total}}',
      body: 'Dear {{customerName}},\n\nThe following {{invoiceCount}} invoices are due or overdue:',
    },
    statement: {
      subject: 'Account statement of {{date}}: {{invoiceCount}} open invoices',
      body: 'Dear {{customerName}},\n\nthis is your account statement of {{date}}: every open invoice, and what is due in each currency.',
    },
  },
  de: {
    friendly: reminder('de', 'Dies ist eine freundliche Zahlungserinnerung.'),
    firm: reminder('de', 'Laut unseren Unterlagen ist diese Rechnung noch offen; bitte veranlassen Sie die Zahlung jetzt.'),
    urgent: reminder('de', 'Diese Rechnung ist erheblich überfällig. Bitte zahlen Sie sofort oder melden Sie sich noch heute bei uns.'),
    final: reminder('de', 'LETZTE MAHNUNG: Wird {{amount}} nicht bis zum {{deadline}} bezahlt, {{consequence}}.', 'Letzte Mahnung: Rechnung {{invoiceNumber}}, {{amount}}, zahlbar bis {{deadline}}'),
    'broken-promise': reminder(
      'de',
      'Sie hatten uns die Zahlung bis zum {{promisedDate}} zugesagt. Da sie nicht eingegangen ist, nehmen wir unsere Erinnerungen wieder auf.',
      'Zugesagte Zahlung bis {{promisedDate}} nicht eingegangen: Rechnung {{invoiceNumber}}, {{amount}}',
    ),
    consolidated: {
      subject: 'Zahlungserinnerung: {{invoiceCount}} Rechnungen{{#total}}, insgesamt {{total}}{{/total}}',
      body: 'Guten Tag {{customerName}},\n\ndie folgenden {{invoiceCount}} Rechnungen sind fällig oder überfällig:',
    },
    statement: {
      subject: 'Kontoauszug vom {{date}}: {{invoiceCount}} offene Rechnungen',
      body: 'Guten Tag {{customerName}},\n\nanbei Ihr Kontoauszug vom {{date}}: alle offenen Rechnungen und der offene Betrag je Währung.',
    },
  },
};
