const LEGAL_FORMS = new Set(['gmbh', 'ag', 'kg', 'ohg', 'ug', 'ltd', 'limited', 'inc', 'llc', 'plc', 'sa', 'sarl', 'sas', 'bv', 'nv', 'co', 'corp', 'srl', 'spa', 'ab', 'as', 'oy', 'e', 'k', 'mbh', 'und', 'and', 'the']);

/** A company name's distinctive words: lower case, no accents, no punctuation, no legal form. */
export function nameTokens(name: string): string[] {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((token) => token.length > 0 && !LEGAL_FORMS.has(token));
}

/** The payer's name as the bank wrote it and the customer's name as the ERP did: do they name the same party? */
export function namesAgree(debtor: string, customer: string): boolean {
  const a = new Set(nameTokens(debtor));
  const b = new Set(nameTokens(customer));
  if (a.size === 0 || b.size === 0) return false;
  // Every distinctive word of the shorter name is in the other ("Rheinfeld GmbH", "RHEINFELD MASCHINENBAU GMBH"):
  // a share of common words is not enough ("Kunde 12 Handels GmbH" is not "Kunde 21 Handels GmbH").
  const [shorter, longer] = a.size <= b.size ? [a, b] : [b, a];
  return [...shorter].every((token) => longer.has(token));
}

/** The key a payer's name is remembered under. */
export const payerNameKey = (name: string): string => nameTokens(name).join(' ');
