
/** Resumes a workflow that waits for a human decision (Step Functions task tokens). */
export interface TaskTokens {
  succeed(taskToken: string, output: unknown): Promise<'resumed' | 'gone'>;
}
