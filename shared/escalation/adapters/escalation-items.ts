import * as z from 'zod';
import { escalationActions } from '../../policies/index.js';
import type { DecisionLink } from '../escalation.js';
import type { Same } from '../../kernel/index.js';

export const linkItemSchema = z.object({
  linkId: z.string(),
  tenantId: z.string(),
  invoiceNumber: z.string(),
  escalationId: z.string(),
  decision: z.enum(escalationActions),
  approver: z.string(),
  expiresAt: z.number(),
  usedAt: z.string().optional(),
});

/** Compile-time proof that these schemas read exactly the domain's types (kernel/adapters/dynamo-items.ts explains). */
export const escalationItemsMatchTheDomain: { link: Same<z.output<typeof linkItemSchema>, DecisionLink> } = { link: true };
