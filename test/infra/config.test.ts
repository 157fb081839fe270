import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DeploymentConfigError, readConfigFile, resolveDeploymentConfig, stackName, stackSettingsFor } from '../../infra/config.js';
import { repositoryRoot } from '../../infra/paths.js';

const file = {
  stages: {
    dev: { regions: ['eu-west-1'] },
    prod: {
      regions: ['eu-west-1', 'us-east-1'],
      account: '123456789012',
      senderEmail: 'ar@billing.example.org',
      senderName: 'Example Ltd Accounts',
      alarmEmail: 'oncall@example.org',
      manageSenderIdentity: true,
    },
  },
};

function rejects(sources: Parameters<typeof resolveDeploymentConfig>[0], message: RegExp): void {
  assert.throws(() => resolveDeploymentConfig(sources), (error: unknown) => error instanceof DeploymentConfigError && message.test(error.message));
}

describe('deployment config', () => {
  it('defaults to the dev stage in us-east-1 with a placeholder sender and no managed identity', () => {
    assert.deepEqual(resolveDeploymentConfig({ context: {} }), {
      stage: 'dev',
      regions: ['us-east-1'],
      sender: { email: 'collections@example.com', name: 'Accounts Receivable', manageIdentity: false },
    });
  });

  it('takes one region, or a comma list of regions giving one stack each', () => {
    assert.deepEqual(resolveDeploymentConfig({ context: { region: 'eu-central-1' } }).regions, ['eu-central-1']);
    const config = resolveDeploymentConfig({ context: { stage: 'prod', regions: ' eu-west-1, us-east-1 ,eu-west-1' } });
    assert.deepEqual(config.regions, ['eu-west-1', 'us-east-1']);
    assert.deepEqual(stackSettingsFor(config).map(stackName), ['Arflow-prod-eu-west-1', 'Arflow-prod-us-east-1']);
    assert.deepEqual(resolveDeploymentConfig({ context: { regions: ['ap-south-1'] } }).regions, ['ap-south-1']);
  });

  it('reads the selected stage from arflow.config.json', () => {
    assert.deepEqual(resolveDeploymentConfig({ context: { stage: 'prod' }, file }), {
      stage: 'prod',
      regions: ['eu-west-1', 'us-east-1'],
      account: '123456789012',
      sender: { email: 'ar@billing.example.org', name: 'Example Ltd Accounts', manageIdentity: true },
      alarmEmail: 'oncall@example.org',
    });
  });

  it('accepts the documented example, infra/arflow.config.example.json', () => {
    const example = readConfigFile(join(repositoryRoot, 'infra', 'arflow.config.example.json'));
    assert.deepEqual(resolveDeploymentConfig({ context: { stage: 'prod' }, file: example }).regions, ['eu-west-1', 'us-east-1']);
  });

  it('lets context win over the file, setting by setting', () => {
    const config = resolveDeploymentConfig({ context: { stage: 'prod', region: 'eu-north-1', senderName: 'Override', manageSenderIdentity: 'false' }, file });
    assert.deepEqual(config.regions, ['eu-north-1']);
    assert.equal(config.sender.name, 'Override');
    assert.equal(config.sender.manageIdentity, false);
    assert.equal(config.sender.email, 'ar@billing.example.org');
    assert.equal(config.account, '123456789012');
  });

  it('rejects a stage the file does not list, unless context names the region', () => {
    rejects({ context: { stage: 'prd' }, file }, /stage 'prd' is not in arflow\.config\.json \(stages there: dev, prod\)/);
    assert.deepEqual(resolveDeploymentConfig({ context: { stage: 'qa', region: 'eu-west-1' }, file }).regions, ['eu-west-1']);
  });

  it('takes the weekly digest schedule from context or the stage, and refuses one EventBridge would not', () => {
    assert.equal(resolveDeploymentConfig({ context: {} }).digestSchedule, undefined, 'the stack then uses Mondays 07:00 UTC');
    const fromFile = resolveDeploymentConfig({ context: { stage: 'dev' }, file: { stages: { dev: { regions: ['eu-west-1'], digestSchedule: 'cron(0 6 ? * FRI *)' } } } });
    assert.deepEqual(stackSettingsFor(fromFile).map((settings) => settings.digestSchedule), ['cron(0 6 ? * FRI *)']);
    assert.equal(resolveDeploymentConfig({ context: { digestSchedule: 'rate(7 days)' } }).digestSchedule, 'rate(7 days)');
    rejects({ context: { digestSchedule: 'every monday' } }, /context digestSchedule: an EventBridge schedule expression/);
  });

  it('rejects region and regions together', () => {
    rejects({ context: { region: 'eu-west-1', regions: 'us-east-1' } }, /either -c region=\.\.\. or -c regions=a,b/);
  });

  it('names the setting and the source of each invalid value', () => {
    rejects({ context: { region: 'europe' } }, /context region: not an AWS region name/);
    rejects({ context: { regions: 'eu-west-1,mars' } }, /context regions\.1: not an AWS region name/);
    rejects({ context: { account: '12345' } }, /context account: an AWS account id is 12 digits/);
    rejects({ context: { stage: 'Prod' } }, /context stage: a stage is/);
    rejects({ context: { senderEmail: 'not-an-address' } }, /context senderEmail: not an email address/);
    rejects({ context: { senderName: 'Evil\r\nBcc: x@example.org' } }, /context senderName: a sender name has no line breaks/);
    rejects({ context: { manageSenderIdentity: 'yes' } }, /context manageSenderIdentity/);
    rejects({ context: {}, file: { stages: { dev: { regions: [] } } } }, /arflow\.config\.json stages\.dev\.regions: list at least one region/);
    rejects({ context: {}, file: { stages: { dev: { regions: ['eu-west-1'], sender: 'x' } } } }, /arflow\.config\.json stages\.dev: Unrecognized key/);
  });

  it('reads no file when there is none, and names the file when it is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'arflow-config-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    assert.equal(readConfigFile(join(dir, 'arflow.config.json')), undefined);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "stages": ');
    assert.throws(() => readConfigFile(broken), (error: unknown) => error instanceof DeploymentConfigError && error.message.includes(broken));
  });
});
