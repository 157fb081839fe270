import * as z from 'zod';
import { roles, scopes } from './scopes.js';

// The request and response bodies of the identity routes (docs/access.md), for the edge and the OpenAPI document.

export const apiKeyIdSchema = z.string().regex(/^key_[0-9a-f]{20}$/, 'must be a key id such as key_0123456789abcdef0123');

export const createApiKeyRequestSchema = z.strictObject({
  label: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  scopes: z
    .array(z.enum(scopes, { error: `must be one of ${scopes.join(', ')}` }))
    .min(1, 'must name at least one scope')
    .refine((list) => new Set(list).size === list.length, 'must not repeat a scope'),
  /** Absent or null: the key does not expire. */
  expiresAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2027-06-30T00:00:00Z' }).nullable().optional(),
});
export type CreateApiKeyRequest = z.infer<typeof createApiKeyRequestSchema>;

export const apiKeySchema = z.object({
  id: apiKeyIdSchema,
  label: z.string(),
  scopes: z.array(z.enum(scopes)),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  createdBy: z.string(),
});

/** 201: the key's secret, shown this once. */
export const createApiKeyResponseSchema = z.object({ key: apiKeySchema, secret: z.string() });

export const listApiKeysQuerySchema = z.object({
  limit: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be 1 to 100').max(100, 'must be 1 to 100').default(50),
  cursor: z.string().max(500, 'must be a nextCursor from a previous page').optional(),
});

export const listApiKeysResponseSchema = z.object({ items: z.array(apiKeySchema), nextCursor: z.string().nullable() });

export const sessionRequestSchema = z.strictObject({
  username: z.string().trim().min(1, 'must not be empty').max(128, 'must be at most 128 characters'),
  password: z.string().min(1, 'must not be empty').max(256, 'must be at most 256 characters'),
});

/** The ID token is the bearer credential: sent as `Authorization: Bearer <idToken>`, kept in memory by the page. */
export const sessionResponseSchema = z.object({ idToken: z.string(), tokenType: z.literal('Bearer'), expiresIn: z.number().int() });

export const meResponseSchema = z.object({
  tenantId: z.string(),
  actor: z.string(),
  kind: z.enum(['user', 'key']),
  role: z.enum(roles).nullable(),
  scopes: z.array(z.enum(scopes)),
});
