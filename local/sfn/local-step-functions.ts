import type { LocalClock } from '../clock.js';
import type { LocalMeter } from '../metering/local-meter.js';
import { loadAslRuntime } from './load-asl-runtime.js';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface LocalExecution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: Date;
  stopDate?: Date;
  abort?: () => void;
}

/** A Lambda task, as the local stack runs it: JSON in, JSON out, errors thrown with their name. */
export type LocalTask = (input: unknown) => Promise<unknown>;

export class StepFunctionsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

interface AslState {
  Type: string;
  Resource?: string;
}

const WAIT_FOR_TASK_TOKEN = /^arn:aws:states:::lambda:invoke\.waitForTaskToken$/;

interface PendingTask {
  executionName: string;
  promise: Promise<unknown>;
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * Task tokens, which aws-local-stepfunctions lacks: `$$.Task.Token` issues one per evaluation, the
 * `.waitForTaskToken` state waits on it, and SendTaskSuccess/SendTaskFailure (sfn-endpoint.ts)
 * settle it. A token settled before its state starts waiting is kept until it does.
 */
class TaskTokenRegistry {
  private readonly pending = new Map<string, PendingTask>();

  issue(executionName: string): string {
    const token = `local-${executionName}-${crypto.randomUUID()}`;
    let resolve!: (output: unknown) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => undefined); // settled before anyone waits: not an unhandled rejection
    this.pending.set(token, { executionName, promise, resolve, reject });
    return token;
  }

  wait(token: string): Promise<unknown> {
    const task = this.pending.get(token);
    if (!task) throw new StepFunctionsError('TaskDoesNotExist', `Unknown task token ${token}`);
    return task.promise.finally(() => this.pending.delete(token));
  }

  succeed(token: string, output: unknown): void {
    this.take(token).resolve(output);
  }

  fail(token: string, error: string, cause: string): void {
    this.take(token).reject(Object.assign(new Error(cause), { name: error }));
  }

  heartbeat(token: string): void {
    this.take(token, false);
  }

  forget(executionName: string): void {
    for (const [token, task] of this.pending) if (task.executionName === executionName) this.pending.delete(token);
  }

  private take(token: string, remove = true): PendingTask {
    const task = this.pending.get(token);
    if (!task) throw new StepFunctionsError('TaskDoesNotExist', 'The task token does not belong to a waiting task (it timed out, or its execution ended)');
    if (remove) this.pending.delete(token);
    return task;
  }
}

/**
 * One state machine, executed by aws-local-stepfunctions on the local clock. Executions live in
 * memory (the emulator has no persistence); the local stack restarts open invoices' workflows on
 * boot, which is safe because the workflow is re-entrant.
 */
export class LocalStateMachine {
  private readonly executions = new Map<string, LocalExecution>();
  private readonly machine: InstanceType<ReturnType<typeof loadAslRuntime>['StateMachine']>;
  private readonly taskOverrides: Record<string, (input: unknown) => Promise<unknown>>;
  readonly taskTokens = new TaskTokenRegistry();

  constructor(
    readonly stateMachineArn: string,
    definition: string,
    tasksByResource: Record<string, LocalTask>,
    private readonly clock: LocalClock,
    /** Counts state transitions as AWS bills them (each state entered, each retry); benchmarks only. */
    private readonly meter?: LocalMeter,
  ) {
    const { StateMachine } = loadAslRuntime(clock);
    const parsed = JSON.parse(definition) as { States: Record<string, AslState> };
    this.machine = new StateMachine(parsed as never, { validationOptions: { checkArn: true, checkPaths: true } });
    // The library's overrides are per state name; ours are per Lambda ARN, as in AWS.
    this.taskOverrides = {};
    for (const [stateName, state] of Object.entries(parsed.States)) {
      if (state.Type !== 'Task') continue;
      if (state.Resource && WAIT_FOR_TASK_TOKEN.test(state.Resource)) {
        this.taskOverrides[stateName] = this.waitForTaskToken(stateName, tasksByResource);
        continue;
      }
      const task = state.Resource ? tasksByResource[state.Resource] : undefined;
      if (!task) throw new Error(`Task state ${stateName} calls ${state.Resource}, which the local stack does not provide`);
      this.taskOverrides[stateName] = task;
    }
  }

