import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { StoredTemplate } from '../../shared/notices/index.js';
import { forEachStore, uniqueTenant } from './support/stores.js';

// A tenant's branding and template overrides, held to the same behaviour on DynamoDB Local and in memory.

const template = (kind: StoredTemplate['kind'], language: StoredTemplate['language'], subject: string): StoredTemplate => ({
  kind,
  language,
  subject,
  body: 'Invoice {{invoiceNumber}} is {{status}}.',
  updatedAt: '2026-12-08T08:00:00.000Z',
});

forEachStore((_name, makeStores) => {
  it('has no branding until one is put, then reads back the last one put, for its tenant only', async () => {
    const { noticeSettings } = makeStores();
    const tenant = uniqueTenant();
    assert.equal(await noticeSettings.branding(tenant), undefined);
    await noticeSettings.putBranding(tenant, { displayName: 'Acme Receivables', colours: {} }, '2026-12-08T08:00:00.000Z');
    await noticeSettings.putBranding(tenant, { displayName: 'Acme Collections', colours: { primary: '#112233' } }, '2026-12-09T08:00:00.000Z');
    assert.deepEqual(await noticeSettings.branding(tenant), { displayName: 'Acme Collections', colours: { primary: '#112233' }, updatedAt: '2026-12-09T08:00:00.000Z' });
    assert.equal(await noticeSettings.branding(uniqueTenant()), undefined);
  });

  it('keeps one override per kind and language, replaces it on a second put, and deletes it once', async () => {
    const { noticeSettings } = makeStores();
    const tenant = uniqueTenant();
    await noticeSettings.putTemplate(tenant, template('friendly', 'en', 'first'));
    await noticeSettings.putTemplate(tenant, template('friendly', 'en', 'second'));
    await noticeSettings.putTemplate(tenant, template('friendly', 'de', 'erste'));
    const stored = (await noticeSettings.templates(tenant)).map((t) => [t.kind, t.language, t.subject]).sort();
    assert.deepEqual(stored, [['friendly', 'de', 'erste'], ['friendly', 'en', 'second']]);
    assert.deepEqual(await noticeSettings.templates(uniqueTenant()), []);
    assert.equal(await noticeSettings.deleteTemplate(tenant, 'friendly', 'en'), true);
    assert.equal(await noticeSettings.deleteTemplate(tenant, 'friendly', 'en'), false);
    assert.deepEqual((await noticeSettings.templates(tenant)).map((t) => t.language), ['de']);
  });
});
