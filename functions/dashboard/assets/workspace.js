// @ts-check
/**
 * The collections workspace: a worklist, search, the invoice page with a collector's actions and the
 * customer page, all read and done through the arflow API (docs/workspace.md). Views follow the URL's
 * hash (#worklist, #search/<text>, #invoice/<number>, #customer/<id>) so the browser's back button and
 * links work without a server route per view.
 */
import { el, table, note } from './dom.js';
import { date, money } from './format.js';
import { currentSession, signIn, signOut } from './session.js';

/** @typedef {import('./session.js').Session} Session */

const view = /** @type {HTMLElement} */ (document.getElementById('view'));
const status = /** @type {HTMLElement} */ (document.getElementById('status'));
const nav = /** @type {HTMLElement} */ (document.getElementById('nav'));
const signInSection = /** @type {HTMLElement} */ (document.getElementById('sign-in'));

/** @type {Session | null} */
let session = null;

/** @param {string} text */
const announce = (text) => {
  status.textContent = text;
};

/** @param {string} number */
const invoiceLink = (number) => el('a', { href: `#invoice/${encodeURIComponent(number)}` }, [number]);
/** @param {string} id @param {string} name */
const customerLink = (id, name) => el('a', { href: `#customer/${encodeURIComponent(id)}` }, [name]);

/** @param {any[]} items @param {string} caption */
function invoiceTable(items, caption) {
  if (items.length === 0) return note('No invoices.');
  return table({
    caption,
    columns: ['Invoice', 'Customer', 'Due', 'Balance', 'Status'],
    numeric: [3],
    rows: items.map((item) => [
      invoiceLink(item.invoiceNumber),
      customerLink(item.customer.id, item.customer.name),
      date(item.extendedDueDate ?? item.dueDate),
      money(item.balance, item.currency),
      [item.status, item.disputed ? ' · disputed' : '', item.pausedUntil ? ` · paused until ${date(item.pausedUntil.slice(0, 10))}` : '', item.promisedFor ? ` · promised ${date(item.promisedFor)}` : ''].join(''),
    ]),
  });
}

/** @param {string} title @param {(Node | string)[]} children */
const card = (title, children) => el('section', { class: 'ws-card', 'aria-label': title }, [el('h2', {}, [title]), ...children]);

/** @param {Session} s */
async function showWorklist(s) {
  const page = await s.api.get('worklist?limit=50');
  const list =
    page.items.length === 0
      ? note('Nothing needs you today.')
      : table({
          caption: 'Invoices that need a person today, highest priority first',
          columns: ['Invoice', 'Customer', 'Balance', 'Priority', 'Why'],
          numeric: [2, 3],
          rows: page.items.map((/** @type {any} */ item) => [
            invoiceLink(item.invoiceNumber),
            customerLink(item.customer.id, item.customer.name),
            money(item.balance, item.currency),
            String(item.priority.score),
            item.priority.reasons.map((/** @type {any} */ reason) => `${reason.detail} (+${reason.points})`).join('; '),
          ]),
        });
  render('Worklist', [card('Today', [list])]);
}

/** @param {Session} s @param {string} text */
async function showSearch(s, text) {
  const q = encodeURIComponent(text);
  const [invoices, customers] = await Promise.all([s.api.get(`invoices?q=${q}&limit=25`), s.api.get(`customers?q=${q}&limit=25`)]);
  render(`Search: ${text}`, [
    card('Invoices', [invoiceTable(invoices.items, `Invoices matching ${text}`)]),
    card('Customers', [
      customers.items.length === 0
        ? note('No customers.')
        : el('ul', { class: 'ws-list' }, customers.items.map((/** @type {any} */ customer) => el('li', {}, [customerLink(customer.customerId, customer.name), ` · ${customer.email}`]))),
    ]),
  ]);
}

