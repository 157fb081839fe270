import type { App } from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ArflowStack } from './arflow-stack.js';
import type { DeploymentConfig } from './config.js';
import { stackName, stackSettingsFor } from './config.js';

/**
 * Adds one arflow stack per configured region to `app`, and cdk-nag's AWS Solutions checks.
 * The entry point (infra/bin/app.ts) and the infra tests build the app through this one function.
 */
export function buildArflowApp(app: App, config: DeploymentConfig): ArflowStack[] {
  const stacks = stackSettingsFor(config).map((settings) => {
    const name = stackName(settings);
    return new ArflowStack(app, name, {
      stackName: name,
      env: { region: settings.region, ...(settings.account === undefined ? {} : { account: settings.account }) },
      settings,
    });
  });
  // cdk-nag 3 is a policy-validation plugin (cdk-nag 2's Aspects form fails): synth stops on any
  // unacknowledged error; each acknowledgement sits next to the resource it is about.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stacks;
}
