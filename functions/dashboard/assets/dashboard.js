// @ts-check
/**
 * The dashboard's entry point: asks for the tenant's API key once (kept in sessionStorage, so it is
 * forgotten with the tab), then loads the panels in two requests (the reports' overview, and the
 * disputes). When the overview fails, each panel is loaded from its own report, so one failing report
 * shows its error in its panel and the others still show their figures.
 */
import { ApiError, apiClient } from './api.js';
import { el } from './dom.js';
import { addDays, date, startOfMonthBefore } from './format.js';
import { renderAging, renderDso, renderForecast } from './panels.js';
import { renderDisputes, renderEscalations, renderRisk } from './work-lists.js';

const KEY_STORAGE = 'arflow.apiKey';
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * @template {HTMLElement} T
 * @param {string} id
 * @param {new () => T} type
 * @returns {T}
 */
function byId(id, type) {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`the page has no #${id}`);
  return found;
}

const signIn = byId('sign-in', HTMLElement);
const keyForm = byId('key-form', HTMLFormElement);
const keyInput = byId('api-key', HTMLInputElement);
const keyError = byId('key-error', HTMLElement);
const panels = byId('panels', HTMLElement);
const asOfForm = byId('as-of-form', HTMLFormElement);
const asOfInput = byId('as-of', HTMLInputElement);
const asOfLabel = byId('as-of-label', HTMLElement);
/** Announced to screen readers once the figures are in (the panels themselves are not live regions: too much to read out). */
const statusLine = byId('status', HTMLElement);

/** @param {'sign-in' | 'loading' | 'ready'} state  what a test (or a screen reader user) waits for */
function setState(state) {
  document.body.dataset['state'] = state;
}

/** @param {string} [message] why the key is asked for again */
function askForKey(message = '') {
  sessionStorage.removeItem(KEY_STORAGE);
  panels.hidden = true;
  asOfForm.hidden = true;
  signIn.hidden = false;
  keyError.textContent = message;
  setState('sign-in');
  keyInput.focus();
}

/** @param {string} name */
function panelBody(name) {
  const body = document.querySelector(`#panel-${name} .panel-body`);
  if (!(body instanceof HTMLElement)) throw new Error(`the page has no panel ${name}`);
  return body;
}

/**
 * @param {string} name
 * @param {'loading' | 'ready' | 'error'} state
 */
function markPanel(name, state) {
  const section = byId(`panel-${name}`, HTMLElement);
  section.dataset['state'] = state;
  section.setAttribute('aria-busy', String(state === 'loading'));
}

/** Counts loads, so that an answer to an earlier load (before the date changed) is dropped. */
let currentLoad = 0;

/**
 * Loads one panel; an error is shown in the panel (a refused key sends the reader back to the key form).
 * @param {number} load which load this is
 * @param {string} name
 * @param {string} what for the error message
 * @param {() => Promise<any>} request
 * @param {(body: HTMLElement, data: any) => void} render
 * @returns {Promise<any>} the API's answer, or undefined after an error
 */
async function loadPanel(load, name, what, request, render) {
  const body = panelBody(name);
  try {
    const data = await request();
    if (load !== currentLoad) return data;
    render(body, data);
    markPanel(name, 'ready');
    return data;
  } catch (error) {
    if (error instanceof ApiError && error.refusedKey) throw error;
    if (load !== currentLoad) return undefined;
    const message = error instanceof Error ? error.message : String(error);
    body.replaceChildren(el('p', { class: 'error', role: 'alert' }, [`Could not load ${what}: ${message}`]));
    markPanel(name, 'error');
    return undefined;
  }
}

function requestedAsOf() {
  const asOf = new URLSearchParams(location.search).get('asOf');
  return asOf !== null && DATE.test(asOf) ? asOf : undefined;
}