/** @param {any} event */
function timelineEntry(event) {
  const detail = event.detail ?? {};
  const parts = [event.type];
  if (detail.by) parts.push(`by ${detail.by}`);
  if (detail.text) parts.push(`“${detail.text}”`);
  if (detail.until) parts.push(`until ${detail.until.slice(0, 10)}`);
  if (detail.date) parts.push(`for ${detail.date}`);
  if (detail.stage) parts.push(detail.stage);
  return el('li', {}, [el('time', { datetime: event.at }, [event.at.replace('T', ' ').slice(0, 16)]), parts.join(' · ')]);
}

/**
 * One action form: its fields, a submit button, and an error line; on success the page reloads the invoice.
 * @param {Session} s @param {string} number @param {{ name: string, label: string, fields: HTMLElement[], body: (form: HTMLFormElement) => unknown }} spec
 */
function actionForm(s, number, spec) {
  const error = el('p', { class: 'error', role: 'alert', id: `error-${spec.name}` });
  const form = el('form', { 'aria-label': spec.label }, [...spec.fields, el('button', { type: 'submit' }, [spec.label]), error]);
  form.addEventListener('submit', async (submitted) => {
    submitted.preventDefault();
    error.textContent = '';
    try {
      await s.api.post(`invoices/${encodeURIComponent(number)}/${spec.name}`, spec.body(form));
      announce(`${spec.label}: done`);
      await route();
    } catch (failure) {
      error.textContent = failure instanceof Error ? failure.message : String(failure);
    }
  });
  return form;
}

/** @param {string} id @param {string} label @param {Record<string, string | number | boolean>} attributes */
const field = (id, label, attributes) => el('div', {}, [el('label', { for: id }, [label]), el(attributes['type'] === 'textarea' ? 'textarea' : 'input', { id, name: id, ...attributes, type: attributes['type'] === 'textarea' ? null : String(attributes['type']) })]);

/** @param {HTMLFormElement} form @param {string} name */
const valueOf = (form, name) => /** @type {HTMLInputElement} */ (form.elements.namedItem(name)).value;

/** @param {Session} s @param {string} number */
async function showInvoice(s, number) {
  const { invoice, notices, timeline } = await s.api.get(`invoices/${encodeURIComponent(number)}`);
  const facts = el('dl', { class: 'ws-facts' }, [
    ...[
      ['Status', invoice.status],
      ['Balance', money(invoice.balance, invoice.currency)],
      ['Due', date(invoice.extendedDueDate ?? invoice.dueDate)],
      ['Customer', invoice.customer?.name ?? ''],
      ['Paused until', invoice.pausedUntil ? invoice.pausedUntil.slice(0, 10) : '—'],
      ['Promise', invoice.promise?.date ?? '—'],
    ].flatMap(([term, value]) => [el('dt', {}, [term ?? '']), el('dd', {}, [value ?? ''])]),
  ]);
  const children = [card('Summary', [facts, el('p', {}, [customerLink(invoice.customer?.id ?? '', `All of ${invoice.customer?.name ?? 'the customer'}'s invoices`)])])];
  if (s.canWrite && invoice.status === 'open') {
    children.push(
      card('Actions', [
        el('div', { class: 'ws-actions' }, [
          actionForm(s, number, { name: 'notes', label: 'Log call', fields: [field('call-text', 'What was said', { type: 'textarea', required: true, maxlength: 2000 })], body: (form) => ({ kind: 'call', text: valueOf(form, 'call-text') }) }),
          actionForm(s, number, { name: 'notes', label: 'Add note', fields: [field('note-text', 'Note', { type: 'textarea', required: true, maxlength: 2000 })], body: (form) => ({ kind: 'note', text: valueOf(form, 'note-text') }) }),
          actionForm(s, number, { name: 'pause', label: 'Pause', fields: [field('pause-until', 'Pause collection until', { type: 'date', required: true })], body: (form) => ({ until: valueOf(form, 'pause-until') }) }),
          actionForm(s, number, { name: 'resume', label: 'Resume', fields: [], body: () => ({}) }),
          actionForm(s, number, { name: 'promise', label: 'Record promise', fields: [field('promise-date', 'Promised payment date (by phone)', { type: 'date', required: true })], body: (form) => ({ date: valueOf(form, 'promise-date') }) }),
        ]),
      ]),
    );
  }
  children.push(
    card('Notices', [
      notices.length === 0
        ? note('No notice sent yet.')
        : table({ caption: 'Notices of this invoice', columns: ['Stage', 'Status', 'At'], rows: notices.map((/** @type {any} */ notice) => [notice.stage, notice.status, notice.at ? notice.at.slice(0, 16).replace('T', ' ') : '—']) }),
    ]),
    card('Timeline', [el('ol', { class: 'ws-timeline' }, [...timeline].reverse().map(timelineEntry))]),
  );
  render(`Invoice ${number}`, children);
}

