import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { buildArflowApp } from '../../infra/arflow-app.js';
import type { ArflowStack } from '../../infra/arflow-stack.js';
import type { ConfigSources } from '../../infra/config.js';
import { readContext, resolveDeploymentConfig } from '../../infra/config.js';
import { repositoryRoot } from '../../infra/paths.js';

/** The feature flags the CLI passes from cdk.json, so tests see the template `cdk synth` produces. */
const cdkJsonContext = (JSON.parse(readFileSync(join(repositoryRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

export interface TestAppOptions {
  /** Deployment settings as `-c key=value` would give them. */
  context?: ConfigSources['context'];
  /** arflow.config.json content. */
  file?: unknown;
  /**
   * Run CDK's built-in CloudFormation schema validation at synth. It takes seconds, so only the
   * synth test turns it on.
   */
  cloudFormationValidation?: boolean;
  outdir?: string;
}

export interface TestApp {
  app: App;
  stacks: ArflowStack[];
  stack: ArflowStack;
  /** The first stack's template, synthesized on first use. */
  readonly template: Template;
}

/**
 * The real app (infra/arflow-app.ts, cdk-nag included) with bundling skipped: handlers are not built,
 * which takes a test from seconds to a fraction of one. The region defaults to eu-west-1 unless given.
 */
export function buildTestApp(options: TestAppOptions = {}): TestApp {
  const app = new App({
    context: {
      ...cdkJsonContext,
      ...(options.context?.region === undefined && options.context?.regions === undefined ? { region: 'eu-west-1' } : {}),
      ...options.context,
      'aws:cdk:bundling-stacks': [],
      // Validation failures then throw with the whole report in the message.
      '@aws-cdk/core:appMode': 'inmemory',
    },
    builtinCloudFormationValidation: options.cloudFormationValidation ?? false,
    ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
  });
  const stacks = buildArflowApp(app, resolveDeploymentConfig({ context: readContext(app), file: options.file }));
  const [stack] = stacks;
  if (stack === undefined) throw new Error('The app has no stack');
  let template: Template | undefined;
  return {
    app,
    stacks,
    stack,
    get template() {
      template ??= Template.fromStack(stack);
      return template;
    },
  };
}

export function logicalIdOf(stack: ArflowStack, construct: IConstruct): string {
  // `logicalId` honours overrideLogicalId; stack.getLogicalId would give the allocated one.
  const resource = (construct.node.defaultChild ?? construct) as CfnElement;
  return stack.resolve(resource.logicalId) as string;
}

export interface PolicyStatement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

export function actionsOf(statements: PolicyStatement[]): Set<string> {
  return new Set(statements.flatMap((statement) => [statement.Action].flat()));
}

/** Every statement of every IAM policy attached to the role, plus the role's inline policies. */
export function roleStatements(template: Template, roleLogicalId: string): PolicyStatement[] {
  const role = template.findResources('AWS::IAM::Role')[roleLogicalId] as { Properties: { Policies?: { PolicyDocument: { Statement: PolicyStatement[] } }[] } } | undefined;
  if (role === undefined) throw new Error(`No role ${roleLogicalId}`);
  const inline = (role.Properties.Policies ?? []).flatMap((policy) => policy.PolicyDocument.Statement);
  const attached = Object.values(template.findResources('AWS::IAM::Policy'))
    .map((policy) => policy as { Properties: { Roles: { Ref?: string }[]; PolicyDocument: { Statement: PolicyStatement[] } } })
    .filter((policy) => policy.Properties.Roles.some((role) => role.Ref === roleLogicalId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
  return [...inline, ...attached];
}

/** The statements granted to the named function's role (the folder name under functions/). */
export function functionStatements(test: TestApp, functionName: string): PolicyStatement[] {
  const created = test.stack.functions.get(functionName);
  if (created === undefined) throw new Error(`No function ${functionName}`);
  return roleStatements(test.template, logicalIdOf(test.stack, created.role));
}
