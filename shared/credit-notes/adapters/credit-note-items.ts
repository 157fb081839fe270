import * as z from 'zod';
import type { Same } from '../../kernel/index.js';
import type { CreditNote } from '../credit-note.js';

const sourceSchema = z.discriminatedUnion('via', [
  z.object({ via: z.literal('api'), apiKey: z.string() }),
  z.object({ via: z.literal('file'), file: z.string(), line: z.number().int() }),
  z.object({ via: z.literal('dispute'), disputeId: z.string(), by: z.string() }),
  z.object({ via: z.literal('user'), user: z.string() }),
]);

/** A stored credit note (and its copy in the customer-credit list), parsed instead of cast. */
export const creditNoteItemSchema = z.object({
  tenantId: z.string(),
  creditNoteNumber: z.string(),
  customerId: z.string(),
  currency: z.string(),
  amount: z.number().int(),
  issueDate: z.string(),
  reason: z.string().optional(),
  allocations: z.array(z.object({ invoiceNumber: z.string(), amount: z.number().int(), at: z.string(), requestId: z.string().optional() })),
  unappliedAmount: z.number().int(),
  contentHash: z.string(),
  source: sourceSchema,
  recordedAt: z.string(),
});

/** Compile-time proof that the schema reads exactly the domain's type (kernel/adapters/dynamo-items.ts explains). */
export const creditNoteItemsMatchTheDomain: { creditNote: Same<z.output<typeof creditNoteItemSchema>, CreditNote> } = { creditNote: true };
