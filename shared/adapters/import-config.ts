import * as z from 'zod';

/**
 * Settings of the import function, read once at cold start (the CDK app and the local stack set them).
 * IMPORT_STARTS_PER_SECOND paces workflow starts per invocation; see infra/constructs/ingest.ts for how
 * it and the function's reserved concurrency keep imports under the Step Functions StartExecution quota.
 */
const importEnvironmentSchema = z.object({
  IMPORT_STARTS_PER_SECOND: z.coerce.number().positive().max(10_000).default(40),
});

export type ImportEnvironment = z.infer<typeof importEnvironmentSchema>;

export function readImportEnvironment(env: NodeJS.ProcessEnv = process.env): ImportEnvironment {
  const parsed = importEnvironmentSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`arflow import configuration is invalid: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  return parsed.data;
}
