/**
 * Where a change to an invoice came from, named on its timeline and business events (the audit
 * trail): an API key (by its label), a person signed in (by email or username), a line of a dropped
 * file, or a dispute resolved by credit note.
 */
export type ChangeSource =
  | { via: 'api'; apiKey: string }
  | { via: 'file'; file: string; line: number }
  | { via: 'dispute'; disputeId: string; by: string }
  | { via: 'user'; user: string };
