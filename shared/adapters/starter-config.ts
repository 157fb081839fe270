import * as z from 'zod';

/**
 * Settings of the workflow starter, read once at cold start (the CDK app and the local stack set them).
 * WORKFLOW_STARTS_PER_SECOND paces StartExecution per starter instance; see infra/workflow-starter.ts.
 */
const starterEnvironmentSchema = z.object({
  WORKFLOW_STARTS_PER_SECOND: z.coerce.number().positive().max(10_000).default(40),
});

export function readStarterEnvironment(env: NodeJS.ProcessEnv = process.env): z.infer<typeof starterEnvironmentSchema> {
  const parsed = starterEnvironmentSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`arflow workflow starter configuration is invalid: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  return parsed.data;
}
