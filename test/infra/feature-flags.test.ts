import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FLAGS } from 'aws-cdk-lib/cx-api';
import { repositoryRoot } from '../../infra/paths.js';

const context = (JSON.parse(readFileSync(join(repositoryRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;
// The CLI's own list of flags it no longer reports (aws-cdk's FlagOperations).
const obsolete = new Set(['@aws-cdk/core:enableStackNameDuplicates', '@aws-cdk/aws-s3:grantWriteWithoutAcl', '@aws-cdk/aws-kms:defaultKeyPolicies']);

/**
 * `cdk synth` warns "N feature flags are not configured" for each flag left unset whose default differs
 * from CDK's recommendation (aws-cdk FlagOperations.filterNeedsAttention). cdk.json pins them.
 */
describe('CDK feature flags', () => {
  it('configures every flag whose default is not the recommended value, so synth prints no notice', () => {
    const unconfigured = Object.entries(FLAGS).filter(([name, flag]) => !obsolete.has(name) && !(name in context) && (flag.unconfiguredBehavesLike?.v2 ?? false) !== flag.recommendedValue);
    assert.deepEqual(unconfigured.map(([name]) => name), []);
  });

  it('names only flags this aws-cdk-lib knows (a typo would configure nothing)', () => {
    const unknown = Object.keys(context).filter((key) => key.startsWith('@aws-cdk') && !(key in FLAGS));
    assert.deepEqual(unknown, []);
  });
});
