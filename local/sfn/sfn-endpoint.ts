import { createServer, type Server } from 'node:http';
import { readBody, sendJson } from '../http-util.js';
import { StepFunctionsError, type LocalExecution, type LocalStateMachine } from './local-step-functions.js';

const CONTENT_TYPE = 'application/x-amz-json-1.0';
const epochSeconds = (date: Date | undefined) => (date ? date.getTime() / 1000 : undefined);

/**
 * The slice of the Step Functions API (AWS JSON 1.0 protocol) that arflow's handlers call, so the
 * real @aws-sdk/client-sfn works against the local state machine via AWS_ENDPOINT_URL_SFN.
 */
export function createSfnEndpoint(machines: LocalStateMachine[]): Server {
  const machineFor = (arn: string) => {
    const machine = machines.find((candidate) => arn.startsWith(candidate.stateMachineArn.replace(':stateMachine:', ':execution:') + ':') || arn === candidate.stateMachineArn);
    if (!machine) throw new StepFunctionsError(arn.includes(':execution:') ? 'ExecutionDoesNotExist' : 'StateMachineDoesNotExist', `Unknown ARN: ${arn}`);
    return machine;
  };

  const operations: Record<string, (input: Record<string, string>) => unknown> = {
    StartExecution: (input) => {
      const execution = machineFor(input['stateMachineArn'] ?? '').start(input['name'] ?? crypto.randomUUID(), input['input'] ?? '{}');
      return { executionArn: execution.executionArn, startDate: epochSeconds(execution.startDate) };
    },
    StopExecution: (input) => {
      const execution = machineFor(input['executionArn'] ?? '').stop(input['executionArn'] ?? '', input['error'], input['cause']);
      return { stopDate: epochSeconds(execution.stopDate) };
    },
    DescribeExecution: (input) => describe(machineFor(input['executionArn'] ?? '').describe(input['executionArn'] ?? '')),
    ListExecutions: (input) => listExecutions(machineFor(input['stateMachineArn'] ?? ''), input),
    SendTaskSuccess: (input) => {
      const output = JSON.parse(input['output'] ?? 'null') as unknown;
      tokenOwner(input['taskToken'] ?? '').succeed(input['taskToken'] ?? '', output);
      return {};
    },
    SendTaskFailure: (input) => {
      tokenOwner(input['taskToken'] ?? '').fail(input['taskToken'] ?? '', input['error'] ?? 'TaskFailed', input['cause'] ?? '');
      return {};
    },
    SendTaskHeartbeat: (input) => {
      tokenOwner(input['taskToken'] ?? '').heartbeat(input['taskToken'] ?? '');
      return {};
    },
  };

  /** The machine whose registry issued a token (one machine today; any number works). */
  const tokenOwner = (token: string) => {
    for (const machine of machines) {
      try {
        machine.taskTokens.heartbeat(token);
        return machine.taskTokens;
      } catch {
        // not this machine's token
      }
    }
    throw new StepFunctionsError('TaskDoesNotExist', 'The task token does not belong to a waiting task (it timed out, or its execution ended)');
  };

  return createServer(async (request, response) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = operations[target.replace(/^AWSStepFunctions\./, '')];
    if (!operation) return sendJson(response, 400, { __type: 'UnknownOperationException', message: `The local stack does not emulate ${target}` }, CONTENT_TYPE);
    const body = await readBody(request, 1024 * 1024);
    if (body === 'too-large') return sendJson(response, 400, { __type: 'ValidationException', message: 'Request too large' }, CONTENT_TYPE);
    try {
      sendJson(response, 200, operation(JSON.parse(body.toString('utf8') || '{}')), CONTENT_TYPE);
    } catch (error) {
      const type = error instanceof StepFunctionsError ? error.type : 'InvalidExecutionInput';
      sendJson(response, 400, { __type: type, message: (error as Error).message }, CONTENT_TYPE);
    }
  });
}

/** One page of a machine's executions, newest first as on AWS; `nextToken` is the offset of the next page. */
function listExecutions(machine: LocalStateMachine, input: Record<string, string>) {
  const status = input['statusFilter'];
  const matching = machine
    .list()
    .filter((execution) => status === undefined || execution.status === status)
    .sort((a, b) => b.startDate.getTime() - a.startDate.getTime());
  const pageSize = Math.min(Math.max(Number(input['maxResults'] ?? 100) || 100, 1), 1000);
  const offset = Number(input['nextToken'] ?? 0) || 0;
  const page = matching.slice(offset, offset + pageSize);
  const next = offset + page.length;
  return {
    executions: page.map((execution) => ({
      executionArn: execution.executionArn,
      stateMachineArn: execution.stateMachineArn,
      name: execution.name,
      status: execution.status,
      startDate: epochSeconds(execution.startDate),
      stopDate: epochSeconds(execution.stopDate),
    })),
    ...(next < matching.length ? { nextToken: String(next) } : {}),
  };
}

function describe(execution: LocalExecution) {
  return {
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    input: execution.input,
    output: execution.output,
    error: execution.error,
    cause: execution.cause,
    startDate: epochSeconds(execution.startDate),
    stopDate: epochSeconds(execution.stopDate),
  };
}
