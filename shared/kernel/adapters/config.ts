import * as z from 'zod';

/**
 * The widest notice spread (shared/reminders/send-spread.ts) a deployment may set: the functions' NOTICE_SPREAD_MINUTES
 * and the infra config's `noticeSpreadMinutes` (infra/config.ts) both refuse more. Here rather than in
 * send-spread.ts, which would bring luxon into every function's bundle that reads its environment.
 */
export const MAX_NOTICE_SPREAD_MINUTES = 480;

/**
 * The environment every arflow Lambda reads, once, at cold start. The CDK app sets these names;
 * the local stack sets the same ones.
 */
const environmentSchema = z.object({
  TABLE_NAME: z.string().min(1),
  STATE_MACHINE_ARN: z.string().min(1).optional(),
  SENDER_EMAIL: z.string().min(3).optional(),
  SENDER_NAME: z.string().min(1).default('Accounts Receivable'),
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  /** Base URL of the public API, for links in emails. */
  PUBLIC_API_URL: z.url().optional(),
  /** The EventBridge bus business events go to (the event relay only). */
  EVENT_BUS_NAME: z.string().min(1).optional(),
  /** Comma-separated SES identities (domains or addresses) tenants may send from (infra config `tenantSenderIdentities`). */
  TENANT_SENDER_IDENTITIES: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((identity) => identity.trim().toLowerCase()).filter((identity) => identity !== '')),
  /** Minutes over which notices are spread after the sending window opens (infra config `noticeSpreadMinutes`). */
  NOTICE_SPREAD_MINUTES: z.coerce.number().int().min(0).max(MAX_NOTICE_SPREAD_MINUTES).optional(),
  /**
   * Workflow starts per second, per invocation: the import's (IMPORT_STARTS_PER_SECOND, see
   * infra/constructs/ingest.ts) and the stream's starter's (WORKFLOW_STARTS_PER_SECOND, see
   * wiring/workflow-starter.ts), which keep arflow under the StartExecution quota.
   */
  IMPORT_STARTS_PER_SECOND: z.coerce.number().positive().max(10_000).default(40),
  WORKFLOW_STARTS_PER_SECOND: z.coerce.number().positive().max(10_000).default(40),
  /** The people's user pool (docs/access.md): its issuer URL (the JWKS is under it) and the app client the workspace signs in with. */
  USER_POOL_ISSUER: z.url().optional(),
  USER_POOL_CLIENT_ID: z.string().min(1).optional(),
});

export type ArflowEnvironment = z.infer<typeof environmentSchema>;

export const environmentVariableNames = Object.keys(environmentSchema.shape) as (keyof ArflowEnvironment)[];

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): ArflowEnvironment {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`arflow configuration is invalid: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  return parsed.data;
}

export function required<K extends keyof ArflowEnvironment>(env: ArflowEnvironment, name: K): NonNullable<ArflowEnvironment[K]> {
  const value = env[name];
  if (value === undefined) throw new Error(`Environment variable ${name} is required by this function`);
  return value as NonNullable<ArflowEnvironment[K]>;
}
