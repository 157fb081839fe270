import type { TaskTokens } from '../../../shared/escalation/index.js';

/**
 * Records every SendTaskSuccess. A token the test marks gone (its task timed out or its execution
 * was stopped) answers 'gone', as the Step Functions adapter does; the call is recorded either way.
 */
export class FakeTaskTokens implements TaskTokens {
  readonly succeeded: { taskToken: string; output: unknown; result: 'resumed' | 'gone' }[] = [];
  private readonly goneTokens = new Set<string>();

  /** From now on, `taskToken` belongs to no waiting task. */
  gone(taskToken: string): void {
    this.goneTokens.add(taskToken);
  }

  async succeed(taskToken: string, output: unknown): Promise<'resumed' | 'gone'> {
    const result = this.goneTokens.has(taskToken) ? 'gone' : 'resumed';
    this.succeeded.push({ taskToken, output: structuredClone(output), result });
    // A task resumes once; a second success for the same token finds no waiting task.
    this.goneTokens.add(taskToken);
    return result;
  }
}