/** @param {string} apiKey */
async function showDashboard(apiKey) {
  const api = apiClient(apiKey);
  const load = ++currentLoad;
  signIn.hidden = true;
  panels.hidden = false;
  asOfForm.hidden = false;
  setState('loading');
  statusLine.textContent = 'Loading the figures…';
  for (const name of ['aging', 'dso', 'forecast', 'escalations', 'disputes', 'risk']) {
    markPanel(name, 'loading');
    panelBody(name).replaceChildren(el('p', { class: 'loading' }, ['Loading…']));
  }
  try {
    const requested = requestedAsOf();
    // The disputes are not a report: they load beside the overview.
    const [overview] = await Promise.all([loadOverview(load, api, requested), loadPanel(load, 'disputes', 'the disputes', () => api.get('disputes'), renderDisputes)]);
    if (load !== currentLoad) return;
    if (overview) {
      finish(overview.asOf);
      return;
    }
    // Aging first: without a date in the URL its answer carries the API's today, which the others then use.
    const aging = await loadPanel(load, 'aging', 'the aging report', () => api.get(`reports/aging${requested ? `?asOf=${requested}` : ''}`), renderAging);
    if (load !== currentLoad) return;
    const asOf = aging?.asOf ?? requested ?? new Date().toISOString().slice(0, 10);
    showAsOf(asOf);
    const query = `asOf=${encodeURIComponent(asOf)}`;
    await Promise.all([
      loadPanel(
        load,
        'dso',
        'the DSO trend',
        async () => {
          const [recent, monthly] = await Promise.all([api.get(`reports/kpis?from=${addDays(asOf, -89)}&to=${asOf}`), api.get(`reports/kpis?from=${startOfMonthBefore(asOf, 11)}&to=${asOf}&interval=month`)]);
          return { recent, monthly };
        },
        renderDso,
      ),
      loadPanel(load, 'forecast', 'the cash forecast', () => api.get(`reports/forecast?${query}`), renderForecast),
      loadPanel(load, 'escalations', 'the escalations', () => api.get('escalations'), renderEscalations),
      loadPanel(load, 'risk', 'the customer risk scores', () => api.get(`reports/risk?${query}`), renderRisk),
    ]);
    if (load !== currentLoad) return;
    finish(asOf);
  } catch (error) {
    if (load !== currentLoad) return;
    if (error instanceof ApiError && error.refusedKey) {
      askForKey(`The API refused this key (HTTP ${error.status}). Check it and enter it again.`);
      return;
    }
    throw error;
  }
}

/**
 * Every report panel from GET /reports/overview (one read of the rows on the server). Undefined when it
 * failed for any reason but a refused key: the caller then loads each panel on its own.
 * @param {number} load
 * @param {import('./api.js').Api} api
 * @param {string | undefined} requested
 * @returns {Promise<{ asOf: string } | undefined>}
 */
async function loadOverview(load, api, requested) {
  let overview;
  try {
    overview = await api.get(`reports/overview${requested ? `?asOf=${requested}` : ''}`);
  } catch (error) {
    if (error instanceof ApiError && error.refusedKey) throw error;
    return undefined;
  }
  if (load !== currentLoad) return overview;
  showAsOf(overview.asOf);
  /** @type {[string, string, any, (body: HTMLElement, data: any) => void][]} */
  const parts = [
    ['aging', 'the aging report', overview.aging, renderAging],
    ['dso', 'the DSO trend', overview.dso, renderDso],
    ['forecast', 'the cash forecast', overview.forecast, renderForecast],
    ['escalations', 'the escalations', overview.escalations, renderEscalations],
    ['risk', 'the customer risk scores', overview.risk, renderRisk],
  ];
  await Promise.all(parts.map(([name, what, data, render]) => loadPanel(load, name, what, async () => data, render)));
  return overview;
}

/** @param {string} asOf */
function showAsOf(asOf) {
  asOfInput.value = asOf;
  asOfLabel.textContent = `as of ${date(asOf)}`;
}

/** @param {string} asOf */
function finish(asOf) {
  const failed = document.querySelectorAll('.panel[data-state="error"]').length;
  statusLine.textContent = `Figures as of ${date(asOf)} loaded${failed > 0 ? `; ${failed} panel${failed === 1 ? '' : 's'} could not be loaded` : ''}.`;
  setState('ready');
}

keyForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const apiKey = keyInput.value.trim();
  keyInput.value = '';
  if (apiKey === '') return;
  sessionStorage.setItem(KEY_STORAGE, apiKey);
  void showDashboard(apiKey);
});

asOfForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const url = new URL(location.href);
  if (DATE.test(asOfInput.value)) url.searchParams.set('asOf', asOfInput.value);
  else url.searchParams.delete('asOf');
  history.replaceState(null, '', url);
  const apiKey = sessionStorage.getItem(KEY_STORAGE);
  if (apiKey) void showDashboard(apiKey);
  else askForKey();
});

byId('forget-key', HTMLButtonElement).addEventListener('click', () => askForKey('The key is forgotten. Enter it again to see the figures.'));

const storedKey = sessionStorage.getItem(KEY_STORAGE);
if (storedKey) void showDashboard(storedKey);
else askForKey();
