import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { App } from 'aws-cdk-lib';
import { buildTestApp } from './fixture.js';

interface ValidationReport {
  pluginReports: { pluginName: string; violations: { ruleName: string; severity: string; violatingConstructs: { constructPath: string }[] }[] }[];
}

interface Acknowledgement {
  path: string;
  ruleId: string;
  reason: string;
}

function acknowledgements(app: App): Acknowledgement[] {
  return app.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          // aws-cdk-lib stores rule ids without a namespace as `Annotation::<id>`.
          ruleId: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

/** What cdk-nag reports when no acknowledgement counts. */
function rawFindings(app: App): { ruleId: string; path: string }[] {
  const ignoringAcknowledgements = new AwsSolutionsChecks();
  // cdk-nag consults this (private) method for every finding; answering "no" shows them all.
  Object.defineProperty(ignoringAcknowledgements, 'isAcknowledged', { value: () => false });
  return ignoringAcknowledgements
    .validateScope(app)
    .violations.flatMap((violation) => violation.violatingResources.map((resource) => ({ ruleId: violation.ruleName, path: resource.constructPath ?? '' })));
}

const covers = (acknowledgement: Acknowledgement, finding: { ruleId: string; path: string }) =>
  acknowledgement.ruleId === finding.ruleId && (finding.path === acknowledgement.path || finding.path.startsWith(`${acknowledgement.path}/`));

const outdirs: string[] = [];
after(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function freshOutdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'arflow-synth-'));
  outdirs.push(dir);
  return dir;
}

describe('cdk-nag AwsSolutions and CloudFormation validation', () => {
  it('synthesizes with no unacknowledged finding, error or warning, from either', () => {
    // Synth throws on an error; warnings only land in the report, so read it too.
    const { app } = buildTestApp({ cloudFormationValidation: true, outdir: freshOutdir() });
    const assembly = app.synth();
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as ValidationReport;
    const findings = report.pluginReports.flatMap((plugin) =>
      plugin.violations.map((violation) => `${plugin.pluginName} ${violation.severity} ${violation.ruleName} at ${violation.violatingConstructs.map((each) => each.constructPath).join(', ')}`),
    );
    assert.deepEqual(findings, []);
  });

  it('acknowledges only findings that are really there, each with a reason', () => {
    const { app } = buildTestApp();
    const findings = rawFindings(app);
    // aws-cdk-lib acknowledges some CloudFormation-Validate rules itself (W3045 on a server-access-logs
    // bucket); those are CDK's, not findings of the AwsSolutions checks that this test compares against.
    const acknowledged = acknowledgements(app).filter((acknowledgement) => acknowledgement.ruleId.startsWith('AwsSolutions-'));
    assert.ok(acknowledged.length > 0, 'the acknowledgements are found');
    for (const acknowledgement of acknowledged) {
      assert.ok(findings.some((finding) => covers(acknowledgement, finding)), `stale acknowledgement ${acknowledgement.ruleId} at ${acknowledgement.path}`);
      assert.ok(acknowledgement.reason.length >= 60, `${acknowledgement.ruleId} at ${acknowledgement.path} needs a specific reason`);
    }
    const uncovered = findings.filter((finding) => !acknowledged.some((acknowledgement) => covers(acknowledgement, finding)));
    assert.deepEqual(uncovered, []);
  });

  it('fails synth on a finding nobody acknowledged', () => {
    const { app, stack } = buildTestApp({ outdir: freshOutdir() });
    const role = new iam.Role(stack, 'Careless', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['dynamodb:*'], resources: ['*'] }));
    assert.throws(() => app.synth(), /AwsSolutions-IAM5\[Action::dynamodb:\*\]/);
  });
});
