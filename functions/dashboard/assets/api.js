// @ts-check
/** Reads the arflow API of the origin that served the dashboard, with the tenant's API key. */

/** The API's root: the folder above /dashboard/, so the page works under any base path or custom domain. */
const apiRoot = new URL('../', import.meta.url);

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} message
   */
  constructor(status, message) {
    super(message);
    this.status = status;
  }

  /** The key is missing, unknown or revoked: ask for it again. */
  get refusedKey() {
    return this.status === 401 || this.status === 403;
  }
}

/**
 * @param {string} apiKey
 */
export function apiClient(apiKey) {
  return {
    /**
     * GET a JSON document; throws ApiError with the API's own message on any non-2xx answer.
     * @param {string} path e.g. "reports/aging?asOf=2026-11-20" (relative to the API root)
     * @returns {Promise<any>}
     */
    async get(path) {
      let response;
      try {
        response = await fetch(new URL(path, apiRoot), { headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json' }, cache: 'no-store' });
      } catch (error) {
        throw new ApiError(0, `the API could not be reached (${error instanceof Error ? error.message : String(error)})`);
      }
      const text = await response.text();
      /** @type {any} */
      let body;
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        body = undefined;
      }
      if (!response.ok) {
        const message = body?.error?.message ?? body?.message ?? response.statusText;
        throw new ApiError(response.status, `${message} (HTTP ${response.status})`);
      }
      if (body === undefined) throw new ApiError(response.status, 'the API answered something that is not JSON');
      return body;
    },

    /**
     * POST a JSON body (the workspace's actions); throws ApiError with the API's message and the first field it names.
     * @param {string} path relative to the API root, e.g. "invoices/INV-1/notes"
     * @param {unknown} body
     * @returns {Promise<any>}
     */
    async post(path, body) {
      let response;
      try {
        response = await fetch(new URL(path, apiRoot), {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json', 'content-type': 'application/json' },
          body: JSON.stringify(body),
          cache: 'no-store',
        });
      } catch (error) {
        throw new ApiError(0, `the API could not be reached (${error instanceof Error ? error.message : String(error)})`);
      }
      const text = await response.text();
      /** @type {any} */
      let answer;
      try {
        answer = text ? JSON.parse(text) : {};
      } catch {
        answer = {};
      }
      if (!response.ok) {
        const issue = answer?.error?.issues?.[0];
        const message = issue ? `${issue.path}: ${issue.message}` : (answer?.error?.message ?? response.statusText);
        throw new ApiError(response.status, `${message} (HTTP ${response.status})`);
      }
      return answer;
    },
  };
}

/** @typedef {ReturnType<typeof apiClient>} Api */