  start(name: string, input: string): LocalExecution {
    const existing = this.executions.get(name);
    if (existing) {
      // AWS: same name and input while running is idempotent; anything else already exists.
      if (existing.status === 'RUNNING' && existing.input === input) return existing;
      throw new StepFunctionsError('ExecutionAlreadyExists', `Execution ${name} already exists`);
    }
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) throw new StepFunctionsError('InvalidName', `Invalid execution name: ${name}`);
    const parsedInput: unknown = JSON.parse(input);
    const execution: LocalExecution = {
      executionArn: `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`,
      stateMachineArn: this.stateMachineArn,
      name,
      status: 'RUNNING',
      input,
      startDate: this.clock.now(),
    };
    this.executions.set(name, execution);
    const tokens = this.taskTokens;
    const context = { Task: { get Token() { return tokens.issue(name); } } };
    const run = this.machine.run(parsedInput as never, { overrides: { taskResourceLocalHandlers: this.taskOverrides as never }, noThrowOnAbort: true, context });
    execution.abort = run.abort;
    if (this.meter) void this.countTransitions(run.eventLogs, this.meter);
    run.result.then(
      (output) => {
        if (execution.status !== 'RUNNING') return;
        this.finish(execution, 'SUCCEEDED');
        execution.output = JSON.stringify(output ?? null);
      },
      (error: Error) => {
        if (execution.status !== 'RUNNING') return;
        this.finish(execution, error.name === 'ExecutionTimeoutError' ? 'TIMED_OUT' : 'FAILED');
        // The library wraps the state's error (e.g. a Fail state's Error/Cause) in an ExecutionError.
        const failure = error.cause instanceof Error ? error.cause : error;
        execution.error = failure.name;
        execution.cause = failure.message;
      },
    );
    return execution;
  }

  stop(executionArn: string, error?: string, cause?: string): LocalExecution {
    const execution = this.byArn(executionArn);
    if (execution.status === 'RUNNING') {
      this.finish(execution, 'ABORTED');
      execution.error = error;
      execution.cause = cause;
      execution.abort?.();
    }
    return execution;
  }

  describe(executionArn: string): LocalExecution {
    return this.byArn(executionArn);
  }

  list(): LocalExecution[] {
    return [...this.executions.values()];
  }

  private finish(execution: LocalExecution, status: ExecutionStatus): void {
    execution.status = status;
    execution.stopDate = this.clock.now();
    this.taskTokens.forget(execution.name);
  }

  /** `lambda:invoke.waitForTaskToken`: invoke the function with its payload, then wait for the token. */
  private waitForTaskToken(stateName: string, tasksByResource: Record<string, LocalTask>) {
    return async (input: unknown): Promise<unknown> => {
      const { FunctionName, Payload } = (input ?? {}) as { FunctionName?: string; Payload?: { taskToken?: string } };
      const task = FunctionName ? tasksByResource[FunctionName] : undefined;
      if (!task) throw new Error(`Task state ${stateName} invokes ${FunctionName}, which the local stack does not provide`);
      const token = Payload?.taskToken;
      if (!token) throw new Error(`Task state ${stateName} passes no taskToken ($$.Task.Token) in its Payload`);
      await task(Payload);
      // Waiting is not work in progress: the virtual clock may move on while a person decides.
      return this.taskTokens.wait(token);
    };
  }

  private async countTransitions(events: AsyncIterable<{ type: string }>, meter: LocalMeter): Promise<void> {
    for await (const event of events) if (event.type === 'StateEntered' || event.type === 'StateRetried') meter.transition();
  }

  private byArn(executionArn: string): LocalExecution {
    const name = executionArn.split(':').at(-1) ?? '';
    const execution = this.executions.get(name);
    if (!execution || execution.executionArn !== executionArn) throw new StepFunctionsError('ExecutionDoesNotExist', `Execution does not exist: ${executionArn}`);
    return execution;
  }
}
