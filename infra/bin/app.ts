import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildArflowApp } from '../arflow-app.js';
import type { DeploymentConfig } from '../config.js';
import { CONFIG_FILE_NAME, DeploymentConfigError, readConfigFile, readContext, resolveDeploymentConfig } from '../config.js';
import { repositoryRoot } from '../paths.js';

/**
 * The CDK app (cdk.json runs it): one arflow stack per configured region. Pick the stage with
 * `-c stage=prod`; infra/config.ts lists every setting and where it may come from.
 */
const app = new App();

function loadConfig(): DeploymentConfig {
  try {
    return resolveDeploymentConfig({
      context: readContext(app),
      file: readConfigFile(join(repositoryRoot, CONFIG_FILE_NAME)),
      fileName: CONFIG_FILE_NAME,
    });
  } catch (error) {
    // A configuration mistake is the operator's to fix: print the message, not a stack trace.
    if (!(error instanceof DeploymentConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

buildArflowApp(app, loadConfig());
app.synth();
