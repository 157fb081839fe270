import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { compileNoticeLayout, layoutOutput } from '../../scripts/build-notice-layout.js';

describe('the notice layout compiled from MJML', () => {
  it('is up to date with shared/notices/layout/notice.mjml', async () => {
    // Compiled here exactly as the script does; a difference means the .mjml changed without a rebuild.
    const expected = await compileNoticeLayout();
    const committed = readFileSync(layoutOutput, 'utf8');
    assert.ok(
      committed === expected,
      'shared/notices/layout/notice-layout.generated.ts is out of date with notice.mjml: run `npm run notices:layout` (npx tsx scripts/build-notice-layout.ts) and commit the result',
    );
  });
});
