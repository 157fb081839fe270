import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../shared/kernel/index.js';
import { noticeLanguages } from '../../shared/notices/index.js';
import { renderReminderNotice } from '../../shared/notices/index.js';
import { validateTemplate, type StoredTemplate } from '../../shared/notices/index.js';
import { openInvoice } from './fixtures.js';

const hostile = '<script>alert("x")</script>';
// The customer's name and PO number come from upstream systems: they must reach the HTML as text only.
const invoice = openInvoice({
  customer: { ...openInvoice().customer, name: hostile },
  poNumber: '<img src=x onerror=alert(1)>',
});
const localeOf = { en: 'en-GB', de: 'de-DE' } as const;

type Stage = { label: string; input: Partial<Parameters<typeof renderReminderNotice>[0]> };
const stages: Stage[] = [
  { label: 'friendly', input: { template: 'friendly' } },
  { label: 'firm', input: { template: 'firm' } },
  { label: 'urgent', input: { template: 'urgent' } },
  { label: 'final', input: { finalNotice: { deadline: new Date('2026-12-31T00:00:00Z'), action: 'agency' } } },
  { label: 'broken-promise', input: { brokenPromise: { date: '2026-12-10' } } },
];

function render(stage: Stage, language: (typeof noticeLanguages)[number], templates: StoredTemplate[] = []) {
  return renderReminderNotice({
    invoice,
    stage: `overdue-7-days-${stage.label}`,
    now: new Date('2026-12-08T08:00:00Z'),
    defaultTimezone: 'UTC',
    senderName: 'Acme Receivables',
    locale: localeOf[language],
    templates,
    ...stage.input,
  });
}

function validationIssues(action: () => void): string[] {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${String(error)}`);
    return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
  assert.fail('the template was accepted');
}

describe('notice rendering per stage and language', () => {
  for (const stage of stages) {
    for (const language of noticeLanguages) {
      it(`renders the ${stage.label} notice in ${language} with every upstream value escaped and a plain-text part`, () => {
        const email = render(stage, language);
        assert.ok(!email.html.includes('<script>'), 'a raw <script> reached the HTML');
        assert.ok(!email.html.includes('<img src=x'), 'a raw <img> reached the HTML');
        assert.ok(email.html.includes('&lt;script&gt;') || !email.html.includes('script'), 'the customer name is shown escaped');
        assert.match(email.text, /INV-1001/);
        assert.ok(email.text.trim().length > 100, 'the plain-text part has the notice, not a stub');
        assert.match(email.html, new RegExp(`<html lang="${localeOf[language]}"`));
      });
    }
    it(`words the ${stage.label} notice differently in German than in English, with German formats`, () => {
      const en = render(stage, 'en');
      const de = render(stage, 'de');
      assert.notEqual(de.subject, en.subject);
      assert.notEqual(de.text, en.text);
      assert.ok(de.text.includes('1.250,00'), 'the amount is formatted for de-DE');
      assert.ok(en.text.includes('1,250.00'), 'the amount is formatted for en-GB');
    });
  }

  it("escapes markup that a tenant's own template text contains", () => {
    const override: StoredTemplate = { kind: 'friendly', language: 'en', subject: 'Invoice {{invoiceNumber}}', body: 'Hello {{customerName}},\n\n<b>Please pay</b> {{amount}}.', updatedAt: '2026-11-01T00:00:00Z' };
    const email = render(stages[0]!, 'en', [override]);
    assert.equal(email.subject, 'Invoice INV-1001');
    assert.ok(email.html.includes('&lt;b&gt;Please pay&lt;/b&gt;'));
    assert.ok(!email.html.includes('<b>Please pay'));
    assert.ok(email.text.includes('<b>Please pay</b>'), 'plain text keeps the characters as written');
  });
});

describe('validateTemplate', () => {
  it('accepts a template that uses only the variables of its kind', () => {
    validateTemplate('firm', { subject: 'Invoice {{invoiceNumber}} is {{daysOverdueText}}', body: 'Dear {{customerName}},\n\n{{#overdue}}Please pay {{amount}} now.{{/overdue}}{{! a comment }}' });
  });

  const refused: [string, { subject: string; body: string }, RegExp][] = [
    ['a triple mustache', { subject: 'x', body: '{{{customerName}}}' }, /body: .*not allowed: every value is escaped/],
    ['an ampersand tag', { subject: '{{& customerName}}', body: 'x' }, /subject: .*not allowed: every value is escaped/],
    ['a partial', { subject: 'x', body: '{{> footer}}' }, /body: partials/],
    ['a delimiter change', { subject: 'x', body: '{{=<% %>=}} <% customerName %>' }, /body: changing the delimiters/],
    ['an unknown variable', { subject: 'x', body: 'Hi {{customerNmae}}' }, /body: unknown variable customerNmae; a friendly template may use customerName/],
    ['text that does not parse', { subject: 'x', body: '{{#overdue}} never closed' }, /body: does not parse/],
    ["a variable of another kind (a statement's total in a reminder)", { subject: '{{total}}', body: 'x' }, /subject: unknown variable total/],
  ];
  for (const [what, template, expected] of refused) {
    it(`refuses ${what}, naming the field and the reason`, () => {
      const issues = validationIssues(() => validateTemplate('friendly', template));
      assert.ok(issues.some((issue) => expected.test(issue)), `issues were: ${issues.join(' | ')}`);
    });
  }
});
