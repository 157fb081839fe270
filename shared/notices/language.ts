/** The languages arflow has templates for; a customer in any other locale reads English. */
export const noticeLanguages = ['en', 'de'] as const;
export type NoticeLanguage = (typeof noticeLanguages)[number];

/** de-AT → de; fr-FR → en (no French templates yet); undefined → en. */
export function languageOf(locale: string | undefined): NoticeLanguage {
  const primary = (locale ?? 'en').split('-')[0]!.toLowerCase();
  return (noticeLanguages as readonly string[]).includes(primary) ? (primary as NoticeLanguage) : 'en';
}

/** The locale that formats dates and amounts: the customer's, else the language's default. */
export function formattingLocale(locale: string | undefined): string {
  return locale ?? 'en-US';
}
