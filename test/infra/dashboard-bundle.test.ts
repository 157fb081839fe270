import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { App, Stack } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ArflowFunction, copyAssetsAfterBundling } from '../../infra/constructs/functions.js';
import { handlerAssets, handlerEntry, repositoryRoot } from '../../infra/paths.js';

/**
 * The dashboard's handler reads its static files from `assets/` next to itself: functions/dashboard/assets
 * locally, and a copy next to the bundle on Lambda. This bundles it for real (esbuild, as `cdk deploy`
 * does) and asks the bundled handler for the page.
 */
describe('the dashboard function bundle', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'arflow-dashboard-bundle-'));
  after(() => rmSync(outdir, { recursive: true, force: true }));

  it('copies only the functions that have an assets folder, with a posix cp after bundling', () => {
    assert.equal(handlerAssets('dashboard'), 'functions/dashboard/assets');
    assert.equal(handlerAssets('health'), undefined);
    assert.deepEqual(copyAssetsAfterBundling('functions/dashboard/assets').afterBundling('/asset-input', '/asset-output'), [
      'cp -R "/asset-input/functions/dashboard/assets" "/asset-output/assets"',
    ]);
  });

  it('ships the page, its script and its style sheet next to the bundled handler, which serves them', async () => {
    const app = new App({ outdir });
    const stack = new Stack(app, 'DashboardBundle');
    new ArflowFunction(stack, 'Dashboard', {
      name: 'dashboard',
      entry: handlerEntry('dashboard'),
      projectRoot: repositoryRoot,
      purpose: 'api',
      environment: {},
      logRetention: RetentionDays.ONE_DAY,
      assets: handlerAssets('dashboard'),
    });
    app.synth();
    const [bundle, ...others] = readdirSync(outdir).filter((name) => name.startsWith('asset.'));
    assert.ok(bundle, 'the function was bundled');
    assert.deepEqual(others, []);
    const folder = join(outdir, bundle);
    for (const file of ['index.html', 'dashboard.js', 'dashboard.css', 'panels.js', 'work-lists.js', 'charts.js']) assert.ok(existsSync(join(folder, 'assets', file)), file);

    const { handler } = (await import(pathToFileURL(join(folder, 'index.mjs')).href)) as { handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; headers: Record<string, string>; body: string }> };
    const get = (asset?: string) =>
      handler(
        { version: '2.0', routeKey: asset ? 'GET /dashboard/{asset}' : 'GET /dashboard', rawPath: '/dashboard', headers: {}, pathParameters: asset ? { asset } : undefined, requestContext: { http: { method: 'GET' } } },
        { functionName: 'dashboard', awsRequestId: 'test', getRemainingTimeInMillis: () => 29_000 },
      );
    const page = await get();
    assert.equal(page.statusCode, 200);
    assert.equal(page.body, readFileSync(join(repositoryRoot, 'functions/dashboard/assets/index.html'), 'utf8'));
    assert.match(page.headers['content-security-policy'] ?? '', /script-src 'self'/);
    const script = await get('dashboard.js');
    assert.equal(script.statusCode, 200);
    assert.match(script.headers['content-type'] ?? '', /^text\/javascript/);
    assert.equal((await get('index.mjs')).statusCode, 404, 'never the bundle itself');
  });
});
