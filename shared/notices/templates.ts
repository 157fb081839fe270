import Mustache from 'mustache';
import * as z from 'zod';
import { ValidationError, type FieldIssue } from '../kernel/index.js';
import { noticeLanguages, type NoticeLanguage } from './language.js';
import { defaultTemplates } from './default-templates.js';
import { templateKinds, type NoticeTemplate, type TemplateKind } from './template-kinds.js';

export interface StoredTemplate extends NoticeTemplate {
  kind: TemplateKind;
  language: NoticeLanguage;
  updatedAt: string;
}

export const templateKindSchema = z.enum(templateKinds);
export const templateLanguageSchema = z.enum(noticeLanguages);
export const templateInputSchema = z.strictObject({
  subject: z.string().trim().min(1).max(300),
  body: z.string().trim().min(1).max(10_000),
});

const reminderVariables = [
  'customerName', 'invoiceNumber', 'amount', 'originalAmount', 'partlyPaid', 'dueDate', 'daysOverdue', 'daysOverdueText',
  'daysUntilDueText', 'overdue', 'dueToday', 'notYetDue', 'status', 'poNumber', 'senderName', 'viewUrl', 'paymentUrl',
] as const;
const listVariables = ['customerName', 'invoiceCount', 'total', 'date', 'senderName'] as const;

/** The names a template of each kind may use; anything else is a typo that would render as nothing. */
export const templateVariables: Record<TemplateKind, readonly string[]> = {
  friendly: reminderVariables,
  firm: reminderVariables,
  urgent: reminderVariables,
  final: [...reminderVariables, 'deadline', 'consequence'],
  'broken-promise': [...reminderVariables, 'promisedDate'],
  consolidated: listVariables,
  statement: listVariables,
};

type Token = [string, string, number, number, Token[]?, ...unknown[]];

/**
 * Checks a tenant's template before it is stored (a 422 names each problem): it must parse, use only
 * escaped variables of its kind (no `{{{x}}}` or `{{& x}}`, which would put raw customer text into
 * HTML), and no partials or delimiter changes (which would hide tags from this check).
 */
export function validateTemplate(kind: TemplateKind, template: NoticeTemplate): void {
  const allowed = new Set([...templateVariables[kind], '.']);
  const issues: FieldIssue[] = [];
  for (const field of ['subject', 'body'] as const) {
    let tokens: Token[];
    try {
      tokens = Mustache.parse(template[field]) as unknown as Token[];
    } catch (error) {
      issues.push({ path: field, message: `does not parse: ${(error as Error).message}` });
      continue;
    }
    const visit = (list: Token[]) => {
      for (const [type, name, , , children] of list) {
        if (type === 'text') continue;
        if (type === '&' || type === '{') issues.push({ path: field, message: `{{{${name}}}} and {{& ${name}}} are not allowed: every value is escaped` });
        else if (type === '>') issues.push({ path: field, message: `partials ({{> ${name}}}) are not allowed` });
        else if (type === '=') issues.push({ path: field, message: 'changing the delimiters is not allowed' });
        else if (type !== '!' && !allowed.has(name)) issues.push({ path: field, message: `unknown variable ${name}; a ${kind} template may use ${templateVariables[kind].join(', ')}` });
        if (children) visit(children);
      }
    };
    visit(tokens);
  }
  if (issues.length > 0) throw new ValidationError(`The ${kind} template is not allowed`, issues);
}

export type TemplateValues = Record<string, string | number | boolean | undefined>;

/** Text with no escaping: the HTML layout escapes every value it is given (shared/notices/render-notice.ts). */
const plain = (text: string) => text;

/** Renders a template to plain text: the subject on one line, the body as trimmed paragraphs. */
export function renderTemplate(template: NoticeTemplate, values: TemplateValues): { subject: string; paragraphs: string[] } {
  const subject = Mustache.render(template.subject, values, {}, { escape: plain }).replace(/[\r\n]+/g, ' ').replace(/ {2,}/g, ' ').trim();
  const body = Mustache.render(template.body, values, {}, { escape: plain });
  const paragraphs = body
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.split('\n').map((line) => line.trimEnd()).filter((line) => line.trim() !== '').join('\n'))
    .filter((paragraph) => paragraph !== '');
  return { subject, paragraphs };
}

/** The tenant's override if it has one, else arflow's wording for that language. */
export function templateFor(kind: TemplateKind, language: NoticeLanguage, overrides: readonly StoredTemplate[]): NoticeTemplate {
  return overrides.find((stored) => stored.kind === kind && stored.language === language) ?? defaultTemplates[language][kind];
}
