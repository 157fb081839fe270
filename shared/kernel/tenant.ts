import * as z from 'zod';

/** Tenant ids prefix every key, so they are restricted to a safe alphabet. */
export const tenantIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be 1-40 lowercase letters, digits or hyphens');

export type TenantId = z.infer<typeof tenantIdSchema>;