/** @param {Session} s @param {string} id */
async function showCustomer(s, id) {
  const [profile, invoices] = await Promise.all([s.api.get(`customers/${encodeURIComponent(id)}`).catch(() => null), s.api.get(`invoices?customerId=${encodeURIComponent(id)}&limit=100`)]);
  const customer = profile?.customer ?? profile ?? {};
  const facts = el('dl', { class: 'ws-facts' }, [
    ...[
      ['Account owner', customer.accountOwner ?? '—'],
      ['Policy', customer.policy ?? 'default'],
      ['Segments', (customer.tags ?? []).join(', ') || '—'],
      ['Contacts', (customer.contacts ?? []).join(', ') || '—'],
    ].flatMap(([term, value]) => [el('dt', {}, [term ?? '']), el('dd', {}, [value ?? ''])]),
  ]);
  render(`Customer ${id}`, [card('Account', [facts]), card('Invoices', [invoiceTable(invoices.items, `Invoices of ${id}`)])]);
}

/** @param {string} title @param {Node[]} children */
function render(title, children) {
  document.title = `${title} · arflow workspace`;
  view.replaceChildren(el('h2', { class: 'visually-hidden' }, [title]), ...children);
  document.body.dataset['state'] = 'ready';
  document.body.dataset['view'] = title;
}

/** Shows the view the hash names. */
async function route() {
  if (!session) return;
  const [kind, ...rest] = location.hash.replace(/^#/, '').split('/');
  const argument = decodeURIComponent(rest.join('/'));
  document.body.dataset['state'] = 'loading';
  try {
    if (kind === 'invoice' && argument) await showInvoice(session, argument);
    else if (kind === 'customer' && argument) await showCustomer(session, argument);
    else if (kind === 'search' && argument) await showSearch(session, argument);
    else await showWorklist(session);
  } catch (failure) {
    render('Error', [el('p', { class: 'error', role: 'alert' }, [failure instanceof Error ? failure.message : String(failure)])]);
  }
}

function showApp() {
  signInSection.hidden = true;
  nav.hidden = false;
  void route();
}

document.getElementById('key-form')?.addEventListener('submit', async (submitted) => {
  submitted.preventDefault();
  const input = /** @type {HTMLInputElement} */ (document.getElementById('api-key'));
  const error = /** @type {HTMLElement} */ (document.getElementById('key-error'));
  try {
    session = await signIn(input.value.trim());
    showApp();
  } catch (failure) {
    error.textContent = failure instanceof Error ? failure.message : String(failure);
  }
});
document.getElementById('search-form')?.addEventListener('submit', (submitted) => {
  submitted.preventDefault();
  const text = /** @type {HTMLInputElement} */ (document.getElementById('search')).value.trim();
  if (text) location.hash = `search/${encodeURIComponent(text)}`;
});
document.getElementById('forget-key')?.addEventListener('click', () => {
  signOut();
  location.reload();
});
globalThis.addEventListener('hashchange', () => void route());

session = await currentSession().catch(() => null);
if (session) showApp();
else signInSection.hidden = false;
