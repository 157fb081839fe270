/**
 * Where a change to an invoice came from, named on its timeline and business events (the audit
 * trail): an API key (by its label), a line of a dropped file, or a dispute resolved by credit note.
 */
export type ChangeSource = { via: 'api'; apiKey: string } | { via: 'file'; file: string; line: number } | { via: 'dispute'; disputeId: string; by: string };
