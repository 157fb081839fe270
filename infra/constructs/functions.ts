import { join, posix } from 'node:path';
import type { FunctionPurpose } from '../../wiring/function-purposes.js';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * API functions answer behind API Gateway, whose HTTP API integrations give up after 30 s: 29 s lets
 * the function fail first, with its own error and log line. Workflow tasks get 60 s, the
 * `TimeoutSeconds` of their Task states in the ASL.
 */
export const functionTimeouts: Record<FunctionPurpose, Duration> = {
  api: Duration.seconds(29),
  workflow: Duration.seconds(60),
  // Lambda's maximum: an import hands itself on before it runs out (shared/imports/import-file.ts).
  import: Duration.minutes(15),
  // A stream batch of up to 100 records, 10 per PutEvents call.
  stream: Duration.seconds(60),
  // The weekly digest reads every invoice of each subscribed tenant and assesses every customer.
  scheduled: Duration.minutes(15),
};

/** Observability settings every arflow function shares (shared/kernel/adapters/observability.ts reads them). */
export const commonEnvironment = {
  POWERTOOLS_SERVICE_NAME: 'arflow',
  POWERTOOLS_METRICS_NAMESPACE: 'arflow',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  NODE_OPTIONS: '--enable-source-maps',
} as const;

/** esbuild emits ESM; bundled CommonJS dependencies still call `require`, which ESM lacks. */
export const esmRequireBanner = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** Every function's memory; bench/cost.ts prices Lambda duration with it. */
export const functionMemoryMb = 512;

/**
 * How every function is bundled. bench/bundles.ts and test/infra/bundle-size.test.ts build the
 * handlers with these same options to measure what a deployment ships.
 */
export const functionBundling = {
  format: nodejs.OutputFormat.ESM,
  target: 'node22',
  // ESM entry points first, so esbuild can tree-shake the AWS SDK v3 packages.
  mainFields: ['module', 'main'],
  banner: esmRequireBanner,
  minify: true,
  sourceMap: true,
  // Stack traces need the mappings, not the sources: keeps the zip small.
  sourcesContent: false,
  // Bundle the AWS SDK v3 rather than use the runtime's copy: the function then runs exactly the
  // SDK versions in package-lock.json that the unit and local-stack tests ran, instead of whatever
  // the runtime ships that week, and tree-shaking keeps only the clients each handler imports.
  externalModules: [],
} satisfies nodejs.BundlingOptions;

export interface ArflowFunctionProps {
  /** The folder under functions/; used in the description so a console user can tell functions apart. */
  name: string;
  /** Absolute path of the handler file. */
  entry: string;
  /** Where package.json and package-lock.json live (esbuild resolves dependencies from here). */
  projectRoot: string;
  purpose: FunctionPurpose;
  /** Function-specific variables, added to `commonEnvironment`. */
  environment: Record<string, string>;
  logRetention: logs.RetentionDays;
  /**
   * A folder (relative to projectRoot) copied next to the bundle as `assets/`, for a handler that serves
   * static files it reads at cold start (`new URL('./assets/', import.meta.url)` works in both places).
   */
  assets?: string;
}

/** Copies `folder` (relative to the project root, which esbuild bundles from) to the bundle's `assets/`. */
export function copyAssetsAfterBundling(folder: string): nodejs.ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    // Posix paths: the commands run in a shell, locally or in the bundling container.
    afterBundling: (inputDir, outputDir) => [`cp -R "${posix.join(inputDir, folder)}" "${posix.join(outputDir, 'assets')}"`],
  };
}

/**
 * One arflow Lambda: bundled with esbuild, arm64, Node.js 22, X-Ray active, its own log group and a role
 * that starts with nothing but writing to that log group. Callers add grants for what it touches.
 */
export class ArflowFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ArflowFunctionProps) {
    super(scope, id);

    // Retained, because 90 days of logs are the evidence of what was sent to whom; they still expire on their own.
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Our own role instead of the default one with AWSLambdaBasicExecutionRole (AwsSolutions-IAM4),
    // which may write to every log group in the account: this one writes to its own log group only.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `arflow ${props.name} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      description: `arflow ${props.name}`,
      entry: props.entry,
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: join(props.projectRoot, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: functionMemoryMb,
      timeout: functionTimeouts[props.purpose],
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      role: this.role,
      environment: { ...commonEnvironment, ...props.environment },
      bundling: { ...functionBundling, ...(props.assets === undefined ? {} : { commandHooks: copyAssetsAfterBundling(props.assets) }) },
    });

    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Pinned to nodejs22.x on purpose: it is the runtime the handlers are bundled for (esbuild target node22) and tested against; moving to a newer runtime is a deliberate change of both, not a side effect of a CDK upgrade.',
    });
    // The finding sits on this role's default policy, so the acknowledgement is on the role; the
    // infra least-privilege test checks that `Resource: *` statements hold X-Ray actions only.
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Tracing.ACTIVE adds xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions, so Resource must be *.',
    });
  }
}
