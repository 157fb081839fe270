// @ts-check
/**
 * Who is using the workspace and what they may do: the one place sign-in and roles plug in. Today the
 * tenant's API key is pasted (kept in this tab's sessionStorage, shared with the dashboard); `GET /me`
 * names the caller's scopes once sign-in is deployed, and without `write` the action buttons are not
 * shown. While /me does not exist (404) every button is shown: the API refuses what a key may not do anyway.
 */
import { apiClient, ApiError } from './api.js';

const KEY_STORAGE = 'arflow.apiKey';

/** @typedef {{ api: import('./api.js').Api, canWrite: boolean, actor: string | null }} Session */

/** The stored key's session, or null when the page must ask for a key. @returns {Promise<Session | null>} */
export async function currentSession() {
  const apiKey = sessionStorage.getItem(KEY_STORAGE);
  return apiKey ? sessionFor(apiKey) : null;
}

/** @param {string} apiKey @returns {Promise<Session>} */
export async function signIn(apiKey) {
  const session = await sessionFor(apiKey);
  sessionStorage.setItem(KEY_STORAGE, apiKey);
  return session;
}

export function signOut() {
  sessionStorage.removeItem(KEY_STORAGE);
}

/** @param {string} apiKey @returns {Promise<Session>} */
async function sessionFor(apiKey) {
  const api = apiClient(apiKey);
  try {
    const me = await api.get('me');
    const scopes = Array.isArray(me.scopes) ? me.scopes : [];
    return { api, canWrite: scopes.includes('write') || scopes.includes('admin'), actor: typeof me.actor === 'string' ? me.actor : null };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      // No /me yet: check the key on a cheap list, then show everything.
      await api.get('customers?limit=1');
      return { api, canWrite: true, actor: null };
    }
    throw error;
  }
}
