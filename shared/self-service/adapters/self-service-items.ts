import { resolutionItemSchema } from '../../invoicing/index.js';
import * as z from 'zod';
import { customerActions } from '../self-service.js';
import type { CustomerLink, DisputeListing } from '../self-service.js';
import type { Same } from '../../kernel/index.js';

export const customerLinkItemSchema = z.object({
  linkId: z.string(),
  tenantId: z.string(),
  invoiceNumber: z.string(),
  stage: z.string(),
  expiresAt: z.number(),
  used: z.partialRecord(z.enum(customerActions), z.string()).optional(),
});

export const disputeListingItemSchema = z.object({
  disputeId: z.string(),
  invoiceNumber: z.string(),
  customerId: z.string(),
  reason: z.string(),
  openedAt: z.string(),
  balance: z.number().int(),
  currency: z.string(),
  status: z.literal('resolved').optional(),
  resolvedAt: z.string().optional(),
  resolution: resolutionItemSchema.optional(),
});

/** Compile-time proof that these schemas read exactly the domain's types (kernel/adapters/dynamo-items.ts explains). */
export const selfServiceItemsMatchTheDomain: { customerLink: Same<z.output<typeof customerLinkItemSchema>, CustomerLink>; disputeListing: Same<z.output<typeof disputeListingItemSchema>, DisputeListing> } = { customerLink: true, disputeListing: true };
