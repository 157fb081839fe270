// The kinds of notice a tenant can word, apart from the templates' rules (default-templates.ts and
// templates.ts both need them; neither imports the other's half).
/**
 * The notices a tenant can word: the three reminder tones of a policy stage, the final notice, the
 * notice after a broken promise, the consolidated reminder (several invoices of one day) and the
 * account statement.
 */
export const templateKinds = ['friendly', 'firm', 'urgent', 'final', 'broken-promise', 'consolidated', 'statement'] as const;
export type TemplateKind = (typeof templateKinds)[number];

/** A template's wording: a subject line and a plain-text body (paragraphs split by blank lines). */
export interface NoticeTemplate {
  subject: string;
  body: string;
}
